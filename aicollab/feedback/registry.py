"""The registry of exercises: each check registers itself with its id, variable and title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from aicollab.data.figures import fill

# ----------------------------------------------------------------------------------------
# The exercises
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """Registry entry: id (``"2.1"``), the variable the learner fills in, a short title."""

    id: str
    var: str
    title: str
    check: Callable[..., None] = field(repr=False, compare=False)


EXERCISES: dict[str, Exercise] = {}


def _exercise(eid: str, var: str, title: str):
    def register(fn):
        EXERCISES[eid] = Exercise(eid, var, fill(title), fn)
        return fn

    return register
