"""Message helpers: how a refusal quotes a value, writes a number and ends its sentence.

:func:`excerpt` quotes a value in at most ``messages.excerpt_chars`` characters, as JSON writes a
string (Python and the browser both produce it natively), with every invisible character written
as an escape; :func:`number_text` writes a number as JavaScript's ``String(number)`` does;
:func:`sentence` gives a message its capital and full stop; :func:`bounded` cuts a message to
``messages.max_chars``; :func:`printable` makes text safe to print on a terminal.
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .rules import char_pattern, message_rules

__all__ = ["bounded", "char_label", "excerpt", "kind_of", "number_text", "printable", "sentence"]


def char_label(ch: str) -> str:
    """'U+200B ZERO WIDTH SPACE': how a message names one character."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        name = "LONE SURROGATE (HALF OF A BROKEN CHARACTER)"
    else:
        name = unicodedata.name(ch, "") or {0: "NULL", 0x1B: "ESCAPE", 0x7F: "DELETE"}.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", '"': '\\"', "\\": "\\\\"}


def _escaped(ch: str) -> str:
    """One character as it appears inside an excerpt's quotes."""
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if ch in "\u2028\u2029" or char_pattern("control", "surrogate", "format", "blank", "bidi").match(ch):
        code = ord(ch)
        return f"\\u{code:04x}" if code <= 0xFFFF else "\\u{" + f"{code:x}" + "}"
    return ch


def kind_of(value: Any) -> str:
    """A value described by its kind, for messages that must not quote it whole."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes/no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, Mapping):
        return f"a set of {len(value):,} named value{'s' if len(value) != 1 else ''}"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value):,} item{'s' if len(value) != 1 else ''}"
    return f"a {type(value).__name__}"


def number_text(x: Any) -> str:
    """A number as JavaScript's ``String(x)`` writes it ("1", "0.5", "1e+22", "1e-7").

    Integers are written through their nearest float (as the browser holds them); integers and
    floats beyond the float range are described, never printed digit by digit.
    """
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, numbers.Integral):
        if abs(int(x)).bit_length() > 1000:
            return "a number too large to write"
        x = float(int(x))
    try:
        f = float(x)
    except (TypeError, ValueError, OverflowError):
        return "a number too large to write"
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if f == 0:
        return "0"
    sign = "-" if f < 0 else ""
    digits_t = Decimal(repr(abs(f))).normalize().as_tuple()
    digits = "".join(map(str, digits_t.digits))
    k = len(digits)
    n = digits_t.exponent + k  # value = 0.digits * 10**n
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        body = digits[0] + ("." + digits[1:] if k > 1 else "") + ("e+" if e >= 0 else "e-") + str(abs(e))
    return sign + body


def excerpt(value: Any, limit: int | None = None) -> str:
    """A short, safe quotation of ``value`` for a message.

    Text is quoted as JSON writes a string, with every invisible character (control, format,
    bidi, blank, lone surrogate, U+2028/9) written as an escape, so a message never carries a
    terminal escape, a bidi override or a broken character; the quoted text is at most ``limit``
    characters (default ``messages.excerpt_chars`` of the rules file; a cut is marked "…"). Numbers are
    written by :func:`number_text`; lists and sets of named values are described by their size.
    """
    limit = limit or message_rules()["excerpt_chars"]
    if isinstance(value, str):
        out, used = [], 0
        for ch in value:
            piece = _escaped(ch)
            if used + len(piece) > limit - 1:
                out.append("…")
                break
            out.append(piece)
            used += len(piece)
        return '"' + "".join(out) + '"'
    if value is None:
        return "null"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, numbers.Number):
        return number_text(value)
    return kind_of(value)


def bounded(message: str, limit: int | None = None) -> str:
    """``message`` cut to at most ``messages.max_chars`` characters (the cut marked "…")."""
    limit = limit or message_rules()["max_chars"]
    return message if len(message) <= limit else message[: limit - 1] + "…"


def sentence(message: str) -> str:
    """``message`` as a sentence: first letter capitalised, a full stop unless it already ends
    in one of ``messages.sentence_ends`` (so a message ending in ")" gets its stop)."""
    text = message.strip()
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if text[-1] not in message_rules()["sentence_ends"]:
        text += "."
    return text


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` safe to print on a terminal: controls, bidi and broken characters escaped.

    File names and answers come from learners; a name holding an ANSI escape sequence must not
    recolour or rewrite the instructor's terminal, a right-to-left override must not reorder the
    line, a newline in a file name must not forge a report line (``keep_newlines=False``) and a
    lone surrogate must not crash the print.
    """
    pattern = char_pattern("control", "surrogate", "bidi")
    out = []
    for ch in text:
        if (ch == "\n" and keep_newlines) or ch == "\t" or not pattern.match(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}")
    return "".join(out)
