"""The room poll: each learner saves their answers to a small file; the instructor reads them all.

How it works in a workshop
--------------------------
1. A learner clicks the button made by :func:`export_button` (or calls
   :func:`export_choices`). Their answers (importance weights per resource, their ranking of
   the barriers to collaboration, their capstone answers) are written to one small JSON file
   in the notebook's folder, and the button says which file and where.
2. Learners hand the files over (upload to a shared folder, the hub's shared drive, e-mail,
   a USB stick). The instructor puts them all in one folder, e.g. ``room_poll_inbox/``.
3. The instructor runs :func:`collect` on that folder (``notebooks/90_room_poll.ipynb``)
   and shows the room's answers beside the survey's figures with :func:`weights_chart` and
   :func:`barriers_chart`.

The file format (version 1)
---------------------------
A JSON object, at most 64 KB::

    {"kit": "aicollab-room-poll", "version": 1,
     "submission_id": "<uuid4>", "created": "2026-11-22T10:15:00+00:00",
     "name": null,
     "weights": {"Image data sharing": 3.0, ...},             # 0 to 100 each
     "barrier_ranking": ["legal", "standards", ...],           # most important first
     "capstone": {"<question>": "<answer>", ...}}

Reading rules (what :func:`collect` keeps and what it leaves out)
-----------------------------------------------------------------
The rule is: no valid answer is lost, nothing invalid is counted, and every file that is
not counted is listed with a plain reason.

* Only regular files directly inside the folder are read. Sub-folders, shortcuts (symbolic
  links) and special files are listed in ``skipped``; files are opened read-only and never
  changed, moved or deleted.
* A file is skipped (and listed) when it is larger than 64 KB, not text, not JSON, not a
  room-poll file (no ``"kit": "aicollab-room-poll"`` marker), of another format version, or
  when it holds no usable answer at all.
* A *partial* file still counts for what it has: a file with weights but no ranking adds
  its weights; the missing parts are named in the ``missing`` column of ``submissions``.
* Barrier names are the kit's ten shared barriers of lesson 3 (:mod:`aicollab.barriers`),
  e.g. ``"legal"``; their labels and the survey's own option wording are accepted too.
* Bad values are left out one by one, each with a reason in ``rejected``: a negative, NaN,
  infinite, non-numeric or over-100 weight; an unknown or repeated barrier name; a capstone
  answer that is not text, a number, yes/no or a list of those. The other values of the same
  file still count. In a ranking with a dropped entry, the remaining barriers keep their
  order and are renumbered 1, 2, 3... . Blank capstone answers count as unanswered.
* Duplicates count once. Two files with the same ``submission_id`` (a learner saved twice,
  or sent the file twice) are the same submission: the newest (``created``) is counted and
  the other is listed as an identical copy or an older version. Among identical copies the
  shortest file name is counted, usually the original rather than its "(1)" copy. A file
  without a valid ``submission_id`` is still counted, under an id made from its content, so
  byte-identical copies of it also count once.

Everything here is plain Python + pandas + Altair; only :func:`export_button` needs
ipywidgets (imported when called). The barrier list and the survey's figures come from
:mod:`aicollab.barriers` and :mod:`aicollab.data`.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import numbers
import os
import random
import re
import stat
import sys
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import altair as alt
import pandas as pd

from . import charts

__all__ = [
    "KIT_MARKER",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_WEIGHT",
    "TOP_N",
    "PollResult",
    "survey_barriers",
    "barrier_names",
    "barrier_labels",
    "known_resources",
    "export_choices",
    "export_button",
    "collect",
    "weight_summary",
    "barrier_comparison",
    "room_borda",
    "weights_chart",
    "barriers_chart",
    "write_demo_folder",
]

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

# Resources the value lessons use; any other resource name is still accepted (marked unknown).
_FALLBACK_RESOURCES = (
    "Image data sharing",
    "Clinical information",
    "Image data labelling",
    "Clinical needs and issues",
    "AI product feedback",
    "Algorithm development",
    "Engineering and compute",
    "Funding",
    "Regulatory and clinical validation",
)

SUBMISSION_COLUMNS = ["submission_id", "file", "name", "created", "n_weights", "n_ranked", "n_capstone", "missing"]
WEIGHT_COLUMNS = ["submission_id", "resource", "weight", "share", "known"]
RANKING_COLUMNS = ["submission_id", "barrier", "rank", "n_ranked"]
CAPSTONE_COLUMNS = ["submission_id", "question", "answer"]
SKIPPED_COLUMNS = ["file", "reason"]
REJECTED_COLUMNS = ["file", "submission_id", "field", "entry", "reason"]


# ----------------------------------------------------------------------------------------
# Reference lists: the survey's barriers and the kit's resources
# ----------------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Matching key: spaces collapsed, case ignored."""
    return " ".join(str(text).split()).casefold()


@lru_cache(maxsize=1)
def _survey_barrier_rows() -> pd.DataFrame:
    from . import barriers as B

    tax = B.taxonomy()
    ranked = tax[tax["role"] == "ranked"]
    return pd.DataFrame(
        {
            "barrier": ranked["barrier"].astype(str).to_numpy(),
            "label": ranked["label"].astype(str).to_numpy(),
            "group": ranked["group"].astype(str).to_numpy(),
            "table": ranked["table"].astype("int64").to_numpy(),
            "item": [" ".join(str(i).split()) for i in ranked["item"]],
            "percent": ranked["percent"].astype("float64").to_numpy(),
            "base_n": ranked["base_n"].astype("int64").to_numpy(),
        }
    )


def survey_barriers() -> pd.DataFrame:
    """The survey's figures for the kit's barriers, one row per barrier and group.

    Clinicians' perceived problems (Table 3, n = 5,142) and researchers' challenges
    (Table 9, n = 120), each option mapped to one of the kit's ten shared barriers as in
    lesson 3 (:mod:`aicollab.barriers`). Columns: barrier, label, group, table, item,
    percent, base_n. Both questions let respondents tick every answer that applied.
    """
    return _survey_barrier_rows().copy()


def barrier_names() -> list[str]:
    """The barrier names a ranking uses: the kit's ten shared barriers (lesson 3), e.g. 'legal'."""
    from . import barriers as B

    return list(B.BARRIERS)


def barrier_labels() -> dict[str, str]:
    """Readable label of each barrier name, e.g. 'legal' -> 'Legal guidelines and responsibility'."""
    from . import barriers as B

    return dict(B.BARRIER_LABELS)


@lru_cache(maxsize=1)
def _barrier_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(matching key -> barrier name, matching key -> survey option left out of the barriers)."""
    from . import barriers as B

    lookup: dict[str, str] = {}
    for b in B.BARRIERS:
        for spelling in (b, b.replace("_", " "), B.BARRIER_LABELS[b]):
            lookup[_key(spelling)] = b
    for row in _survey_barrier_rows().itertuples():
        lookup.setdefault(_key(row.item), row.barrier)  # the survey's own wording also works
    left_out: dict[str, str] = {}
    try:
        from .data import load_survey

        survey = load_survey()
        for row in survey[survey["row_id"].isin(list(B.UNMAPPED))].itertuples():
            left_out[_key(row.item)] = " ".join(str(row.item).split())
    except (ImportError, KeyError, AttributeError):
        pass
    return lookup, left_out


def known_resources() -> list[str]:
    """Resource names the lessons use (the value model's defaults when it is installed)."""
    names = list(_FALLBACK_RESOURCES)
    try:
        from .value import DEFAULT_RESOURCES
    except ImportError:
        return names
    for r in DEFAULT_RESOURCES:
        if _key(r) not in {_key(n) for n in names}:
            names.append(r)
    return names


# ----------------------------------------------------------------------------------------
# Checking answers (shared by export and collect)
# ----------------------------------------------------------------------------------------


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
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _canonical_id(raw: Any) -> str | None:
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        return None


# ----------------------------------------------------------------------------------------
# Learner side: export
# ----------------------------------------------------------------------------------------


def _slug(name: str | None) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", (name or "").casefold()).strip("-")
    return text[:30].strip("-") or "anonymous"


def _default_file_name(name: str | None, submission_id: str) -> str:
    return f"room-poll-{_slug(name)}-{submission_id[:8]}.json"


def _atomic_write(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: no half-written file is left."""
    fd, tmp = tempfile.mkstemp(prefix=".room-poll-", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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


def export_choices(
    weights: Mapping[str, float] | pd.Series | None = None,
    barrier_ranking: Iterable[str] | None = None,
    capstone: Mapping[str, Any] | None = None,
    name: str | None = None,
    path: str | os.PathLike | None = None,
    *,
    submission_id: str | None = None,
) -> Path:
    """Save a learner's answers to one small JSON file and return its path.

    ``weights``: importance weight per resource (0 to 100), e.g. the ``resources`` of a
    ``Partnership``. ``barrier_ranking``: barrier names, most important first (see
    :func:`barrier_names`); it may stop after a few. ``capstone``: question -> answer
    (text, a number, yes/no or a list). Any of the three may be left out, not all.
    ``name`` is optional; leave it out for an anonymous file.

    ``path``: a folder (the file gets a generated name there) or a file path; by default the
    current folder, i.e. the notebook's folder. ``submission_id``: reuse one to replace an
    earlier save (the instructor counts the newest); a new id is made when it is omitted.

    Raises ``ValueError`` with every problem listed when an answer is invalid (nothing is
    written then) and ``FileNotFoundError`` when the target folder does not exist.
    """
    sid = _canonical_id(submission_id) if submission_id is not None else str(uuid.uuid4())
    if sid is None:
        raise ValueError(f"submission_id must be a UUID such as {uuid.UUID(int=0)}, got {_short(submission_id)!r}")
    created = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    if barrier_ranking is not None and not isinstance(barrier_ranking, (str, bytes, Mapping, list, tuple)):
        try:
            barrier_ranking = list(barrier_ranking)  # e.g. a pandas Series or a generator
        except TypeError:
            pass  # reported as the wrong kind of value
    doc = _document(weights, barrier_ranking, capstone, name, sid, created)
    data = (json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(
            f"Your answers were not saved: the file would be {len(data) / 1024:.0f} KB and the "
            f"limit is {MAX_BYTES // 1024} KB. Shorten the longest capstone answers."
        )
    if path is None:
        target = Path.cwd() / _default_file_name(doc["name"], sid)
    else:
        p = Path(path).expanduser()
        target = p / _default_file_name(doc["name"], sid) if p.is_dir() else p
    if not target.parent.is_dir():
        raise FileNotFoundError(f"The folder {target.parent} does not exist; nothing was saved.")
    _atomic_write(target, data)
    return target.resolve()


_EXPORT_KEYS = ("weights", "barrier_ranking", "capstone", "name")


def export_button(
    get_choices: Callable[[], Mapping[str, Any]],
    *,
    path: str | os.PathLike | None = None,
    description: str = "Save my answers for the room poll",
):
    """A button that saves the learner's current answers with one click.

    ``get_choices()`` is called at click time and returns a dict with any of the keys
    ``weights``, ``barrier_ranking``, ``capstone`` and ``name`` (as for
    :func:`export_choices`). Below the button a plain message says which file was written
    and in which folder, or why nothing was saved. Clicking again replaces the learner's
    earlier answers: every click of one button uses the same ``submission_id``.

    Returns an ``ipywidgets.VBox`` holding the button and the message.
    """
    import ipywidgets as widgets

    submission_id = str(uuid.uuid4())
    button = widgets.Button(
        description=description,
        icon="save",
        button_style="primary",
        tooltip="Writes a small file with your answers; your instructor collects these files.",
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML(value="")

    def say(lines: list[str]) -> None:
        status.value = "<div class='aicollab-poll-status' role='status'>" + "<br>".join(lines) + "</div>"

    def on_click(_button=None) -> None:
        try:
            choices = get_choices()
            if choices is None:
                choices = {}
            if not isinstance(choices, Mapping):
                raise ValueError(f"get_choices() must return a dict, not {type(choices).__name__}")
            unknown = sorted(set(choices) - set(_EXPORT_KEYS))
            if unknown:
                raise ValueError(f"unexpected key(s) {', '.join(map(str, unknown))}; use {', '.join(_EXPORT_KEYS)}")
            written = export_choices(**{k: choices.get(k) for k in _EXPORT_KEYS}, path=path, submission_id=submission_id)
        except Exception as error:  # a learner sees a message, never a traceback
            message = str(error) if isinstance(error, (ValueError, OSError)) else f"{type(error).__name__}: {error}"
            say(["<b>Not saved.</b>"] + [html.escape(line) for line in message.splitlines()])
            return
        say(
            [
                "<b>Saved.</b>",
                f"File: <code>{html.escape(written.name)}</code>",
                f"Folder: <code>{html.escape(str(written.parent))}</code>",
                "Give this file to your instructor. Clicking again replaces it with your new answers.",
            ]
        )

    button.on_click(on_click)
    return widgets.VBox([button, status])


# ----------------------------------------------------------------------------------------
# Instructor side: collect
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PollResult:
    """What :func:`collect` found in a folder. Every table is tidy (one row per fact).

    - ``submissions``: one row per counted submission (``missing`` names absent parts);
    - ``weights``: submission_id, resource, weight, share (% of that learner's total), known;
    - ``rankings``: submission_id, barrier, rank (1 = most important), n_ranked;
    - ``capstone``: submission_id, question, answer (as text);
    - ``skipped``: file, reason: every entry of the folder that was not counted;
    - ``rejected``: file, submission_id, field, entry, reason: values left out of counted files.
    """

    folder: str
    submissions: pd.DataFrame
    weights: pd.DataFrame
    rankings: pd.DataFrame
    capstone: pd.DataFrame
    skipped: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def n(self) -> int:
        """Number of counted submissions."""
        return len(self.submissions)

    def summary(self) -> str:
        """A few plain sentences on what was read, for the top of the instructor notebook."""
        s = self.submissions
        n_entries = self.n + len(self.skipped)
        lines = [
            f"Folder '{self.folder}': {n_entries} entries read, {self.n} submissions counted, "
            f"{len(self.skipped)} skipped (see .skipped).",
            f"Answers: {int((s['n_weights'] > 0).sum())} gave weights, {int((s['n_ranked'] > 0).sum())} "
            f"ranked barriers, {int((s['n_capstone'] > 0).sum())} answered the capstone.",
        ]
        if len(self.rejected):
            lines.append(f"{len(self.rejected)} single values were left out of counted files (see .rejected).")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<PollResult: {self.n} submissions, {len(self.skipped)} skipped, {len(self.rejected)} values left out>"


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


def _read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """Read at most MAX_BYTES + 1 bytes, read-only, without following links. (data, reason)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        return None, "could not be opened (no permission to read it)"
    except OSError as error:
        return None, f"could not be opened ({error.strerror or error})"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file"
        if info.st_size > MAX_BYTES:
            return None, f"too big: {info.st_size / 1024:.0f} KB (a poll file is at most {MAX_BYTES // 1024} KB)"
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            return None, f"could not be read ({error.strerror or error})"
    if len(data) > MAX_BYTES:
        return None, f"too big: more than {MAX_BYTES // 1024} KB"
    return data, None


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


def _entry_reason(entry: os.DirEntry) -> str | None:
    """Why a folder entry is not read as a file (None when it is a regular file)."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as error:
        return f"could not be examined ({error.strerror or error})"
    if stat.S_ISLNK(info.st_mode):
        return "a shortcut (symbolic link), not a file: links are not followed"
    if stat.S_ISDIR(info.st_mode):
        return "a sub-folder: only files directly in the folder are read"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > MAX_BYTES:
        return f"too big: {info.st_size / 1024:.0f} KB (a poll file is at most {MAX_BYTES // 1024} KB)"
    return None


def collect(folder: str | os.PathLike) -> PollResult:
    """Read every file in ``folder`` and return the room's answers (see the module notes).

    Files are only opened for reading; nothing in the folder is changed. Raises
    ``FileNotFoundError`` / ``NotADirectoryError`` when ``folder`` is not a folder.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(f"No folder called {str(root)!r}. Put the room's poll files in a folder and pass its path.")
    if not root.is_dir():
        raise NotADirectoryError(f"{str(root)!r} is a file, not a folder. Pass the folder that holds the poll files.")

    skipped: list[tuple[str, str]] = []
    candidates: list[_Candidate] = []
    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        label = entry.name + ("/" if entry.is_dir(follow_symlinks=False) else "")
        reason = _entry_reason(entry)
        if reason is None:
            data, reason = _read_bytes(Path(entry.path))
            if reason is None:
                candidate, reason = _examine(entry.name, data)
                if candidate is not None:
                    candidates.append(candidate)
                    continue
        skipped.append((label, reason))

    # Duplicates: one submission id counts once; the newest copy wins.
    by_id: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_id.setdefault(c.submission_id, []).append(c)
    kept: list[_Candidate] = []
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    for group in by_id.values():
        # Newest first. Among equally new copies the shortest file name wins: usually the
        # original rather than a browser's "name (1).json" copy.
        ordered = sorted(group, key=lambda c: (-(c.created or oldest).timestamp(), len(c.file), c.file))
        winner = ordered[0]
        kept.append(winner)
        for other in ordered[1:]:
            if other.digest == winner.digest:
                why = f"duplicate: an identical copy of {winner.file} (counted once)"
            else:
                why = f"duplicate: an older version of the submission in {winner.file} (the newest is counted)"
            skipped.append((other.file, why))
    kept.sort(key=lambda c: c.file)
    skipped.sort(key=lambda row: row[0])

    sub_rows, w_rows, r_rows, c_rows, rej_rows = [], [], [], [], []
    known = {_key(r) for r in known_resources()}
    for c in kept:
        created = c.created.isoformat(timespec="seconds") if c.created else None
        sub_rows.append((c.submission_id, c.file, c.name, created, len(c.weights), len(c.ranking), len(c.capstone),
                         ", ".join(c.missing)))
        total = sum(c.weights.values())
        for resource, weight in c.weights.items():
            share = weight / total * 100 if total > 0 else float("nan")
            w_rows.append((c.submission_id, resource, weight, share, _key(resource) in known))
        for rank, barrier in enumerate(c.ranking, start=1):
            r_rows.append((c.submission_id, barrier, rank, len(c.ranking)))
        for question, answer in c.capstone.items():
            c_rows.append((c.submission_id, question, answer))
        for field, entry, reason in c.rejected:
            rej_rows.append((c.file, c.submission_id, field, entry, reason))

    def frame(rows, columns, dtypes):
        return pd.DataFrame(rows, columns=columns).astype(dtypes)

    text = "str"
    return PollResult(
        folder=root.name or str(root),
        submissions=frame(sub_rows, SUBMISSION_COLUMNS, {"submission_id": text, "file": text, "n_weights": "int64",
                                                         "n_ranked": "int64", "n_capstone": "int64", "missing": text}),
        weights=frame(w_rows, WEIGHT_COLUMNS, {"submission_id": text, "resource": text, "weight": "float64",
                                               "share": "float64", "known": "bool"}),
        rankings=frame(r_rows, RANKING_COLUMNS, {"submission_id": text, "barrier": text, "rank": "int64", "n_ranked": "int64"}),
        capstone=frame(c_rows, CAPSTONE_COLUMNS, {"submission_id": text, "question": text, "answer": text}),
        skipped=frame(skipped, SKIPPED_COLUMNS, {"file": text, "reason": text}),
        rejected=frame(rej_rows, REJECTED_COLUMNS, {"file": text, "submission_id": text, "field": text, "entry": text,
                                                    "reason": text}),
    )


# ----------------------------------------------------------------------------------------
# Summaries and charts
# ----------------------------------------------------------------------------------------


def weight_summary(result: PollResult) -> pd.DataFrame:
    """Per resource: how many learners weighted it, and the median, lowest and highest share
    of a learner's total weight (percent). Sorted by median share, largest first."""
    cols = ["resource", "learners", "median_share", "min_share", "max_share", "median_weight", "known"]
    w = result.weights.dropna(subset=["share"])
    if w.empty:
        return pd.DataFrame(columns=cols)
    g = w.groupby("resource", sort=False)
    out = pd.DataFrame(
        {
            "learners": g["submission_id"].nunique(),
            "median_share": g["share"].median(),
            "min_share": g["share"].min(),
            "max_share": g["share"].max(),
            "median_weight": g["weight"].median(),
            "known": g["known"].first(),
        }
    ).reset_index()
    return out.sort_values(["median_share", "resource"], ascending=[False, True], kind="stable").reset_index(drop=True)[cols]


def _room_label(top: int) -> str:
    return f"{ROOM_LABEL} (top {top})"


def barrier_comparison(result: PollResult, top: int = TOP_N) -> pd.DataFrame:
    """The room beside the survey, one row per barrier and group.

    For the room: the percent of learners who sent a ranking that put this barrier in their
    top ``top`` places (n = learners with a ranking), and its mean rank among those who
    ranked it. For the survey: the percent of clinicians (Table 3) or researchers (Table 9)
    who ticked the option mapped to this barrier; a group that was not offered the barrier
    has no row. Columns: barrier, label, who, percent, n, ci_low, ci_high (95% Wilson
    interval), mean_rank. Barriers are ordered by the room's percent, then the survey's.
    """
    from .data import wilson_interval

    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a whole number of places (1 or more), got {top!r}")
    labels = barrier_labels()
    names = barrier_names()
    room_who = _room_label(top)
    r = result.rankings
    n_room = int(r["submission_id"].nunique()) if len(r) else 0
    rows = []
    for name in names:
        mine = r[r["barrier"] == name]
        count = int((mine["rank"] <= top).sum())
        rows.append({"barrier": name, "who": room_who, "percent": (count / n_room * 100) if n_room else float("nan"),
                     "n": n_room, "mean_rank": float(mine["rank"].mean()) if len(mine) else float("nan")})
    for row in survey_barriers().itertuples():
        rows.append({"barrier": row.barrier, "who": f"{row.group} (Table {row.table})", "percent": float(row.percent),
                     "n": int(row.base_n), "mean_rank": float("nan")})
    out = pd.DataFrame(rows)
    out.insert(1, "label", out["barrier"].map(labels))
    out["ci_low"] = float("nan")
    out["ci_high"] = float("nan")
    ok = (out["n"] > 0) & out["percent"].notna()
    if ok.any():
        low, high = wilson_interval(out.loc[ok, "percent"].astype("float64"), out.loc[ok, "n"].astype("float64"))
        out.loc[ok, "ci_low"] = low.to_numpy()
        out.loc[ok, "ci_high"] = high.to_numpy()
    room_pct = out[out["who"] == room_who].set_index("barrier")["percent"].fillna(-1)
    survey_pct = out[out["who"] != room_who].groupby("barrier")["percent"].max()
    order = sorted(names, key=lambda b: (-room_pct.get(b, -1), -survey_pct.get(b, -1), names.index(b)))
    who_order = [room_who, "clinicians (Table 3)", "researchers (Table 9)"]
    out["_b"] = out["barrier"].map({b: i for i, b in enumerate(order)})
    out["_w"] = out["who"].map({w: i for i, w in enumerate(who_order)}).fillna(len(who_order))
    out = out.sort_values(["_b", "_w"], kind="stable").drop(columns=["_b", "_w"]).reset_index(drop=True)
    return out[["barrier", "label", "who", "percent", "n", "ci_low", "ci_high", "mean_rank"]]


def room_borda(result: PollResult) -> pd.DataFrame:
    """The room's rankings combined by Borda count, exactly as lesson 3 does
    (:func:`aicollab.barriers.room_ranking`). Empty when nobody sent a ranking."""
    from . import barriers as B

    r = result.rankings
    if r.empty:
        return pd.DataFrame(columns=["barrier", "label", "points", "mentions", "first", "rank"])
    rankings = [g.sort_values("rank")["barrier"].tolist() for _, g in r.groupby("submission_id", sort=True)]
    return B.room_ranking(rankings)


def _empty_chart(title: str, description: str, message: str) -> alt.Chart:
    charts.require_text(title, description)
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(align="left", fontSize=13, color="#222222")
        .encode(text="message:N")
        .properties(title=title, description=description, width=420, height=40)
    )


def weights_chart(result: PollResult, *, title: str | None = None, description: str | None = None) -> alt.LayerChart | alt.Chart:
    """The room's weights: for each resource, one tick per learner (their weight as a share
    of their own total, so learners who used different scales can be compared) and a
    diamond at the room's median."""
    title = title or "How this room weighs each resource"
    summary = weight_summary(result)
    if summary.empty:
        description = description or "No learner has sent weights yet, so there is nothing to draw."
        return _empty_chart(title, description, "No weights yet.")
    order = summary["resource"].tolist()
    learners = int(result.weights["submission_id"].nunique())
    top = summary.iloc[0]
    low = summary.iloc[-1]
    if description is None:
        description = (
            f"Strip chart of {learners} learners' weights for {len(order)} resources, each weight shown as a "
            f"percent of that learner's total. Ticks are learners; the diamond is the room's median. "
            f"Highest median: {top['resource']} ({top['median_share']:.0f}%); lowest: {low['resource']} "
            f"({low['median_share']:.0f}%)."
        )
    charts.require_text(title, description)
    points = result.weights.dropna(subset=["share"])[["resource", "share", "weight"]]
    y = alt.Y("resource:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x_title = "Share of the learner's total weight (%)"
    ticks = (
        alt.Chart(points)
        .mark_tick(color=charts.OKABE_ITO[0], opacity=0.7, thickness=2)
        .encode(
            x=alt.X("share:Q", title=x_title),
            y=y,
            tooltip=[alt.Tooltip("resource:N", title="Resource"), alt.Tooltip("weight:Q", title="Weight", format=".1f"),
                     alt.Tooltip("share:Q", title="Share (%)", format=".0f")],
        )
    )
    medians = (
        alt.Chart(summary[["resource", "median_share", "learners"]])
        .mark_point(shape="diamond", filled=True, size=140, color=charts.OKABE_ITO[5], opacity=1)
        .encode(
            x=alt.X("median_share:Q", title=x_title),
            y=y,
            tooltip=[alt.Tooltip("resource:N", title="Resource"), alt.Tooltip("median_share:Q", title="Room median (%)", format=".0f"),
                     alt.Tooltip("learners:Q", title="Learners")],
        )
    )
    return alt.layer(ticks, medians).properties(
        title=alt.Title(title, subtitle=f"{learners} learners. Ticks: one learner each. Diamond: the room's median."),
        description=description,
        width=420,
        height=alt.Step(24),
    )


def barriers_chart(result: PollResult, *, top: int = TOP_N, title: str | None = None,
                   description: str | None = None) -> alt.LayerChart | alt.Chart:
    """The room's barrier ranking beside the survey's percentages (Tables 3 and 9), with 95%
    Wilson intervals. The two measure different things (a top-``top`` choice in a ranking vs
    a tick-all-that-apply list), so the chart invites comparing orders, not bar lengths."""
    title = title or "Barriers: this room beside the survey"
    df = barrier_comparison(result, top=top)
    room_who = _room_label(top)
    room = df[df["who"] == room_who]
    n_room = int(room["n"].iloc[0]) if len(room) else 0
    survey = df[df["who"] != room_who]
    if description is None:
        parts = [f"Grouped bars for the kit's {df['barrier'].nunique()} barriers."]
        if n_room:
            leaders = room.nlargest(3, "percent")
            parts.append(
                f"This room ({n_room} rankings) most often put these in its top {top}: "
                + ", ".join(f"{r.label} ({r.percent:.0f}%)" for r in leaders.itertuples()) + "."
            )
        else:
            parts.append("No learner has sent a ranking yet, so only the survey's bars are drawn.")
        for group in ("clinicians", "researchers"):
            mine = survey[survey["who"].str.startswith(group)]
            if len(mine):
                b = mine.nlargest(1, "percent").iloc[0]
                parts.append(f"Surveyed {group} most often named {b['label']} ({b['percent']:.0f}%, n = {int(b['n']):,}).")
        not_asked = sorted(set(df["label"]) - set(survey["label"]))
        if not_asked:
            parts.append("Not on either survey list: " + ", ".join(not_asked) + ".")
        parts.append(f"The room's figure is a top-{top} choice and the survey's a tick-all list, so compare the order, "
                     "not bar lengths.")
        description = " ".join(parts)
    charts.require_text(title, description)
    plot = df.dropna(subset=["percent"])
    order = list(dict.fromkeys(df["label"]))
    domain = [room_who, "clinicians (Table 3)", "researchers (Table 9)"]
    colours = [charts.OKABE_ITO[2], charts.GROUP_COLOURS["clinicians"], charts.GROUP_COLOURS["researchers"]]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color("who:N", scale=alt.Scale(domain=domain, range=colours), title=None,
                       legend=alt.Legend(orient="top", direction="horizontal"))
    offset = alt.YOffset("who:N", sort=domain, scale=alt.Scale(domain=domain))
    base = alt.Chart(plot)
    bars = base.mark_bar().encode(
        x=alt.X("percent:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
        y=y,
        yOffset=offset,
        color=colour,
        tooltip=[alt.Tooltip("label:N", title="Barrier"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("percent:Q", title="Percent", format=".0f"), alt.Tooltip("n:Q", title="n", format=",")],
    )
    whiskers = base.mark_rule(color="#222222").encode(x="ci_low:Q", x2="ci_high:Q", y=y, yOffset=offset)
    sizes = survey_barriers().groupby("group")["base_n"].max()
    subtitle = (f"Room: % of {n_room} learners ranking it in their top {top}. Survey: % ticking it ("
                + "; ".join(f"{g} n = {int(v):,}" for g, v in sizes.items()) + "). Lines: 95% intervals.")
    return alt.layer(bars, whiskers).properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width=380,
        height=max(120, 30 * len(order)),
    )


# ----------------------------------------------------------------------------------------
# Demo folder for the instructor notebook (deterministic)
# ----------------------------------------------------------------------------------------

_DEMO_README = """# Demo poll folder

Example room-poll files for `90_room_poll.ipynb`. They are invented: no real learner wrote them.
Some are broken on purpose (cut short, too big, another tool's file, a picture, a sub-folder,
copies) so that the notebook's list of skipped files has something to show.

Regenerate (the files come out byte for byte the same):

    python -m aicollab.poll --write-demo notebooks/room_poll_demo
"""

# The answers lesson 6's term sheet gives (aicollab.termsheet.POLL_RULE_ANSWERS).
_DEMO_RULES = ["Shapley value", "Proportional to contributions", "Proportional to contributions", "Equal split",
               "Nash bargaining", "Negotiated without a formula"]
_DEMO_CONDITIONS = [
    "Clinicians named as co-inventors when their labels shaped the product",
    "Data stays on hospital servers; the company trains on-site",
    "A free licence for the hospital that supplied the data",
    "Revenue share reviewed every two years",
    "An independent clinical validation before any sale",
    "Publication rights for the research team, after a short delay",
]


def _demo_documents() -> list[tuple[str, bytes]]:
    rng = random.Random(20260112)
    resources = list(_FALLBACK_RESOURCES)
    barriers = barrier_names()
    # A room that leans towards the legal and standards problems, with individual variety.
    tilt = {b: 1.0 for b in barriers}
    for b, extra in (("legal", 3.0), ("standards", 2.5), ("data_access", 2.0), ("translation", 1.5),
                     ("credibility", 1.0)):
        if b in tilt:
            tilt[b] += extra
    start = datetime(2026, 11, 24, 10, 30, tzinfo=timezone.utc)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def ranking(k: int) -> list[str]:
        pool = list(barriers)
        chosen = []
        for _ in range(k):
            weights = [tilt[b] for b in pool]
            pick = rng.choices(pool, weights=weights)[0]
            pool.remove(pick)
            chosen.append(pick)
        return chosen

    def doc(i: int, *, weights=True, rank=True, capstone=True, name=None) -> dict[str, Any]:
        d: dict[str, Any] = {"kit": KIT_MARKER, "version": FORMAT_VERSION, "submission_id": new_id(),
                             "created": (start + timedelta(minutes=i, seconds=rng.randrange(60))).isoformat(timespec="milliseconds"),
                             "name": name}
        w = {r: float(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])) for r in resources}
        w["Image data sharing"] = float(rng.choice([3, 4, 5, 5]))
        w["Algorithm development"] = float(rng.choice([2, 3, 4, 5]))
        d["weights"] = w if weights else {}
        d["barrier_ranking"] = ranking(rng.choice([3, 4, 5, 5])) if rank else []
        d["capstone"] = ({"Which sharing rule would you propose?": rng.choice(_DEMO_RULES),
                          "Share for the clinicians (%)": rng.choice([15, 20, 20, 25, 25, 30, 35]),
                          "Joint steering committee": rng.random() < 0.8,
                          "One condition you would insist on": rng.choice(_DEMO_CONDITIONS)}
                         if capstone else {})
        return d

    def dump(d: Any) -> bytes:
        return (json.dumps(d, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    files: list[tuple[str, bytes]] = []
    names = [None, None, "Team Kestrel", None, None, None, "Priya", None, None, None, None, None, None, None]
    docs = []
    for i, name in enumerate(names):
        d = doc(i, name=name, weights=i not in (4,), rank=i not in (9, 12), capstone=i not in (5, 9))
        docs.append(d)
        files.append((_default_file_name(d["name"], d["submission_id"]), dump(d)))

    # Values left out one by one: the rest of this file still counts.
    messy = doc(20)
    messy["weights"].update({"Funding": -2.0, "Clinical information": float("nan"), "Engineering and compute": "3"})
    # Survey wording and labels are accepted; an unknown, a repeated and an unmapped entry are not.
    messy["barrier_ranking"] = ["Lack of legal guidelines", "Too many meetings", "legal", "Policy support",
                                "Industry standards"]
    messy["capstone"]["Draw the deal"] = {"sketch": "see whiteboard"}
    files.append((_default_file_name(None, messy["submission_id"]), dump(messy)))

    # Typed by hand: no id, no date; still counted, under an id made from its content.
    by_hand = {"kit": KIT_MARKER, "version": 1,
               "weights": {"image data sharing": 5, "Clinical needs and issues": 4, "Funding": 1}}
    files.append(("room-poll-typed-by-hand.json", dump(by_hand)))

    # Duplicates: a browser's "(1)" copy of a file, and an older save of the same submission.
    first_name, first_bytes = files[0]
    files.append((first_name.replace(".json", " (1).json"), first_bytes))
    older = json.loads(files[1][1])
    older["created"] = (start - timedelta(minutes=30)).isoformat(timespec="milliseconds")
    older["barrier_ranking"] = older["barrier_ranking"][:1]
    files.append((files[1][0].replace(".json", " (2).json"), dump(older)))

    # Files that are skipped, each for its own reason.
    cut = dump(doc(30))
    files.append(("room-poll-cut-short.json", cut[: len(cut) * 3 // 5]))
    essay = doc(31)
    essay["capstone"]["One condition you would insist on"] = " ".join(
        ["A long essay pasted into the answer box."] * 1800)
    files.append(("room-poll-essay.json", dump(essay)))
    files.append(("settings.json", dump({"theme": "JupyterLab Light", "fontSize": 14})))
    files.append(("quiz-answers.json", dump({"kit": "another-quiz-tool", "version": 1, "answers": [2, 1, 4]})))
    newer = doc(32)
    newer["version"] = 2
    files.append(("room-poll-from-the-future.json", dump(newer)))
    empty_answers = {"kit": KIT_MARKER, "version": 1, "submission_id": new_id(),
                     "weights": "lots", "barrier_ranking": "all of them", "capstone": []}
    files.append(("room-poll-no-answers.json", dump(empty_answers)))
    files.append(("notes.txt", b"Ask the room about the 4% in Table 9 before the break.\n"))
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(600))
    files.append(("screenshot.png", png))
    files.append(("README.md", _DEMO_README.encode("utf-8")))
    files.append(("earlier-session/" + _default_file_name(None, new_id()), dump(doc(40))))
    return files


def write_demo_folder(folder: str | os.PathLike) -> list[Path]:
    """Write the deterministic demo submissions (good and bad files) into ``folder``.

    The same call always writes the same bytes. Used to make ``notebooks/room_poll_demo``.
    """
    root = Path(folder)
    written = []
    for relative, data in _demo_documents():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def _main(argv: list[str]) -> int:
    usage = ("usage: python -m aicollab.poll FOLDER          (summarise a folder of poll files)\n"
             "       python -m aicollab.poll --write-demo FOLDER  (write the demo files)")
    if len(argv) == 2 and argv[0] == "--write-demo":
        for path in write_demo_folder(argv[1]):
            print(path)
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        print(usage, file=sys.stderr)
        return 2
    result = collect(argv[0])
    print(result.summary())
    if len(result.skipped):
        print("\nSkipped:")
        for row in result.skipped.itertuples():
            print(f"  {row.file}: {row.reason}")
    if len(result.rejected):
        print("\nValues left out:")
        for row in result.rejected.itertuples():
            print(f"  {row.file} [{row.field}{': ' + row.entry if row.entry else ''}]: {row.reason}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
