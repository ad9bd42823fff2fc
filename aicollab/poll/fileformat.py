"""The room-poll file format (version 1): what a valid file holds, in one set of rules.

A JSON object, at most 64 KB::

    {"kit": "aicollab-room-poll", "version": 1,
     "submission_id": "<uuid4>", "created": "2026-11-22T10:15:00+00:00",
     "name": null,
     "weights": {"Image data sharing": 3.0, ...},             # 0 to 100 each
     "barrier_ranking": ["legal", "standards", ...],           # most important first
     "capstone": {"<question>": "<answer>", ...}}

Everything that reads or writes a poll file applies these rules: the learner's export
(:mod:`aicollab.poll.export`), the instructor's folder reader (:mod:`aicollab.poll.collect`)
and the hub's live poll service. Bad values are left out one by one, each with a plain reason;
a file with nothing usable is refused with a reason.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from .vocabulary import _barrier_lookup, _key, known_resources

#: The marker every poll file carries, so other JSON files are never mistaken for answers.
KIT_MARKER = "aicollab-room-poll"
#: The file format this module writes and reads.
FORMAT_VERSION = 1
#: Largest file that is read (and written): 64 KB.
MAX_BYTES = 64 * 1024
#: Weights are scores from 0 to this value.
MAX_WEIGHT = 100.0
#: Most resources, barriers or capstone questions one file may hold.
MAX_ITEMS = 40
MAX_NAME_CHARS = 60
MAX_KEY_CHARS = 80
MAX_ANSWER_CHARS = 10_000
#: The room chart counts how many learners put a barrier in their top ``TOP_N``.
TOP_N = 3
FIELDS = ("weights", "barrier_ranking", "capstone")
ROOM_LABEL = "this room"


def _short(value: Any, limit: int = 40) -> str:
    """A value as short readable text for a reason message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, Mapping):
        return "a set of named values"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and type(value).__name__ != "bool_"


def _check_weights(raw: Any) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """Valid weights and the (entry, reason) of each value left out. ``{}`` means unanswered."""
    if raw is None:
        return {}, []
    if isinstance(raw, pd.Series):
        raw = raw.to_dict()
    if not isinstance(raw, Mapping):
        return {}, [("", f"should name each resource with a number, but is {_kind(raw)}")]
    if len(raw) > MAX_ITEMS:
        return {}, [("", f"has {len(raw)} resources; at most {MAX_ITEMS} are read")]
    canonical = {_key(r): r for r in known_resources()}
    clean: dict[str, float] = {}
    problems: list[tuple[str, str]] = []
    for name, value in raw.items():
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_KEY_CHARS:
            problems.append((_short(name), f"a resource name must be text of 1 to {MAX_KEY_CHARS} characters"))
            continue
        label = canonical.get(_key(name), " ".join(name.split()))
        if label in clean:
            problems.append((label, "listed twice; the first value counts"))
            continue
        if value is None:
            continue  # no weight given: unanswered
        if not _is_number(value):
            problems.append((label, f"the weight is {_kind(value)} ({_short(value)}), not a number"))
            continue
        w = float(value)
        if math.isnan(w):
            problems.append((label, "the weight is NaN (not a number)"))
        elif math.isinf(w):
            problems.append((label, "the weight is infinite"))
        elif w < 0:
            problems.append((label, f"the weight is negative ({w:g}); weights go from 0 to {MAX_WEIGHT:g}"))
        elif w > MAX_WEIGHT:
            problems.append((label, f"the weight is above {MAX_WEIGHT:g} ({w:g})"))
        else:
            clean[label] = w
    return clean, problems


def _check_ranking(raw: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """Valid barriers in ranked order and the (entry, reason) of each entry left out."""
    if raw is None:
        return [], []
    if isinstance(raw, (str, bytes)) or not isinstance(raw, (list, tuple)):
        return [], [("", f"should be a list of barrier names, most important first, but is {_kind(raw)}")]
    if len(raw) > MAX_ITEMS:
        return [], [("", f"has {len(raw)} entries; at most {MAX_ITEMS} are read")]
    lookup, left_out = _barrier_lookup()
    clean: list[str] = []
    problems: list[tuple[str, str]] = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, str):
            problems.append((f"place {position}", f"is {_kind(entry)}, not a barrier name"))
            continue
        name = lookup.get(_key(entry)) or lookup.get(_key(entry.replace("-", " ").replace("_", " ")))
        if name is None and _key(entry) in left_out:
            problems.append((_short(entry), "a survey option the kit does not map to any of its ten barriers"))
        elif name is None:
            problems.append((_short(entry), "not one of the kit's ten barriers (see poll.barrier_names())"))
        elif name in clean:
            problems.append((name, "listed twice; the higher place counts"))
        else:
            clean.append(name)
    return clean, problems


def _answer_text(value: Any) -> str | None:
    """A capstone answer as display text; None when blank. Raises ValueError when not allowed."""
    if value is None:
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if _is_number(value):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError("is not a finite number")
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, (list, tuple)):
        parts = []
        for item in value:
            if isinstance(item, (list, tuple, Mapping)):
                raise ValueError("a list answer may only hold text, numbers or yes/no")
            part = _answer_text(item)
            if part is not None:
                parts.append(part)
        return "; ".join(parts) or None
    raise ValueError(f"is {_kind(value)}; an answer must be text, a number, yes/no or a list of those")


def _check_capstone(raw: Any) -> tuple[dict[str, Any], dict[str, str], list[tuple[str, str]]]:
    """(answers as given, answers as text, problems). Blank answers are left out silently."""
    if raw is None:
        return {}, {}, []
    if not isinstance(raw, Mapping):
        return {}, {}, [("", f"should name each question with its answer, but is {_kind(raw)}")]
    if len(raw) > MAX_ITEMS:
        return {}, {}, [("", f"has {len(raw)} questions; at most {MAX_ITEMS} are read")]
    given: dict[str, Any] = {}
    texts: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for question, value in raw.items():
        if not isinstance(question, str) or not question.strip() or len(question.strip()) > MAX_KEY_CHARS:
            problems.append((_short(question), f"a question must be text of 1 to {MAX_KEY_CHARS} characters"))
            continue
        q = " ".join(question.split())
        if q in texts:
            problems.append((q, "answered twice; the first answer counts"))
            continue
        try:
            text = _answer_text(value)
        except ValueError as error:
            problems.append((q, f"the answer {error}"))
            continue
        if text is None:
            continue
        if len(text) > MAX_ANSWER_CHARS:
            problems.append((q, f"the answer is {len(text):,} characters long; at most {MAX_ANSWER_CHARS:,} are read"))
            continue
        given[q] = list(value) if isinstance(value, tuple) else value
        texts[q] = text
    return given, texts, problems


def _check_name(raw: Any) -> tuple[str | None, str | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return None, f"the name is {_kind(raw)}, not text"
    name = " ".join(raw.split())
    if len(name) > MAX_NAME_CHARS:
        return None, f"the name is longer than {MAX_NAME_CHARS} characters"
    return name or None, None


def _parse_created(raw: Any) -> datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _canonical_id(raw: Any) -> str | None:
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        return None


def _document(weights, barrier_ranking, capstone, name, submission_id, created) -> dict[str, Any]:
    problems: list[str] = []
    w, wp = _check_weights(weights)
    r, rp = _check_ranking(barrier_ranking)
    c, _, cp = _check_capstone(capstone)
    for field, found in (("weights", wp), ("barrier_ranking", rp), ("capstone", cp)):
        problems += [f"{field}: {entry + ': ' if entry else ''}{reason}" for entry, reason in found]
    clean_name, name_problem = _check_name(name)
    if name_problem:
        problems.append(name_problem)
    if not (w or r or c) and not problems:
        problems.append("there is nothing to save yet: give weights, a barrier ranking or a capstone answer")
    if problems:
        raise ValueError("Your answers were not saved:\n- " + "\n- ".join(problems))
    return {
        "kit": KIT_MARKER,
        "version": FORMAT_VERSION,
        "submission_id": submission_id,
        "created": created,
        "name": clean_name,
        "weights": w,
        "barrier_ranking": r,
        "capstone": c,
    }


@dataclass
class _Candidate:
    file: str
    digest: str
    submission_id: str
    created: datetime | None
    name: str | None
    weights: dict[str, float]
    ranking: list[str]
    capstone: dict[str, str]
    missing: list[str]
    rejected: list[tuple[str, str, str]]  # field, entry, reason


def _decode(data: bytes) -> tuple[Any, str | None]:
    """(parsed JSON, reason it could not be parsed)."""
    if b"\x00" in data:
        return None, "not a text file (binary data)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a text file (binary data or an unknown text encoding)"
    if not text.strip():
        return None, "empty file"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        if text.lstrip()[:1] not in ("{", "["):
            return None, "not a poll file (plain text, not JSON)"
        return None, f"broken JSON, perhaps cut short (line {error.lineno}, column {error.colno}: {error.msg})"
    except RecursionError:
        return None, "not a poll file (nested too deeply to read)"
    except ValueError as error:  # e.g. an integer with thousands of digits
        return None, f"not valid JSON ({_short(str(error), 60)})"


def _examine(file: str, data: bytes) -> tuple[_Candidate | None, str | None]:
    """Turn one file's bytes into a candidate submission, or give the reason it is skipped."""
    doc, reason = _decode(data)
    if reason:
        return None, reason
    if not isinstance(doc, dict):
        return None, f"not a room-poll file (the JSON is {_kind(doc)}, not an object with a 'kit' marker)"
    if "kit" not in doc:
        return None, "not a room-poll file (no 'kit' marker)"
    if doc["kit"] != KIT_MARKER:
        return None, f"made by something else (kit is {_short(doc['kit'])!r}, expected {KIT_MARKER!r})"
    version = doc.get("version")
    if not _is_number(version) or version != FORMAT_VERSION:
        shown = "missing" if version is None else _short(version)
        return None, f"format version {shown}; this kit reads version {FORMAT_VERSION}"

    digest = hashlib.sha256(data).hexdigest()
    rejected: list[tuple[str, str, str]] = []
    sid = _canonical_id(doc.get("submission_id"))
    if sid is None:
        sid = f"file-{digest[:12]}"
        rejected.append(("submission_id", "", f"missing or not a valid id; counted as {sid}"))
    created = _parse_created(doc.get("created"))
    if doc.get("created") is not None and created is None:
        rejected.append(("created", _short(doc.get("created")), "not a date and time; ignored"))
    name, name_problem = _check_name(doc.get("name"))
    if name_problem:
        rejected.append(("name", "", name_problem + "; ignored"))

    weights, wp = _check_weights(doc.get("weights"))
    ranking, rp = _check_ranking(doc.get("barrier_ranking"))
    _, capstone, cp = _check_capstone(doc.get("capstone"))
    for field, found in (("weights", wp), ("barrier_ranking", rp), ("capstone", cp)):
        rejected += [(field, entry, reason) for entry, reason in found]
    missing = [f for f, got in zip(FIELDS, (weights, ranking, capstone)) if not got]
    if len(missing) == len(FIELDS):
        details = []
        for field in FIELDS:
            rows = [r for r in rejected if r[0] == field]
            if not rows:
                details.append(f"{field} empty")
            elif rows[0][1] == "":
                details.append(f"{field} is {_kind(doc.get(field))}")
            else:
                details.append(f"{field}: {len(rows)} invalid value(s)")
        return None, "no usable answers (" + "; ".join(details) + ")"
    return _Candidate(file, digest, sid, created, name, weights, ranking, capstone, missing, rejected), None


def read_submission(data: bytes, file: str = "submission.json", *, now: datetime | None = None):
    """Read one poll file's bytes: ``(submission, None)`` when it counts, ``(None, reason)`` when not.

    The one entry point for a reader of single submissions (the hub's poll service); it applies
    exactly the rules :func:`aicollab.poll.collect` applies to each file of a folder. The
    submission has ``submission_id``, ``created``, ``name``, ``weights``, ``ranking``,
    ``capstone`` (answers as text), ``missing`` and ``rejected`` (field, entry, reason). Never
    raises for bad input. ``now`` is accepted for the hardened reader's signature.
    """
    if not isinstance(data, (bytes, bytearray)):
        return None, f"not a file's bytes but {_kind(data)}"
    if len(data) > MAX_BYTES:
        return None, f"too big: more than {MAX_BYTES // 1024} KB"
    return _examine(file, bytes(data))


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters and lone surrogates escaped.

    File names and answers come from learners; a name holding an ANSI escape sequence must
    not recolour or rewrite the instructor's terminal, and a lone surrogate must not crash it.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif code < 32 or code == 127 or 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
