"""Turning what a learner typed into a number the model can use, or a plain-English ``ValueError``.

Shared by the value model, the deal terms and anything else that accepts numbers from
learners, so that every module words the same mistake the same way. Built on the kit's input
boundary (:mod:`aicollab.inputs`): every refusal is an :class:`~aicollab.inputs.InputError`
(a ``ValueError``), and a 5,000-digit integer or ``10**400`` is refused in words, never with
Python's ``OverflowError``.

Two kinds of number, two rules (issue 17: no silently wrong or non-finite result):

- **amounts** (money, coalition values, outside options, splits) and the deal's assumptions
  are at most :data:`MAX_MAGNITUDE` in size (the kit's ``numbers.max_abs``, 10^15): sums
  over every group of up to eight partners then stay far from the float range, so results are
  finite and readable; a total must lie between :data:`MIN_TOTAL` and :data:`MAX_TOTAL`;
- **ratios** (importance weights of a rule, bargaining power, rough supply amounts): only
  their proportions matter, so any finite size is accepted and :func:`rescaled` scales them
  by a power of two (exact in binary floating point) before they are added up.

Every result passes :func:`finite_result` before it is returned.
"""

from __future__ import annotations

import math

import numpy as np

import aicollab.inputs as inputs
from aicollab.inputs import InputError

#: The largest size of any amount or assumption the model takes (the kit's numbers.max_abs).
MAX_MAGNITUDE = float(inputs.number_rules()["max_abs"])
#: The partnership's total value, in its money unit (by default £k): from a thousandth of a
#: unit to a trillion units, so that the value in pounds stays within MAX_MAGNITUDE.
MIN_TOTAL = 1e-6
MAX_TOTAL = 1e12


def finite_number(x, what: str) -> float:
    """Convert ``x`` to float and insist it is a real, finite number (``what`` names it)."""
    return inputs.finite_number(x, what)


def amount(x, what: str, *, hi: float = MAX_MAGNITUDE) -> float:
    """A finite number at most ``hi`` in size (an amount of money or value)."""
    f = finite_number(x, what)
    if abs(f) > hi:
        raise InputError(f"{what} must be at most {inputs.number_text(hi)} in size, got {inputs.number_text(f)}")
    return f


def bounded_number(x, what: str, *, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> float:
    """A finite number within ``[lo, hi]`` (or ``(lo, hi]`` when ``lo_open``), at most
    :data:`MAX_MAGNITUDE` in size."""
    f = inputs.bounded_number(x, what, lo=lo, hi=hi, lo_open=lo_open)
    return amount(f, what)


def rescaled(values) -> np.ndarray:
    """``values`` times a power of two so that the largest size lies in [0.5, 1).

    Exact in binary floating point (only the exponent changes), so proportions are kept, and
    sums of up to millions of such numbers cannot overflow. For ratios only: weights, power.
    """
    arr = np.asarray(values, dtype=float)
    largest = float(np.max(np.abs(arr))) if arr.size else 0.0
    if largest == 0.0 or not math.isfinite(largest):
        return arr.copy()
    return np.ldexp(arr, -math.frexp(largest)[1])


def finite_result(values, what: str) -> None:
    """Refuse to return a non-finite number: the last guard of every model function."""
    arr = np.asarray(values, dtype=float)
    if not np.isfinite(arr).all():
        raise InputError(
            f"{what} could not be computed reliably: the numbers are too large or too small "
            f"(keep amounts within {inputs.number_text(MAX_MAGNITUDE)})"
        )
