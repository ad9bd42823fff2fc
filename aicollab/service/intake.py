"""From a learner's post to the answers the room counts, and from those to the room's tables.

The rules of what a submission may hold are the room-poll file format's, applied by exactly
the function the instructor's folder reader uses (:func:`aicollab.poll.fileformat.read_submission`):
one set of rules, not two. What the service adds is *who*: the hub told it which user sent the
post, so

- the submission id is the room's id for that user (:meth:`Store.submission_id`), whatever
  id the body carries: a learner's newer post replaces their own answers and nobody else's;
- the name is the user's hub name when the learner opted in (the body carries a name), and
  nothing otherwise: a body cannot put another learner's name in front of the room;
- ``created`` is the time the service stored it.

The room's tables are built by :func:`aicollab.poll.collect` itself, over the current
submissions written as poll files (:func:`room_result`), so the live page, the CSV export and
the instructor's notebook count the same way.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from aicollab.poll import collect
from aicollab.poll.export import _default_file_name
from aicollab.poll.fileformat import FORMAT_VERSION, KIT_MARKER, MAX_BYTES, read_submission

from .store import Row, Store, now_iso


@dataclass(frozen=True)
class Accepted:
    """A post that counts: the document to store and the notes for the learner."""

    document: dict
    notes: list[list[str]]
    received: str


def accept(store: Store, user: str, body: bytes) -> tuple[Accepted | None, str | None]:
    """``(Accepted, None)`` when ``body`` holds usable answers from ``user``; ``(None, reason)`` when not."""
    if len(body) > MAX_BYTES:
        return None, f"the answers are larger than {MAX_BYTES // 1024} KB"
    submission, reason = read_submission(body, "your answers")
    if submission is None:
        return None, reason
    notes = [list(row) for row in submission.rejected if row[0] != "submission_id"]
    opted_in = submission.name is not None
    if opted_in and submission.name != user:
        notes.append(
            [
                "name",
                submission.name,
                f"the room shows your hub name ({user}), never a name typed in the answers",
            ]
        )
    received = now_iso()
    document = {
        "kit": KIT_MARKER,
        "version": FORMAT_VERSION,
        "submission_id": store.submission_id(user),
        "created": received,
        "name": user if opted_in else None,
        "weights": dict(submission.weights),
        "barrier_ranking": list(submission.ranking),
        "capstone": dict(submission.capstone),
    }
    return Accepted(document, notes, received), None


def poll_file(row: Row) -> tuple[str, bytes]:
    """One current submission as a room-poll file: (file name, bytes)."""
    document = row.document
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return _default_file_name(document.get("name"), document["submission_id"]), data


def room_result(rows: list[Row]):
    """The room's :class:`aicollab.poll.PollResult`, read by ``collect`` from the current submissions."""
    with tempfile.TemporaryDirectory(prefix="room-poll-") as folder:
        for row in rows:
            name, data = poll_file(row)
            (Path(folder) / name).write_bytes(data)
        result = collect(folder)
    return result


def export_zip(rows: list[Row]) -> bytes:
    """Every current submission as a poll file, in one zip (unzip it and run ``collect`` on the folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            name, data = poll_file(row)
            archive.writestr(f"room_poll_inbox/{name}", data)
    return buffer.getvalue()


def export_csv(rows: list[Row]) -> bytes:
    """The room's answers as the instructor's CSV (the same table as ``aicollab poll collect --csv``)."""
    text = room_result(rows).answers().to_csv(index=False)
    return text.encode("utf-8")
