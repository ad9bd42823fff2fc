"""The one error every input check raises: :class:`InputError`, a ``ValueError`` with a place."""

from __future__ import annotations

import os

from .messages import bounded, printable


class InputError(ValueError):
    """Bad input, in a plain sentence that names the file, the line and the field when known.

    ``str(error)`` is ``"<file>, line <n>, <field>: <problem>"`` (parts that are unknown are
    left out); the problem is at most ``messages.max_chars`` characters of the rules file long
    and the place at most 200. The parts stay
    available as attributes: ``file``, ``line``, ``field``, ``problem``.
    """

    def __init__(self, problem: str, *, file=None, line: int | None = None, field: str | None = None):
        self.problem = str(problem)
        self.file = os.fspath(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self.compose())

    def where(self) -> str:
        """The place part of the message ("notes.json, line 3, partners[1].name"), or ""."""
        parts = []
        if self.file:
            parts.append(printable(self.file, keep_newlines=False))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(printable(self.field, keep_newlines=False))
        return ", ".join(parts)

    def compose(self) -> str:
        """The message: the place (cut to 200 characters) and the problem (cut to ``max_chars``)."""
        where = bounded(self.where(), 200)
        problem = bounded(self.problem)
        return f"{where}: {problem}" if where else problem

    def __reduce__(self):  # picklable across processes (pytest-xdist, multiprocessing)
        return (_rebuild, (type(self), self.problem, self.file, self.line, self.field))


def _rebuild(cls, problem, file, line, field):
    return cls(problem, file=file, line=line, field=field)
