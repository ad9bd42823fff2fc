"""The term-sheet draft's input boundary: bytes -> text -> JSON -> checked text values.

Everything a draft file or a learner's typing must pass before the model sees it, with the
rules and the words taken from ``rulebook.json`` (its ``file`` and ``text`` sections), so the
book's form (``termsheet-rules.js``) applies the very same ones:

* :func:`decode`: one byte-order-mark rule (UTF-8, with or without a BOM, or UTF-16 with a BOM
  as Windows Notepad saves it; UTF-32 and anything that is not valid text is refused);
* :func:`scan`: a walk through the JSON text without recursion, before any parser runs: it
  refuses text that is not JSON, nesting deeper than the format needs, a key given twice in one
  object, and number literals that are too long or too large (so Python's 4300-digit limit and
  its recursion limit are never reached, and both readers refuse the same files);
* :func:`clean_text`: NFC, whitespace collapsed, broken (lone surrogate) and invisible
  characters refused with a message that names the character and its position;
* :func:`key`: how two names are compared ("Hospital" and "HOSPITAL" are the same partner);
* :func:`quote`, :func:`describe`, :func:`bounded`, :func:`sentence`: values in messages are
  quoted as JSON quotes them, cut to a short excerpt; messages are at most 1000 characters.

When the shared input-boundary package (``aicollab/inputs``) lands, this module should use it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping

from .rulebook import RULEBOOK, fill, number_text

_FILE = RULEBOOK["file"]
_TEXT = RULEBOOK["text"]


class DraftFileError(ValueError):
    """A draft file that cannot be read (the message names the file and the problem)."""


def _char_class(ranges) -> str:
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_WS = _char_class(_TEXT["whitespace"])
_WS_RUN = re.compile(f"[{_WS}]+")
_INVISIBLE = re.compile(f"[{_char_class(_TEXT['invisible'])}]")
_JOINERS = re.compile(f"[{_char_class(_TEXT['joiners'])}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(f"[{_char_class(_TEXT['invisible'] + _TEXT['joiners'])}\ud800-\udfff]")


def text_tables() -> dict[str, list[list[int]]]:
    """The character classes of ``rulebook.json`` as Python's Unicode database gives them.

    ``tests/test_termsheet_rules.py`` requires the file to hold exactly these; after a Python
    upgrade, copy this function's result into the file's ``text`` section.
    """

    def ranges(pred) -> list[list[int]]:
        out: list[list[int]] = []
        for c in range(0x110000):
            if pred(c):
                if out and out[-1][1] == c - 1:
                    out[-1][1] = c
                else:
                    out.append([c, c])
        return out

    fillers = {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0}
    return {
        "whitespace": ranges(lambda c: chr(c).isspace()),
        "invisible": ranges(
            lambda c: (
                (unicodedata.category(chr(c)) in ("Cc", "Cf") or c in fillers)
                and not chr(c).isspace()
                and c not in (0x200C, 0x200D)
            )
        ),
    }


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------


def collapse(text: str) -> str:
    """Runs of whitespace become one space; the ends are trimmed."""
    return _WS_RUN.sub(" ", text).strip(" ")


def key(text: str) -> str:
    """How names and menu entries are compared: NFC, whitespace collapsed, joiners left out,
    letter case ignored (lower, upper, then lower again: "Straße" matches "STRASSE")."""
    t = _JOINERS.sub("", collapse(unicodedata.normalize("NFC", text)))
    return t.lower().upper().lower()


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def clean_text(value: str, what: str, *, required: bool = False, max_length: int) -> str:
    """A text value as the kit keeps it, or a ValueError in the rulebook's words.

    ``value`` must already be a ``str``. Order: broken characters, NFC, whitespace,
    invisible characters, emptiness, length (in characters, i.e. code points).
    """
    msg = RULEBOOK["draft"]["messages"]
    m = _SURROGATE.search(value)
    if m:
        position = len(value[: m.start()]) + 1
        raise ValueError(fill(msg["text_broken"], {"what": what, "char": _code(m.group()), "position": position}))
    t = collapse(unicodedata.normalize("NFC", value))
    m = _INVISIBLE.search(t)
    if m:
        raise ValueError(
            fill(msg["text_invisible"], {"what": what, "char": _code(m.group()), "position": m.start() + 1})
        )
    if required and not t:
        raise ValueError(fill(msg["text_empty"], {"what": what}))
    if len(t) > max_length:
        raise ValueError(fill(msg["text_too_long"], {"what": what, "length": len(t), "max": max_length}))
    return t


# --------------------------------------------------------------------------------------
# Values in messages, and the messages themselves
# --------------------------------------------------------------------------------------


def quote(text: str) -> str:
    """A text in a message: JSON quotes, at most 60 characters (then "…"), and every invisible,
    joining or broken character written as ``\\uXXXX`` so it can be seen."""
    n = _TEXT["excerpt_length"]
    cut = text if len(text) <= n else text[:n] + "…"
    inner = json.dumps(cut, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: "".join(f"\\u{u:04x}" for u in _utf16(m.group())), inner)


def _utf16(ch: str) -> list[int]:
    c = ord(ch)
    if c < 0x10000:
        return [c]
    c -= 0x10000
    return [0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)]


def describe(value) -> str:
    """Any value for a message: texts quoted, numbers written, other values named by kind."""
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__} object"


def bounded(message: str) -> str:
    """A message cut to the rulebook's limit (1000 characters), ending in "…" when cut."""
    n = _TEXT["message_length"]
    return message if len(message) <= n else message[: n - 1] + "…"


def sentence(message: str) -> str:
    """A message as a sentence: first letter capitalised, a full stop unless it ends in . ! or ?."""
    t = message[:1].upper() + message[1:]
    return t if not t or t[-1] in _TEXT["sentence_ends"] else t + "."


# --------------------------------------------------------------------------------------
# Files: bytes -> text -> JSON
# --------------------------------------------------------------------------------------


def _refuse(file: str, problem: str, **values) -> DraftFileError:
    what = fill(_FILE["messages"][problem], values)
    return DraftFileError(bounded(fill(_FILE["messages"]["not_draft"], {"file": file_label(file), "problem": what})))


def file_label(name: str) -> str:
    """A file name for a message: invisible characters shown as ``\\uXXXX``, at most 60 characters."""
    return quote(name)[1:-1]


def check_size(size: int, file: str) -> None:
    """Refuse a file larger than the rulebook's limit, before reading it."""
    if size > _FILE["max_bytes"]:
        raise _refuse(file, "too_big", size=-(-size // 1024), max=_FILE["max_bytes"] // 1024)


def decode(data: bytes, file: str) -> str:
    """The text of a draft file, by the kit's one byte-order-mark rule (see the module docstring)."""
    check_size(len(data), file)
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise _refuse(file, "utf32")
    codec, body = "utf-8", data
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            codec, body = name, data[len(bom) :]
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


def scan(text: str, file: str) -> None:
    """Walk the JSON text once, without recursion; raise :class:`DraftFileError` at the first problem.

    It accepts exactly the JSON grammar (so the parser that runs afterwards cannot fail), and
    refuses nesting deeper than ``max_depth``, a key given twice in one object and numbers
    longer than ``max_number_length`` characters or larger than ``max_number``.
    """
    if not text.strip(" \t\n\r"):
        raise _refuse(file, "empty")
    # One frame per open container: [is_object, keys seen, state]. States: "value" (a value is
    # expected), "after" (a value ended), "key" (a key or "}" is expected), "colon".
    stack: list[list] = []
    state, pos, n = "value", 0, len(text)

    def where(at: int) -> dict:
        line = text.count("\n", 0, at) + 1
        return {"line": line, "column": at - (text.rfind("\n", 0, at) + 1) + 1}

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
                raise _refuse(file, "duplicate_key", key=quote(name), **where(pos))
            stack[-1][1].add(name)
            state = "colon"
        elif state == "key" and tok == "}" and not stack[-1][1]:
            stack.pop()
            state = "after"
        elif state == "colon" and tok == ":":
            state = "value"
        elif state == "value" and tok in ("{", "["):
            if len(stack) >= _FILE["max_depth"]:
                raise _refuse(file, "too_deep", max=_FILE["max_depth"], **where(pos))
            stack.append([tok == "{", set()])
            state = "key" if tok == "{" else "value"
            if tok == "[":
                after = _SPACE.match(text, pos + 1).end()
                if text.startswith("]", after):
                    stack.pop()
                    pos, state = after + 1, "after"
                    continue
        elif state == "value" and tok and first not in "{}[]:,":
            if first in "-0123456789":
                if len(tok) > _FILE["max_number_length"]:
                    raise _refuse(file, "number_too_long", max=_FILE["max_number_length"], **where(pos))
                if not abs(float(tok)) <= _FILE["max_number"]:
                    raise _refuse(file, "number_too_large", max=number_text(int(_FILE["max_number"])), **where(pos))
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
