"""The term-sheet draft's input boundary: bytes -> text -> JSON -> checked text values.

The limits, the byte-order-mark table and the character classes are the kit's shared input
rules (``aicollab/inputs/rules.json``, format ``"draft"``); the words are the term sheet's
(``rulebook.json``, sections ``file`` and ``draft``). The book's form applies the very same
data in ``termsheet-rules.js``, so both readers open or refuse a file alike, in the same words:

* :func:`decode`: the byte-order-mark table (UTF-8 with or without a mark, UTF-16 with one as
  Windows Notepad saves it; UTF-32 refused), then strict decoding;
* :func:`scan`: a walk through the JSON text without recursion, before any parser runs: it
  accepts exactly the JSON grammar and refuses nesting deeper than the format allows, a key
  given twice in one object and number literals with too many digits or beyond the limit,
  giving the line and column (so the recursion limit, Python's 4300-digit limit and the
  parsers' own error messages are never reached);
* :func:`clean_text`: NFC, whitespace runs collapsed, broken (lone surrogate) and invisible
  characters refused with their code point and position;
* :func:`key`: when two names are the same partner (case, width and invisible joiners ignored).

Values in messages are quoted by :func:`aicollab.inputs.excerpt`; messages are bounded and
ended by :func:`aicollab.inputs.bounded` and :func:`aicollab.inputs.sentence`.
"""

from __future__ import annotations

import json
import re
import unicodedata

from aicollab.inputs import InputError, bounded, char_pattern, excerpt, format_rules, number_rules, number_text, rules

from .rulebook import RULEBOOK, fill

_MESSAGES = RULEBOOK["file"]["messages"]
_TEXT = RULEBOOK["text"]

__all__ = ["DraftFileError", "check_size", "clean_text", "collapse", "decode", "key", "read_json", "scan"]


class DraftFileError(InputError):
    """A draft file that cannot be read (the message names the file and the problem)."""


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------

_COLLAPSE = char_pattern(*_TEXT["collapse"])
_SPACE_RUN = re.compile(f"(?:{_COLLAPSE.pattern})+")
_REFUSE = char_pattern(*_TEXT["refuse"])
_ALLOW = char_pattern(*_TEXT["allow"])
_IGNORE = char_pattern(*_TEXT["ignore_when_comparing"])
_BROKEN = char_pattern("surrogate")


def collapse(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks) become one space; the ends are trimmed."""
    return _SPACE_RUN.sub(" ", text).strip(" ")


def key(text: str) -> str:
    """How names and menu entries are compared: invisible characters left out, NFKC (full-width
    letters, ligatures), whitespace collapsed and letter case ignored (lower, upper, then lower
    again, which JavaScript does the same way: "Straße" matches "STRASSE")."""
    t = collapse(unicodedata.normalize("NFKC", _IGNORE.sub("", text)))
    return t.lower().upper().lower()


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _refused(text: str):
    for i, ch in enumerate(text):
        if _REFUSE.match(ch) and not _ALLOW.match(ch):
            return i, ch
    return None


def clean_text(value: str, what: str, *, required: bool = False, max_length: int) -> str:
    """A text value as the kit keeps it, or a ValueError in the rulebook's words.

    ``value`` must already be a ``str``. Order: broken characters, NFC, whitespace,
    invisible characters, emptiness, length (in characters, i.e. code points).
    """
    msg = RULEBOOK["draft"]["messages"]
    m = _BROKEN.search(value)
    if m:
        values = {"what": what, "char": _code(m.group()), "position": m.start() + 1}
        raise InputError(bounded(fill(msg["text_broken"], values)))
    t = collapse(unicodedata.normalize("NFC", value))
    bad = _refused(t)
    if bad:
        values = {"what": what, "char": _code(bad[1]), "position": bad[0] + 1}
        raise InputError(bounded(fill(msg["text_invisible"], values)))
    if required and not t:
        raise InputError(bounded(fill(msg["text_empty"], {"what": what})))
    if len(t) > max_length:
        raise InputError(bounded(fill(msg["text_too_long"], {"what": what, "length": len(t), "max": max_length})))
    return t


# --------------------------------------------------------------------------------------
# Files: bytes -> text -> JSON
# --------------------------------------------------------------------------------------


def file_label(name: str) -> str:
    """A file name for a message: invisible characters shown as escapes, at most 60 characters."""
    return excerpt(name)[1:-1]


def _refuse(file: str, problem: str, **values) -> DraftFileError:
    what = fill(_MESSAGES[problem], values)
    return DraftFileError(bounded(fill(_MESSAGES["not_draft"], {"file": file_label(file), "problem": what})))


def check_size(size: int, file: str) -> None:
    """Refuse a file larger than the draft format's ``max_bytes``, before reading it."""
    limit = format_rules("draft")["max_bytes"]
    if size > limit:
        raise _refuse(file, "too_big", size=-(-size // 1024), max=limit // 1024)


def decode(data: bytes, file: str) -> str:
    """The text of a draft file, by the kit's byte-order-mark table (see the module docstring)."""
    check_size(len(data), file)
    codec, body = "utf-8", data
    for mark in rules()["byte_order_marks"]:
        prefix = bytes.fromhex(mark["bytes"])
        if data.startswith(prefix):
            if "refuse" in mark:
                raise _refuse(file, "refused_encoding", encoding=mark["refuse"])
            codec, body = mark["encoding"], data[len(prefix) :]
            break
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        raise _refuse(file, "not_utf16" if codec.startswith("utf-16") else "not_utf8") from None


_TOKEN = re.compile(
    r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"'  # a string
    r"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"  # a number
    r"|true|false|null|[{}\[\]:,]"
)
_SPACE = re.compile(r"[ \t\n\r]*")


def _number_problem(tok: str) -> tuple[str, dict] | None:
    limits = number_rules()
    digits = sum(c.isdigit() for c in re.split("[eE]", tok)[0])
    if digits > limits["max_digits"]:
        return "number_too_long", {"digits": digits, "max": limits["max_digits"]}
    if not abs(float(tok)) <= limits["max_abs"]:
        return "number_too_large", {"max": number_text(limits["max_abs"])}
    return None


def scan(text: str, file: str) -> None:
    """Walk the JSON text once, without recursion; raise :class:`DraftFileError` at the first problem.

    It accepts exactly the JSON grammar (so the parser that runs afterwards cannot fail), and
    refuses nesting deeper than the format's ``max_depth``, a key given twice in one object and
    numbers with too many digits or beyond ``max_abs`` (the shared input rules).
    """
    if not text.strip(" \t\n\r"):
        raise _refuse(file, "empty")
    max_depth = format_rules("draft")["max_depth"]
    # One frame per open container: [is_object, keys seen]. States: "value" (a value is
    # expected), "after" (a value ended), "key" (a key or "}" is expected), "colon".
    stack: list[list] = []
    state, pos, n = "value", 0, len(text)

    def where(at: int) -> dict:
        return {"line": text.count("\n", 0, at) + 1, "column": at - (text.rfind("\n", 0, at) + 1) + 1}

    while True:
        pos = _SPACE.match(text, pos).end()
        if pos >= n:
            if stack or state != "after":
                raise _refuse(file, "not_json", **where(pos))
            return
        m = _TOKEN.match(text, pos)
        tok = m.group() if m else ""
        first = tok[:1]
        if state == "key" and first == '"':
            name = json.loads(tok)
            if name in stack[-1][1]:
                raise _refuse(file, "duplicate_key", key=excerpt(name), **where(pos))
            stack[-1][1].add(name)
            state = "colon"
        elif state == "key" and tok == "}" and not stack[-1][1]:
            stack.pop()
            state = "after"
        elif state == "colon" and tok == ":":
            state = "value"
        elif state == "value" and tok in ("{", "["):
            if len(stack) >= max_depth:
                raise _refuse(file, "too_deep", max=max_depth, **where(pos))
            stack.append([tok == "{", set()])
            state = "key" if tok == "{" else "value"
            if tok == "[":
                after = _SPACE.match(text, pos + 1).end()
                if text.startswith("]", after):
                    stack.pop()
                    pos, state = after + 1, "after"
                    continue
        elif state == "value" and tok and first not in "{}[]:,":
            problem = _number_problem(tok) if first in "-0123456789" else None
            if problem:
                raise _refuse(file, problem[0], **problem[1], **where(pos))
            state = "after"
        elif state == "after" and stack and tok == ",":
            state = "key" if stack[-1][0] else "value"
        elif state == "after" and stack and tok == ("}" if stack[-1][0] else "]"):
            stack.pop()
        else:
            raise _refuse(file, "not_json", **where(pos))
        pos += len(tok)


def read_json(data: bytes, file: str):
    """A draft file's JSON value: :func:`decode`, :func:`scan`, then the standard parser."""
    text = decode(data, file)
    scan(text, file)
    return json.loads(text)
