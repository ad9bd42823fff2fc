"""Learners' files at the boundary: bytes to text (one encoding rule) and JSON text to values.

The encoding rule (``byte_order_marks`` in ``rules.json``; the browser applies the same table
with ``TextDecoder(label, {fatal: true})``, never ``FileReader.readAsText``, which silently
replaces bad bytes):

- a UTF-32 byte-order mark: refused ("save it as UTF-8");
- ``EF BB BF``: UTF-8, the mark removed;
- ``FF FE`` / ``FE FF``: UTF-16 (Notepad's "Unicode"), little or big endian, for formats whose
  rule says ``utf16: true`` (drafts, poll files); refused for the others (CSV, datapackage.json);
- anything else: strict UTF-8 (any invalid byte, overlong form or encoded surrogate refused).

Then: a NUL character means the file is not text. Sizes are checked before decoding.

JSON: :func:`parse_json` runs :func:`aicollab.inputs.jsonscan.scan` first, then ``json.loads``.
Per format (``duplicate_keys`` and ``bad_numbers`` in the rules file) a problem is refused with
an :class:`InputError`, or *flagged*: the file is read, the first of two equal keys is kept, a
bad number becomes a :class:`BadNumber`, and every such problem is returned as a
:class:`Note` for the reader to report (the room poll does this: it cannot ask anyone).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .jsonscan import Problem, path_text, scan
from .messages import char_label
from .rules import _rules, char_pattern, format_rules, number_rules

__all__ = ["BadNumber", "Note", "decode_bytes", "parse_json", "read_bytes", "read_json", "find_broken_text"]


@dataclass(frozen=True)
class BadNumber:
    """A number literal the format cannot hold (too many digits, out of range, NaN/Infinity)."""

    literal: str
    problem: str

    def __repr__(self) -> str:
        return f"BadNumber({self.literal})"


@dataclass(frozen=True)
class Note:
    """A problem a flagging reader kept going past: where (path, line) and what."""

    path: tuple
    problem: str
    line: int | None = None
    kind: str = ""  # as in jsonscan.Problem: "duplicate", "number", "constant"

    @property
    def where(self) -> str:
        return path_text(self.path)


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} bytes"


def check_size(size: int, fmt: str, file=None) -> None:
    """Refuse a file larger than the format's ``max_bytes`` (before reading or decoding it)."""
    limit = format_rules(fmt)["max_bytes"]
    if size > limit:
        what = format_rules(fmt)["what"]
        raise InputError(f"too big: {_kb(size)} (a {what} is at most {_kb(limit)})", file=file)


def read_bytes(path: str | os.PathLike, fmt: str) -> bytes:
    """A file's bytes, read-only and size-checked first (regular files only, links not followed)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    name = Path(path).name
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except OSError as error:
        raise InputError(f"could not be opened ({error.strerror or error})", file=name) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError("not a regular file", file=name)
    with os.fdopen(fd, "rb") as handle:
        check_size(info.st_size, fmt, name)
        limit = format_rules(fmt)["max_bytes"]
        data = handle.read(limit + 1)
    check_size(len(data), fmt, name)
    return data


def _line_of(data: bytes, index: int) -> int:
    return data[:index].count(b"\n") + 1


def decode_bytes(data: bytes, fmt: str, file=None) -> str:
    """``data`` as text by the encoding rule above, or :class:`InputError` saying how to save it."""
    check_size(len(data), fmt, file)
    rule = format_rules(fmt)
    encoding, body = "utf-8", data
    for mark in _rules()["byte_order_marks"]:
        prefix = bytes.fromhex(mark["bytes"])
        if data.startswith(prefix):
            if "refuse" in mark:
                raise InputError(f"{mark['refuse']} text; open it and save it as UTF-8", file=file)
            encoding, body = mark["encoding"], data[len(prefix) :]
            break
    if encoding.startswith("utf-16") and not rule.get("utf16"):
        raise InputError('UTF-16 text ("Unicode"); open it and save it as UTF-8', file=file)
    if encoding == "utf-8" and b"\x00" in body:
        if body.count(b"\x00") * 3 >= len(body):
            raise InputError("UTF-16 text without a byte-order mark; open it and save it as UTF-8", file=file)
        raise InputError("binary data, not text (it holds a NUL byte)", file=file)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-8":
            bad = body[error.start]
            raise InputError(
                f"not UTF-8 text (byte 0x{bad:02x}); open it and save it as UTF-8",
                file=file,
                line=_line_of(body, error.start),
            ) from None
        raise InputError("not valid UTF-16 text; open it and save it as UTF-8", file=file) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "binary data, not text (it holds a NUL character)", file=file, line=text.count("\n", 0, nul) + 1
        )
    return text


def _problem_error(problem: Problem, file) -> InputError:
    where = path_text(problem.path) if problem.path else None
    return InputError(problem.message, file=file, line=problem.line, field=where)


def _hooks():
    limits = number_rules()

    def parse_int(text: str):
        digits = len(text.lstrip("-"))
        if digits > limits["max_digits"]:
            return BadNumber(text[:24], f"a number with {digits:,} digits")
        value = int(text)
        if abs(value) > limits["max_abs"]:
            return BadNumber(text[:24], "a number out of range")
        return value

    def parse_float(text: str):
        value = float(text)
        if not abs(value) <= limits["max_abs"]:
            return BadNumber(text[:24], "a number out of range")
        return value

    def parse_constant(text: str):
        return BadNumber(text, "not a number (NaN)" if text == "NaN" else "infinite")

    def object_pairs(pairs):
        out: dict = {}
        for key, value in pairs:
            if key not in out:  # the first of two equal keys counts (the scan has noted the second)
                out[key] = value
        return out

    return dict(
        parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant, object_pairs_hook=object_pairs
    )


def parse_json(text: str, fmt: str, file=None) -> tuple[Any, list[Note]]:
    """(value, notes) of JSON ``text`` read by the rules of ``fmt``; :class:`InputError` when refused.

    Refused always: nesting deeper than the format allows, an unclosed text value, and text that
    is not JSON (the parser's line and column are given). Refused or flagged per format:
    duplicate keys and bad numbers (see the module notes).
    """
    rule = format_rules(fmt)
    result = scan(text, max_depth=rule["max_depth"])
    fatal = result.fatal
    if fatal is not None:
        raise _problem_error(fatal, file)
    notes: list[Note] = []
    for problem in result.problems:
        policy = rule["duplicate_keys"] if problem.kind == "duplicate" else rule["bad_numbers"]
        if policy == "refuse":
            raise _problem_error(problem, file)
        suffix = "; the first value counts" if problem.kind == "duplicate" else ""
        notes.append(Note(problem.path, problem.message + suffix, problem.line, problem.kind))
    try:
        value = json.loads(text, **_hooks())
    except json.JSONDecodeError as error:
        raise InputError(
            f"broken JSON ({error.msg}, column {error.colno}); the file may be cut short, or not a {rule['what']}",
            file=file,
            line=error.lineno,
        ) from None
    except RecursionError:  # cannot happen after the scan; kept as a last guard
        raise InputError(f"nested too deeply to read (at most {rule['max_depth']} levels)", file=file) from None
    return value, notes


def find_broken_text(value: Any, max_depth: int = 64) -> tuple[tuple, str] | None:
    """(path, character label) of the first key or text holding a lone surrogate, or None.

    Walks the parsed value without recursion (its depth is already bounded by the scan).
    """
    broken = char_pattern("surrogate")
    todo: list[tuple[tuple, Any]] = [((), value)]
    while todo:
        path, item = todo.pop()
        if isinstance(item, str):
            found = broken.search(item)
            if found:
                return path, char_label(found.group())
        elif isinstance(item, dict):
            for key, sub in reversed(list(item.items())):
                found = broken.search(key) if isinstance(key, str) else None
                if found:
                    return path + (key,), char_label(found.group())
                if len(path) < max_depth:
                    todo.append((path + (key,), sub))
        elif isinstance(item, list) and len(path) < max_depth:
            todo.extend((path + (i,), sub) for i, sub in reversed(list(enumerate(item))))
    return None


def read_json(source: bytes | str | os.PathLike, fmt: str, file=None) -> tuple[Any, list[Note]]:
    """Read a JSON file of format ``fmt`` (bytes, or a path) through the whole boundary.

    Size, encoding, the pre-scan, the parse, and for formats that refuse (not the poll) any
    key or text holding a broken character (a lone surrogate, written as a ``\\ud800`` escape).
    Returns (value, notes); raises :class:`InputError` naming the file, line and field.
    """
    if isinstance(source, bytes):
        data = source
    else:
        file = file if file is not None else Path(source).name
        data = read_bytes(source, fmt)
    text = decode_bytes(data, fmt, file)
    value, notes = parse_json(text, fmt, file)
    if format_rules(fmt)["broken_text"] == "refuse":
        broken = find_broken_text(value)
        if broken:
            path, label = broken
            raise InputError(f"contains a broken character ({label})", file=file, field=path_text(path))
    return value, notes
