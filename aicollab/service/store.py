"""The room poll's storage: one SQLite file in the service's data folder.

Why SQLite, and how it keeps every acknowledged answer:

- WAL mode with ``synchronous=FULL``: each submission is one transaction, committed (and the
  write-ahead log synced to disk) before the service answers the learner. A ``kill -9`` of the
  service, a crash or the hub restarting it loses nothing that was acknowledged.
- History is kept: every accepted post is a new row, never an update. A learner's *current*
  answers are their newest row; the room's current answers are one newest row per learner.
- Rows are keyed by the hub user the service authenticated, never by anything in the body, so
  a post can only ever add to its own sender's history.

Standard library only, so it can be tested without JupyterHub. One connection per store; the
service runs on one tornado thread, so calls never overlap.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE_NAME = "room-poll.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,            -- the authenticated hub user
    received TEXT NOT NULL,        -- when the service stored it (ISO 8601, UTC)
    document TEXT NOT NULL,        -- the answers as counted: a room-poll file (JSON)
    raw BLOB NOT NULL,             -- the body exactly as posted
    notes TEXT NOT NULL            -- JSON list of [field, entry, reason]: values left out or changed
);
CREATE INDEX IF NOT EXISTS submissions_by_user ON submissions (user, id);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Row:
    """One stored submission."""

    id: int
    user: str
    received: str
    document: dict
    notes: list[list[str]]
    versions: int = 1  # how many submissions this user has sent (filled in by current())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """The poll's database at ``folder/room-poll.sqlite`` (created, with the folder, if missing)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / FILE_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        mode = self._db.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError(f"the poll database {self.path} could not use WAL mode (got {mode})")
        with self._transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('namespace', ?)", (str(uuid.uuid4()),)
            )

    def close(self) -> None:
        self._db.close()

    def _transaction(self):
        return _Transaction(self._db)

    # ------------------------------------------------------------------ room settings
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def revealed(self) -> bool:
        """Whether the instructor has shown the room's aggregate to learners."""
        return self.setting("revealed", "no") == "yes"

    def set_revealed(self, revealed: bool) -> None:
        self.set_setting("revealed", "yes" if revealed else "no")

    def submission_id(self, user: str) -> str:
        """The submission id this room gives ``user``: the same for all their submissions.

        A UUID made from the user's name and a random namespace stored with this room's
        database, so exports from two workshops never share ids even when two learners chose
        the same hub name.
        """
        return str(uuid.uuid5(uuid.UUID(self.setting("namespace")), user))

    # ------------------------------------------------------------------ submissions
    def add(self, user: str, document: dict, raw: bytes, notes: list, received: str | None = None) -> Row:
        """Store one submission of ``user``; returns it once it is committed to disk."""
        received = received or now_iso()
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO submissions (user, received, document, raw, notes) VALUES (?, ?, ?, ?, ?)",
                (user, received, text, bytes(raw), json.dumps(notes, ensure_ascii=False)),
            )
        return Row(cursor.lastrowid, user, received, document, [list(n) for n in notes])

    def current(self) -> list[Row]:
        """The room's current submissions: each learner's newest, ordered by user."""
        rows = self._db.execute(
            "SELECT s.id, s.user, s.received, s.document, s.notes, m.n FROM submissions s "
            "JOIN (SELECT user, MAX(id) AS id, COUNT(*) AS n FROM submissions GROUP BY user) m ON s.id = m.id "
            "ORDER BY s.user"
        ).fetchall()
        return [Row(i, u, r, json.loads(d), json.loads(n), count) for i, u, r, d, n, count in rows]

    def mine(self, user: str) -> Row | None:
        """``user``'s newest submission, or None."""
        row = self._db.execute(
            "SELECT id, user, received, document, notes, (SELECT COUNT(*) FROM submissions WHERE user = ?) "
            "FROM submissions WHERE user = ? ORDER BY id DESC LIMIT 1",
            (user, user),
        ).fetchone()
        if row is None:
            return None
        i, u, r, d, n, count = row
        return Row(i, u, r, json.loads(d), json.loads(n), count)

    def history(self, user: str | None = None) -> list[tuple[int, str, str, bytes]]:
        """Every stored submission (id, user, received, raw body), oldest first."""
        if user is None:
            return self._db.execute("SELECT id, user, received, raw FROM submissions ORDER BY id").fetchall()
        return self._db.execute(
            "SELECT id, user, received, raw FROM submissions WHERE user = ? ORDER BY id", (user,)
        ).fetchall()

    def version(self) -> str:
        """Changes whenever the room's answers or the reveal switch change (for live pages)."""
        top = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM submissions").fetchone()[0]
        return f"{top}-{'r' if self.revealed else 'h'}"


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on an error)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, tb):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
