"""The instructor's side of the room poll: read a folder of poll files into tidy tables."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from aicollab import inputs

from .fileformat import MAX_BYTES, Submission, read_submission
from .vocabulary import _key, known_resources

SUBMISSION_COLUMNS = ["submission_id", "file", "name", "created", "n_weights", "n_ranked", "n_capstone", "missing"]
WEIGHT_COLUMNS = ["submission_id", "resource", "weight", "share", "known"]
RANKING_COLUMNS = ["submission_id", "barrier", "rank", "n_ranked"]
CAPSTONE_COLUMNS = ["submission_id", "question", "answer"]
SKIPPED_COLUMNS = ["file", "reason"]
REJECTED_COLUMNS = ["file", "submission_id", "field", "entry", "reason"]
CONFLICT_COLUMNS = ["shared_id", "submission_id", "file", "name", "created", "n_weights", "n_ranked", "n_capstone"]


@dataclass(frozen=True, eq=False)
class PollResult:
    """What :func:`collect` found in a folder. Every table is tidy (one row per fact).

    - ``submissions``: one row per counted submission (``missing`` names absent parts);
    - ``weights``: submission_id, resource, weight, share (% of that learner's total), known;
    - ``rankings``: submission_id, barrier, rank (1 = most important), n_ranked;
    - ``capstone``: submission_id, question, answer (as text);
    - ``skipped``: file, reason: every entry of the folder that was not counted;
    - ``rejected``: file, submission_id, field, entry, reason: values left out of counted files
      (and values cleaned before counting, e.g. an invisible character removed);
    - ``conflicts``: files that share one submission id but give different answers. Each is
      counted (the second as ``<id>~2``, and so on), so no answer is hidden; columns
      shared_id, submission_id, file, name, created, n_weights, n_ranked, n_capstone.
    """

    folder: str
    submissions: pd.DataFrame
    weights: pd.DataFrame
    rankings: pd.DataFrame
    capstone: pd.DataFrame
    skipped: pd.DataFrame
    rejected: pd.DataFrame
    conflicts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONFLICT_COLUMNS))

    @property
    def n(self) -> int:
        """Number of counted submissions."""
        return len(self.submissions)

    def summary(self) -> str:
        """A few plain sentences on what was read, for the top of the instructor notebook."""
        s = self.submissions
        n_entries = self.n + len(self.skipped)
        lines = []
        if len(self.conflicts):
            groups = self.conflicts.groupby("shared_id", sort=False)["file"].apply(list)
            for files in groups:
                shown = ", ".join(files[:4]) + (", …" if len(files) > 4 else "")
                lines.append(
                    f"Warning: {len(files)} files share one submission id but give different answers ({shown}): "
                    "each is counted, so no answer is hidden (see .conflicts)."
                )
        lines += [
            f"Folder '{self.folder}': {n_entries} entries read, {self.n} submissions counted, "
            f"{len(self.skipped)} skipped (see .skipped).",
            f"Answers: {int((s['n_weights'] > 0).sum())} gave weights, {int((s['n_ranked'] > 0).sum())} "
            f"ranked barriers, {int((s['n_capstone'] > 0).sum())} answered the capstone.",
        ]
        if len(self.rejected):
            lines.append(f"{len(self.rejected)} single values were left out of counted files (see .rejected).")
        return "\n".join(lines)

    def answers(self) -> pd.DataFrame:
        """Every counted answer in one long table: one row per weight, ranked barrier or capstone answer.

        Columns: submission_id, name, created, field ("weights", "barrier_ranking" or
        "capstone"), item (resource, rank or question) and value (as text). The instructor's
        CSV export (:meth:`to_csv`, ``aicollab poll collect --csv``).
        """
        subs = self.submissions.set_index("submission_id")[["name", "created"]]
        parts = [
            self.weights.assign(
                field="weights", item=self.weights["resource"], value=self.weights["weight"].map(lambda w: f"{w:g}")
            ),
            self.rankings.assign(
                field="barrier_ranking", item=self.rankings["rank"].astype(str), value=self.rankings["barrier"]
            ),
            self.capstone.assign(field="capstone", item=self.capstone["question"], value=self.capstone["answer"]),
        ]
        columns = ["submission_id", "field", "item", "value"]
        long = pd.concat([p[columns] for p in parts], ignore_index=True).astype("str")
        long = long.join(subs, on="submission_id")
        return long[["submission_id", "name", "created", "field", "item", "value"]]

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write :meth:`answers` to a UTF-8 CSV file (opens in a spreadsheet); returns its path."""
        target = Path(path)
        self.answers().to_csv(target, index=False, encoding="utf-8")
        return target

    def __repr__(self) -> str:
        conflicts = f", {len(self.conflicts)} files in id conflicts" if len(self.conflicts) else ""
        return (
            f"<PollResult: {self.n} submissions, {len(self.skipped)} skipped, "
            f"{len(self.rejected)} values left out{conflicts}>"
        )


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


def _file_label(name: str) -> str:
    """A file name as shown in the tables: control, bidi and broken characters escaped, so a name
    can neither rewrite a terminal nor stop a table from being shown."""
    return inputs.printable(name, keep_newlines=False)


def _read_entry(entry: os.DirEntry, label: str, now: datetime | None) -> tuple[Submission | None, str | None]:
    reason = _entry_reason(entry)
    if reason is not None:
        return None, reason
    data, reason = _read_bytes(Path(entry.path))
    if reason is not None:
        return None, reason
    try:
        return read_submission(data, label, now=now)
    except Exception as error:  # a last guard: one file must never stop the room's poll
        return None, f"could not be read (an internal problem: {type(error).__name__}); please report it"


def _order_key(s: Submission) -> tuple:
    """Versions in the order they were made (believed times first), then by file name."""
    return (s.created is None, s.created.timestamp() if s.created else 0.0, len(s.file), s.file)


def _resolve_ids(
    candidates: list[Submission],
) -> tuple[list[Submission], list[tuple[str, str]], list[tuple]]:
    """(counted, skipped rows, conflict rows): identical answers count once; different answers
    under one id all count, each flagged, so no file can hide another learner's answers."""
    by_id: dict[str, list[Submission]] = {}
    for c in candidates:
        by_id.setdefault(c.submission_id, []).append(c)
    kept: list[Submission] = []
    skipped: list[tuple[str, str]] = []
    conflicts: list[tuple] = []
    for sid, group in by_id.items():
        versions: dict[str, list[Submission]] = {}
        for c in sorted(group, key=lambda c: (len(c.file), c.file)):
            versions.setdefault(c.answers_digest, []).append(c)
        firsts = []
        for copies in versions.values():
            first = copies[0]  # among identical copies, the shortest name: usually the original
            firsts.append(first)
            for other in copies[1:]:
                skipped.append((other.file, f"duplicate: an identical copy of {first.file} (counted once)"))
        firsts.sort(key=_order_key)
        if len(firsts) > 1:
            names = [c.file for c in firsts]
            for k, c in enumerate(firsts):
                others = ", ".join(n for n in names if n != c.file)
                counted_as = sid if k == 0 else f"{sid}~{k + 1}"
                c.rejected.append(
                    (
                        "submission_id",
                        "",
                        f"shares its id with {others}, but the answers differ: each is counted (this one as "
                        f"{counted_as}); if one learner simply saved twice, delete the older file and collect again",
                    )
                )
                c.submission_id = counted_as
                created = c.created.isoformat(timespec="seconds") if c.created else None
                conflicts.append(
                    (sid, counted_as, c.file, c.name, created, len(c.weights), len(c.ranking), len(c.capstone))
                )
        kept.extend(firsts)
    return kept, skipped, conflicts


def collect(folder: str | os.PathLike, *, now: datetime | None = None) -> PollResult:
    """Read every file in ``folder`` and return the room's answers (see the module notes).

    Files are only opened for reading; nothing in the folder is changed. ``now`` (default: the
    current time) bounds a believable ``created``. Raises ``FileNotFoundError`` /
    ``NotADirectoryError`` when ``folder`` is not a folder; never raises for a bad file.
    """
    root = Path(folder)
    if not root.exists():
        raise FileNotFoundError(
            f"No folder called {str(root)!r}. Put the room's poll files in a folder and pass its path."
        )
    if not root.is_dir():
        raise NotADirectoryError(f"{str(root)!r} is a file, not a folder. Pass the folder that holds the poll files.")

    skipped: list[tuple[str, str]] = []
    candidates: list[Submission] = []
    with os.scandir(root) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        label = _file_label(entry.name) + ("/" if entry.is_dir(follow_symlinks=False) else "")
        candidate, reason = _read_entry(entry, label, now)
        if candidate is not None:
            candidates.append(candidate)
        else:
            skipped.append((label, reason))
    kept, duplicates, conflict_rows = _resolve_ids(candidates)
    skipped += duplicates
    kept.sort(key=lambda c: c.file)
    skipped.sort(key=lambda row: row[0])
    return _tables(root, kept, skipped, conflict_rows)


def _tables(root: Path, kept: list[Submission], skipped: list[tuple[str, str]], conflict_rows: list[tuple]):
    sub_rows, w_rows, r_rows, c_rows, rej_rows = [], [], [], [], []
    known = {_key(r) for r in known_resources()}
    labels: dict[str, str] = {}  # one spelling per resource across files (the first file's)
    for c in kept:
        created = c.created.isoformat(timespec="seconds") if c.created else None
        sub_rows.append(
            (
                c.submission_id,
                c.file,
                c.name,
                created,
                len(c.weights),
                len(c.ranking),
                len(c.capstone),
                ", ".join(c.missing),
            )
        )
        total = sum(c.weights.values())
        for resource, weight in c.weights.items():
            label = labels.setdefault(_key(resource), resource)
            share = weight / total * 100 if total > 0 else float("nan")
            w_rows.append((c.submission_id, label, weight, share, _key(resource) in known))
        for rank, barrier in enumerate(c.ranking, start=1):
            r_rows.append((c.submission_id, barrier, rank, len(c.ranking)))
        for question, answer in c.capstone.items():
            c_rows.append((c.submission_id, question, answer))
        for field_name, entry, reason in c.rejected:
            rej_rows.append((c.file, c.submission_id, field_name, entry, reason))

    def frame(rows, columns, dtypes):
        return pd.DataFrame(rows, columns=columns).astype(dtypes)

    text = "str"
    counts = {"n_weights": "int64", "n_ranked": "int64", "n_capstone": "int64"}
    return PollResult(
        folder=_file_label(root.name or str(root)),
        submissions=frame(
            sub_rows, SUBMISSION_COLUMNS, {"submission_id": text, "file": text, **counts, "missing": text}
        ),
        weights=frame(
            w_rows,
            WEIGHT_COLUMNS,
            {"submission_id": text, "resource": text, "weight": "float64", "share": "float64", "known": "bool"},
        ),
        rankings=frame(
            r_rows, RANKING_COLUMNS, {"submission_id": text, "barrier": text, "rank": "int64", "n_ranked": "int64"}
        ),
        capstone=frame(c_rows, CAPSTONE_COLUMNS, {"submission_id": text, "question": text, "answer": text}),
        skipped=frame(skipped, SKIPPED_COLUMNS, {"file": text, "reason": text}),
        rejected=frame(
            rej_rows,
            REJECTED_COLUMNS,
            {"file": text, "submission_id": text, "field": text, "entry": text, "reason": text},
        ),
        conflicts=frame(
            conflict_rows, CONFLICT_COLUMNS, {"shared_id": text, "submission_id": text, "file": text, **counts}
        ),
    )
