"""A non-recursive pre-scan of JSON text, run before any recursive parser.

``json.loads`` (and the browser's ``JSON.parse``) recurse once per nesting level, keep the
last of two equal keys without a word, turn a 5,000-digit number into Python's own
"Exceeds the limit (4300 digits)" error, and (Python only) accept ``NaN`` and ``Infinity``.
:func:`scan` walks the text once with an explicit stack, so it cannot overflow, and reports,
each with its line, column and JSON path:

- nesting deeper than the format's ``max_depth`` (fatal: the text is not parsed at all);
- a key given twice in one object;
- a number literal with more than ``numbers.max_digits`` digits or beyond ``numbers.max_abs``;
- ``NaN``, ``Infinity`` or ``-Infinity`` (not JSON);
- a text value that is never closed (fatal).

Only after the scan does the ordinary parser run (:mod:`aicollab.inputs.files`); it is then
safe, because the depth is bounded. The same walk is simple to write in JavaScript (a regular
expression tokenizer and a stack), so both sides can refuse the same files for the same reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .messages import excerpt
from .rules import number_rules

#: Strings (with escapes), punctuation, NaN/Infinity, numbers (loosely: JSON checks the grammar
#: later), other words, whitespace, and any other single character.
_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|-?Infinity|NaN|-?[0-9][0-9.eE+\-]*|[A-Za-z_]+|[ \t\r\n]+|.',
    re.S,
)
_DIGITS = re.compile(r"[0-9]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Most non-fatal problems one scan records (a file with more is reported by its first ones).
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One thing the scan found: where (line, column, path of keys and indices) and what."""

    line: int
    column: int
    path: tuple
    kind: str  # "depth", "unclosed", "duplicate", "number", "constant"
    message: str
    fatal: bool = False

    @property
    def where(self) -> str:
        return path_text(self.path)


@dataclass
class Scan:
    """The result of :func:`scan`: ``problems`` in order of appearance (empty when clean)."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def fatal(self) -> Problem | None:
        return next((p for p in self.problems if p.fatal), None)

    @property
    def ok(self) -> bool:
        return not self.problems


def path_text(path: tuple) -> str:
    """A JSON path as text: ``partners[1].name``; odd keys quoted: ``weights["Fund ing"]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            out += ("." if out else "") + part
        else:
            out += f"[{excerpt(part, 40)}]"
    return out or "(the whole file)"


def _number_problem(token: str, max_digits: int, max_abs: float) -> str | None:
    mantissa = re.split(r"[eE]", token, maxsplit=1)[0]
    digits = len(_DIGITS.findall(mantissa))
    if digits > max_digits:
        return f"a number with {digits:,} digits (at most {max_digits})"
    try:
        value = float(token)
    except ValueError:
        return None  # not a number at all: the parser reports the broken JSON
    if not abs(value) <= max_abs:
        return f"a number out of range ({token[:24]}; at most {max_abs:,.0f} either way)"
    return None


def scan(text: str, *, max_depth: int, max_digits: int | None = None, max_abs: float | None = None) -> Scan:
    """Scan JSON ``text`` without recursion; see the module notes for what is reported."""
    limits = number_rules()
    max_digits = limits["max_digits"] if max_digits is None else max_digits
    max_abs = limits["max_abs"] if max_abs is None else max_abs
    result = Scan()
    # One frame per open container: [is_object, keys seen, current key or index, expecting a key]
    stack: list[list] = []
    line, line_start = 1, 0

    def add(pos: int, kind: str, message: str, fatal: bool = False) -> bool:
        path = tuple(frame[2] for frame in stack if frame[2] is not None)
        result.problems.append(Problem(line, pos - line_start + 1, path, kind, message, fatal))
        return fatal or len(result.problems) >= MAX_PROBLEMS

    for match in _TOKEN.finditer(text):
        token, pos = match.group(), match.start()
        first = token[0]
        if first in " \t\r\n":
            breaks = token.count("\n")
            if breaks:
                line += breaks
                line_start = pos + token.rfind("\n") + 1
            continue
        top = stack[-1] if stack else None
        if first in "{[":
            if len(stack) >= max_depth:
                add(pos, "depth", f"nested more than {max_depth} levels deep", fatal=True)
                return result
            stack.append([first == "{", set(), None if first == "{" else 0, first == "{"])
        elif first in "}]":
            if stack:
                stack.pop()
        elif first == ",":
            if top is not None:
                if top[0]:
                    top[3] = True
                    top[2] = None
                else:
                    top[2] = (top[2] or 0) + 1
        elif first == '"':
            if len(token) == 1:
                add(
                    pos, "unclosed", "broken JSON: a text value is never closed (the file may be cut short)", fatal=True
                )
                return result
            if top is not None and top[0] and top[3]:
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token[1:-1]
                top[3] = False
                top[2] = key
                if key in top[1]:
                    if add(pos, "duplicate", f"the key {excerpt(key, 40)} is given twice in one object"):
                        return result
                top[1].add(key)
        elif first in "-0123456789" and "Infinity" not in token:
            problem = _number_problem(token, max_digits, max_abs)
            if problem and add(pos, "number", problem):
                return result
        elif token in ("NaN", "Infinity", "-Infinity"):
            if add(pos, "constant", f"{token} is not a JSON number"):
                return result
    return result
