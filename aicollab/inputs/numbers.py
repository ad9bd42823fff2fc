"""Numbers at the input boundary: anything a learner typed or a file held, as a finite float.

``float()`` alone is not enough: ``float(10**400)`` raises ``OverflowError``, ``float("1e400")``
is infinite although nobody typed "infinity", and formatting a 5,000-digit integer in a
message raises Python's own "Exceeds the limit (4300 digits)" error. :func:`finite_number`
handles all of these and words each refusal the same way, quoting values with
:func:`~aicollab.inputs.text.excerpt` (never whole).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from .errors import InputError
from .messages import excerpt, number_text

__all__ = ["finite_number", "bounded_number"]

#: Integers longer than this many bits are beyond the float range (about 1.8e308).
_FLOAT_BITS = 1024


def finite_number(x: Any, what: str, *, file=None) -> float:
    """``x`` as a finite float, or :class:`InputError` ("``what`` must be a number, got …")."""
    if isinstance(x, bool) or type(x).__name__ == "bool_":
        raise InputError(f"{what} must be a number, got {excerpt(x)}", file=file)
    if isinstance(x, numbers.Integral) and abs(int(x)).bit_length() > _FLOAT_BITS:
        raise InputError(f"{what} is too large to compute with (a whole number beyond 1.8e308)", file=file)
    try:
        f = float(x)
    except OverflowError:
        raise InputError(f"{what} is too large to compute with (beyond 1.8e308)", file=file) from None
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, got {excerpt(x)}", file=file) from None
    if math.isnan(f):
        raise InputError(f"{what} is NaN (not a number)", file=file)
    if math.isinf(f):
        typed_infinity = not isinstance(x, str) or "inf" in x.lower()
        if typed_infinity and not isinstance(x, numbers.Rational):
            raise InputError(f"{what} is infinite; it must be a finite number", file=file)
        raise InputError(f"{what} is too large to compute with (beyond 1.8e308)", file=file)
    return f


def bounded_number(
    x: Any, what: str, *, lo: float | None = None, hi: float | None = None, lo_open: bool = False, file=None
) -> float:
    """A finite number within ``[lo, hi]`` (or ``(lo, hi]`` when ``lo_open``)."""
    f = finite_number(x, what, file=file)
    if lo is not None and (f < lo or (lo_open and f == lo)):
        raise InputError(
            f"{what} must be {'greater than' if lo_open else 'at least'} {number_text(lo)}, got {number_text(f)}",
            file=file,
        )
    if hi is not None and f > hi:
        raise InputError(f"{what} must be at most {number_text(hi)}, got {number_text(f)}", file=file)
    return f
