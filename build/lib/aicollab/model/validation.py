"""Turning what a learner typed into a number, or a plain-English ``ValueError``.

Shared by the value model, the deal terms and anything else that accepts numbers from
learners, so that every module words the same mistake the same way.
"""

from __future__ import annotations

import math


def finite_number(x, what: str) -> float:
    """Convert ``x`` to float and insist it is a real, finite number (``what`` names it)."""
    if isinstance(x, bool):
        raise ValueError(f"{what} must be a number, got {x!r}")
    try:
        f = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {x!r}") from None
    if math.isnan(f):
        raise ValueError(f"{what} is NaN (not a number)")
    if math.isinf(f):
        raise ValueError(f"{what} is infinite; it must be a finite number")
    return f


def bounded_number(x, what: str, *, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> float:
    """A finite number within ``[lo, hi]`` (or ``(lo, hi]`` when ``lo_open``)."""
    f = finite_number(x, what)
    if lo is not None and (f < lo or (lo_open and f == lo)):
        raise ValueError(f"{what} must be {'greater than' if lo_open else 'at least'} {lo:g}, got {f:g}")
    if hi is not None and f > hi:
        raise ValueError(f"{what} must be at most {hi:g}, got {f:g}")
    return f
