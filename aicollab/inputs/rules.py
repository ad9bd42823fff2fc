"""The input rules as data: ``rules.json`` (beside this module) read once, plus compiled character classes.

The JSON file is the single place for every limit and character class a reader of a learner's
file applies. Python reads it here; the kernel-free browser tools receive the same file as JSON
(:func:`browser_rules`), so a limit changed in the file changes both sides.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

RULES_FILE = "rules.json"


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return json.loads(files("aicollab.inputs").joinpath(RULES_FILE).read_text(encoding="utf-8"))


def rules() -> dict[str, Any]:
    """A copy of the whole rules file (edit the file, not this copy)."""
    return copy.deepcopy(_rules())


def browser_rules() -> dict[str, Any]:
    """What a kernel-free tool needs in its JSON configuration: the whole rules file.

    It is small (a few KB); a tool reads ``formats``, ``characters``, ``text_kinds``,
    ``numbers`` and ``messages`` exactly as Python does.
    """
    return rules()


def format_rules(fmt: str) -> dict[str, Any]:
    """The limits of one file format (``"poll"``, ``"draft"``, ``"datapackage"``, ``"csv"``)."""
    formats = _rules()["formats"]
    if fmt not in formats:
        raise KeyError(f"unknown input format {fmt!r}; the rules file knows: {', '.join(formats)}")
    return formats[fmt]


def message_rules() -> dict[str, Any]:
    return _rules()["messages"]


def number_rules() -> dict[str, Any]:
    return _rules()["numbers"]


def _ranges(name: str) -> list[tuple[int, int]]:
    out = []
    for item in _rules()["characters"][name]:
        lo, _, hi = item.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


def char_ranges(name: str) -> list[tuple[int, int]]:
    """The inclusive code-point ranges of one character class of the rules file."""
    return list(_ranges(name))


def class_body(*names: str) -> str:
    """A regular-expression character class body (without brackets) for the named classes."""
    parts = []
    for name in names:
        for lo, hi in _ranges(name):
            parts.append(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}")
    return "".join(parts)


@cache
def char_pattern(*names: str) -> re.Pattern[str]:
    """A compiled pattern matching one character of any of the named classes."""
    return re.compile("[" + class_body(*names) + "]")


def text_kind(kind: str) -> dict[str, Any]:
    kinds = _rules()["text_kinds"]
    if kind not in kinds:
        raise KeyError(f"unknown text kind {kind!r}; the rules file knows: {', '.join(kinds)}")
    return kinds[kind]
