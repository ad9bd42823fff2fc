"""Text at the input boundary: normalisation, refused characters, comparison keys, bounded messages.

Two kinds of text (``text_kinds`` in ``rules.json``):

- a **name** (partner, resource, question, title): one line, NFC; control, format (zero-width,
  bidirectional), blank-looking and broken (lone surrogate) characters are refused; joiners
  (U+200C, U+200D) only between two visible characters; runs of spaces become one space;
- **free** text (answers, notes): NFC; controls other than tab and line breaks, lone
  surrogates and bidirectional controls are refused.

Learner-facing readers refuse (:func:`check_text` raises :class:`InputError` naming the
character: "U+200B ZERO WIDTH SPACE"); a reader that cannot ask anyone, such as the room poll,
cleans and reports (:func:`clean_text`). :func:`comparison_key` decides when two names are the
same ("Funding", "Fun\\u00addi\\u200dng", "ＦＵＮＤＩＮＧ" and "Cafe\\u0301"/"Café" are twins).

Messages quote values through :mod:`aicollab.inputs.messages`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .errors import InputError
from .messages import char_label, excerpt, kind_of
from .rules import char_pattern, text_kind

__all__ = ["nfc", "check_text", "clean_text", "comparison_key"]


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (composed: "Cafe\\u0301" becomes "Café")."""
    return unicodedata.normalize("NFC", text)


def _refused(text: str, kind: str):
    """Positions of the characters ``kind`` refuses in ``text`` (one pass, regular expressions)."""
    rule = text_kind(kind)
    refused = char_pattern(*rule["refuse"])
    allowed = char_pattern(*rule["allow"]) if rule.get("allow") else None
    inside = char_pattern(*rule["allow_inside"]) if rule.get("allow_inside") else None
    space = char_pattern("space")
    for match in refused.finditer(text):
        i, ch = match.start(), match.group()
        if allowed is not None and allowed.match(ch):
            continue
        if inside is not None and inside.match(ch):
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if not any(p.match(c) for c in (before, after) for p in (space, inside, refused)):
                continue  # a joiner between two visible characters (Persian words, emoji sequences)
        yield i


def _first_refused(text: str, kind: str) -> str | None:
    return next((text[i] for i in _refused(text, kind)), None)


def _collapse_runs(text: str) -> str:
    """Every run of space characters (the rules' ``space`` class) made one space; ends trimmed."""
    return re.sub(" {2,}", " ", char_pattern("space").sub(" ", text)).strip(" ")


def check_text(value: Any, what: str, *, kind: str = "name", max_chars: int | None = None, file=None) -> str:
    """``value`` as clean text of ``kind`` ("name" or "free"), or :class:`InputError`.

    Clean means: NFC; for a name, spaces collapsed and ends trimmed. Refused: a value that is not
    text, a character of a refused class (named in the message: "U+200B ZERO WIDTH SPACE;
    delete it"), or more than ``max_chars`` characters.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {kind_of(value)}", file=file)
    broken = char_pattern("surrogate").search(value)
    if broken:
        raise InputError(f"{what} contains a broken character ({char_label(broken.group())}); type it again", file=file)
    text = nfc(value)
    bad = _first_refused(text, kind)
    if bad is not None:
        raise InputError(
            f"{what} {excerpt(text)} contains an invisible or control character ({char_label(bad)}); delete it",
            file=file,
        )
    if text_kind(kind).get("collapse_space"):
        text = _collapse_runs(text)
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{what} is too long: {len(text):,} characters (at most {max_chars:,})", file=file)
    return text


def clean_text(value: str, kind: str = "name") -> tuple[str | None, list[str]]:
    """(cleaned text, labels of the characters removed) for readers that cannot ask anyone.

    Refused characters are removed (and named, e.g. "U+200B ZERO WIDTH SPACE"), the text is NFC
    and, for a name, its spaces collapsed. Text holding a broken character (a lone surrogate)
    has no sensible cleaning: the result is ``(None, [label])`` and the value is left out.
    """
    broken = char_pattern("surrogate").search(value)
    if broken:
        return None, [char_label(broken.group())]
    text = nfc(value)
    drop = set(_refused(text, kind))
    removed = list(dict.fromkeys(char_label(text[i]) for i in sorted(drop)))
    if drop:
        text = "".join(ch for i, ch in enumerate(text) if i not in drop)
    if text_kind(kind).get("collapse_space"):
        text = _collapse_runs(text)
    return nfc(text), removed


def comparison_key(text: str) -> str:
    """The key under which two names count as the same name.

    Default-ignorable characters removed, NFKC (full-width, ligatures, composed accents),
    case folded, runs of spaces made one. "Fun\\u00addi\\u200dng", "ＦＵＮＤＩＮＧ" and
    "funding" share a key. (Look-alike letters of other scripts, e.g. Cyrillic "і", do not: a
    residual risk the kit accepts.)
    """
    text = char_pattern("ignorable").sub("", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text)
    return " ".join(_collapse_runs(text).split())
