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
and the hub's live poll service, which calls :func:`read_submission` on each upload (bytes in;
a cleaned :class:`Submission` or a plain reason out). Bad values are left out one by one, each
with a plain reason; a file with nothing usable is refused with a reason. The limits come from
the kit's input rules (``aicollab/inputs/rules.json``, format ``poll``), which the browser
tools that write poll files read too.

The file passes the shared input boundary (:mod:`aicollab.inputs`) first: size, encoding
(UTF-8, a byte-order mark, or UTF-16 with a mark), a non-recursive JSON pre-scan (depth, keys
given twice, numbers beyond range, NaN). The poll *flags* rather than refuses what it can read
past: the first of two equal keys counts and the second is reported; a number out of range is
a bad value of its field. Text is cleaned, never trusted: names, resources and questions are
NFC with invisible characters (zero-width, bidirectional controls, NUL...) removed and
reported, so "Funding\\u200b" counts as "Funding"; a value holding a broken character (a lone
surrogate) is left out, so every table can be shown in a notebook.
"""

from __future__ import annotations

import hashlib
import json
import numbers
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from aicollab import inputs
from aicollab.inputs import BadNumber, InputError

from .vocabulary import _barrier_lookup, _key, known_resources

#: The marker every poll file carries, so other JSON files are never mistaken for answers.
KIT_MARKER = "aicollab-room-poll"
#: The file format this module writes and reads.
FORMAT_VERSION = 1
_RULES = inputs.format_rules("poll")
_FIELD_RULES = _RULES["fields"]
#: Largest file that is read (and written): 64 KB.
MAX_BYTES = int(_RULES["max_bytes"])
#: Weights are scores from 0 to this value.
MAX_WEIGHT = float(_FIELD_RULES["max_weight"])
#: Most resources, barriers or capstone questions one file may hold.
MAX_ITEMS = int(_FIELD_RULES["max_items"])
MAX_NAME_CHARS = int(_FIELD_RULES["max_name_chars"])
MAX_KEY_CHARS = int(_FIELD_RULES["max_key_chars"])
MAX_ANSWER_CHARS = int(_FIELD_RULES["max_answer_chars"])
#: The earliest ``created`` time that is believed, and how far ahead of the reader's clock.
EARLIEST_CREATED = datetime.fromisoformat(_FIELD_RULES["earliest_created"])
CLOCK_SKEW = timedelta(minutes=_FIELD_RULES["clock_skew_minutes"])
#: The room chart counts how many learners put a barrier in their top ``TOP_N``.
TOP_N = 3
FIELDS = ("weights", "barrier_ranking", "capstone")
ROOM_LABEL = "this room"
#: What ``created`` may look like: what the kit's export and the browser's toISOString write.
_CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")


def _short(value: Any, limit: int = 40) -> str:
    """A value as short, printable text for a table cell or a reason (invisible characters escaped)."""
    if isinstance(value, str):
        text = inputs.printable(" ".join(value.split()), keep_newlines=False)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    if isinstance(value, BadNumber):
        return value.literal
    return inputs.excerpt(value, limit)


def _kind(value: Any) -> str:
    if isinstance(value, BadNumber):
        return "a number out of range"
    if isinstance(value, Mapping):
        return "a set of named values"
    if isinstance(value, (list, tuple)):
        return "a list"
    return inputs.kind_of(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and type(value).__name__ != "bool_"


def _clean_key(raw: Any, what: str) -> tuple[str | None, list[tuple[str, str]]]:
    """(clean name, problems) for a resource name or a question (None: left out)."""
    if not isinstance(raw, str) or not raw.strip():
        return None, [(_short(raw), f"{what} must be text of 1 to {MAX_KEY_CHARS} characters")]
    text, removed = inputs.clean_text(raw, "name")
    if text is None:
        return None, [(_short(raw), f"{what} contains a broken character ({removed[0]}); left out")]
    if not text or len(text) > MAX_KEY_CHARS:
        return None, [(_short(raw), f"{what} must be text of 1 to {MAX_KEY_CHARS} characters")]
    problems = [(text, f"invisible character removed from {what} ({', '.join(removed)})")] if removed else []
    return text, problems


def _weight_problem(value: Any) -> str | None:
    """Why a weight is not usable, or None."""
    if isinstance(value, BadNumber) and value.literal == "NaN":
        return "the weight is NaN (not a number)"
    if isinstance(value, BadNumber) and value.problem == "infinite":
        return "the weight is infinite"
    if isinstance(value, BadNumber):
        return f"the weight is {value.problem} ({value.literal}); weights go from 0 to {MAX_WEIGHT:g}"
    if not _is_number(value):
        return f"the weight is {_kind(value)} ({_short(value)}), not a number"
    try:
        w = inputs.finite_number(value, "the weight")
    except InputError as error:
        if "NaN" in error.problem:
            return "the weight is NaN (not a number)"
        if "infinite" in error.problem:
            return "the weight is infinite"
        return f"the weight is above {MAX_WEIGHT:g} (a number too large to compute with)"
    if w < 0:
        return f"the weight is negative ({inputs.number_text(w)}); weights go from 0 to {MAX_WEIGHT:g}"
    if w > MAX_WEIGHT:
        return f"the weight is above {MAX_WEIGHT:g} ({inputs.number_text(w)})"
    return None


def _check_weights(raw: Any) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """Valid weights and the (entry, reason) of each value left out or cleaned. ``{}`` means unanswered."""
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
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    for name, value in raw.items():
        text, found = _clean_key(name, "a resource name")
        problems += found
        if text is None:
            continue
        label = canonical.get(_key(text), text)
        if _key(label) in seen:
            problems.append((label, "listed twice; the first value counts"))
            continue
        seen.add(_key(label))
        if value is None:
            continue  # no weight given: unanswered
        problem = _weight_problem(value)
        if problem:
            problems.append((label, problem))
        else:
            clean[label] = float(value)
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
    if isinstance(value, BadNumber):
        raise ValueError(f"is {value.problem} ({value.literal})")
    if _is_number(value):
        try:
            inputs.finite_number(value, "the answer")
        except InputError:
            raise ValueError("is not a finite number (or too large to write)") from None
        return inputs.number_text(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        text, removed = inputs.clean_text(value, "free")
        if text is None:
            raise ValueError(f"contains a broken character ({removed[0]})")
        return text.strip() or None
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
    keys: set[str] = set()
    problems: list[tuple[str, str]] = []
    for question, value in raw.items():
        q, found = _clean_key(question, "a question")
        problems += [(e, r.replace("a question", "the question")) for e, r in found]
        if q is None:
            continue
        if _key(q) in keys:
            problems.append((q, "answered twice; the first answer counts"))
            continue
        keys.add(_key(q))
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
    name, removed = inputs.clean_text(raw, "name")
    if name is None:
        return None, f"the name contains a broken character ({removed[0]})"
    if len(name) > MAX_NAME_CHARS:
        return None, f"the name is longer than {MAX_NAME_CHARS} characters"
    if removed:
        return name or None, f"invisible character removed from the name ({', '.join(removed)})"
    return name or None, None


def _parse_created(raw: Any, now: datetime | None = None) -> tuple[datetime | None, str | None]:
    """(time in UTC, reason it is ignored). Only the kit's own form of date and time is read, and
    only between EARLIEST_CREATED and ``now`` (plus a few minutes of clock skew)."""
    if raw is None:
        return None, None
    if not isinstance(raw, str) or len(raw) > _FIELD_RULES["max_created_chars"] or not _CREATED.fullmatch(raw):
        return None, "not a date and time; ignored"
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        when = when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None, "not a date and time; ignored"
    now = now or datetime.now(UTC)
    if when < EARLIEST_CREATED:
        return None, f"before {EARLIEST_CREATED.year}; ignored"
    if when > now + CLOCK_SKEW:
        return None, f"in the future ({when.isoformat(timespec='seconds')}); ignored"
    return when, None


def _canonical_id(raw: Any) -> str | None:
    """The id in its one canonical spelling (lower case, hyphens, no braces), or None."""
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
    for field_name, found in (("weights", wp), ("barrier_ranking", rp), ("capstone", cp)):
        problems += [f"{field_name}: {entry + ': ' if entry else ''}{reason}" for entry, reason in found]
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
class Submission:
    """One poll file that counts, cleaned: what :func:`read_submission` returns.

    ``submission_id`` is canonical (or ``file-<digest>`` when the file has no valid id);
    ``created`` is None when absent or not believed; ``rejected`` lists (field, entry, reason)
    for every value left out or cleaned; ``answers_digest`` fingerprints the answers (name,
    weights, ranking, capstone), so two files giving the same answers are recognised as copies.
    """

    file: str
    submission_id: str
    created: datetime | None
    name: str | None
    weights: dict[str, float]
    ranking: list[str]
    capstone: dict[str, str]
    missing: list[str]
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # field, entry, reason
    answers_digest: str = ""


def _answers_digest(name, weights, ranking, capstone) -> str:
    payload = json.dumps([name, weights, ranking, capstone], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _where(error: InputError) -> str:
    parts = [f"line {error.line}"] if error.line is not None else []
    if error.field:
        parts.append(error.field)
    return (", ".join(parts) + ": " if parts else "") + error.problem


def _decode(data: bytes, file: str) -> tuple[Any, list[inputs.Note], str | None]:
    """(parsed JSON, notes the reader flags, reason the file could not be read at all)."""
    try:
        text = inputs.decode_bytes(data, "poll", file)
    except InputError as error:
        return None, [], _where(error)
    if not text.strip():
        return None, [], "empty file"
    try:
        doc, notes = inputs.parse_json(text, "poll", file)
    except InputError as error:
        if text.lstrip()[:1] not in ("{", "["):
            return None, [], "not a poll file (plain text, not JSON)"
        return None, [], _where(error)
    return doc, notes, None


def read_submission(
    data: bytes, file: str = "submission.json", *, now: datetime | None = None
) -> tuple[Submission | None, str | None]:
    """Read one poll file's bytes: ``(Submission, None)`` when it counts, ``(None, reason)`` when not.

    The one entry point for every reader of poll files (the instructor's folder reader and the
    hub's poll service). ``file`` names the file in reasons; ``now`` (default: the current time,
    UTC) bounds a believable ``created``. Never raises for bad input.
    """
    if not isinstance(data, (bytes, bytearray)):
        return None, f"not a file's bytes but {_kind(data)}"
    doc, notes, reason = _decode(bytes(data), file)
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

    rejected: list[tuple[str, str, str]] = []
    for note in notes:  # keys given twice (bad numbers are reported by the field they are in)
        if note.kind == "duplicate":
            top = _short(note.path[0]) if note.path else ""
            entry = _short(note.path[1]) if len(note.path) > 1 else ""
            rejected.append((top, entry, note.problem))
    raw_id = doc.get("submission_id")
    sid = _canonical_id(raw_id)
    if sid is not None and raw_id != sid:
        rejected.append(("submission_id", "", f"written unusually ({_short(raw_id)}); read as {sid}"))
    created, created_problem = _parse_created(doc.get("created"), now)
    if created_problem:
        rejected.append(("created", _short(doc.get("created")), created_problem))
    name, name_problem = _check_name(doc.get("name"))
    if name_problem:
        rejected.append(("name", "", name_problem + ("" if name_problem.startswith("invisible") else "; ignored")))

    weights, wp = _check_weights(doc.get("weights"))
    ranking, rp = _check_ranking(doc.get("barrier_ranking"))
    _, capstone, cp = _check_capstone(doc.get("capstone"))
    for field_name, found in (("weights", wp), ("barrier_ranking", rp), ("capstone", cp)):
        rejected += [(field_name, entry, reason) for entry, reason in found]
    missing = [f for f, got in zip(FIELDS, (weights, ranking, capstone)) if not got]
    if len(missing) == len(FIELDS):
        details = []
        for field_name in FIELDS:
            rows = [r for r in rejected if r[0] == field_name]
            if not rows:
                details.append(f"{field_name} empty")
            elif rows[0][1] == "":
                details.append(f"{field_name} is {_kind(doc.get(field_name))}")
            else:
                details.append(f"{field_name}: {len(rows)} invalid value(s)")
        return None, "no usable answers (" + "; ".join(details) + ")"
    digest = _answers_digest(name, weights, ranking, capstone)
    if sid is None:  # no id: only byte-identical copies are known to be the same submission
        sid = f"file-{hashlib.sha256(bytes(data)).hexdigest()[:12]}"
        rejected.append(("submission_id", "", f"missing or not a valid id; counted as {sid}"))
    return Submission(file, sid, created, name, weights, ranking, capstone, missing, rejected, digest), None


def printable(text: str) -> str:
    """``text`` safe to print on a terminal (see :func:`aicollab.inputs.printable`)."""
    return inputs.printable(text)
