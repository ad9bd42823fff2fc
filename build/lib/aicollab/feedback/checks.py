"""Self-checks for the exercise notebooks: specific, kind feedback instead of tracebacks.

In a notebook::

    from aicollab.feedback.checks import check
    check("2.1", total_offered)

shows a short coloured box (HTML, with the same words as plain text) saying what is right,
what is not yet, and where to look. It never raises: an unanswered exercise (``...``,
``None`` or empty text) says "Not answered yet: …", an answer of the wrong kind ("I typed
text where a number was expected") gets a plain explanation, and anything unexpected is
reported in one sentence rather than a traceback.

Expected answers are computed from the kit's data (``aicollab.data``) and value-sharing
engine (:mod:`aicollab.model`), never typed in
here; tolerances allow for rounding. Some checks take the exercise's inputs as keyword
arguments (``check("4.2", phi, players=players, v=v)``) so that the numbers live in one
place, the notebook. Reflective questions get a pointer to the model answer plus hints
based on the key points a good answer mentions.

:func:`feedback` returns the :class:`Feedback` without displaying it (used by the tests).
Output is deterministic, so nbval can compare it.
"""

from __future__ import annotations

import re
from typing import Any

from .answers import (
    _MISSING,
    Feedback,
    _Reply,
    _unanswered,
)

__all__ = ["check", "feedback", "Feedback", "EXERCISES", "Exercise"]


from . import checks_survey, checks_value  # noqa: F401,E402  (each registers its exercises)
from .registry import EXERCISES, Exercise  # noqa: E402

# ----------------------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------------------


def _exercise_id(exercise) -> str:
    text = str(exercise).strip()
    text = re.sub(r"^(exercise|ex)\s*", "", text, flags=re.IGNORECASE).strip()
    return text


def feedback(exercise, answer=_MISSING, **context: Any) -> Feedback:
    """Check ``answer`` for ``exercise`` (e.g. ``"2.1"``) and return the :class:`Feedback`."""
    eid = _exercise_id(exercise)
    entry = EXERCISES.get(eid)
    if entry is None:
        known = ", ".join(EXERCISES)
        return Feedback(eid or "?", "problem", f"there is no exercise {eid!r} in the kit. The exercises are: {known}.")
    if _unanswered(answer):
        return Feedback(
            eid,
            "unanswered",
            f"replace the `...` after `{entry.var} =` with your answer, run that cell, then run this check again.",
        )
    try:
        entry.check(answer, context)
    except _Reply as reply:
        return Feedback(eid, reply.status, reply.message)
    except Exception as error:  # never show a traceback to a learner
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return Feedback(
            eid,
            "problem",
            f"something in your answer could not be checked ({type(error).__name__}{': ' + detail if detail else ''}). Compare its form with the example in the exercise text.",
        )
    return Feedback(
        eid, "problem", "the check finished without a verdict; please report this to the kit's maintainers."
    )


def check(exercise, answer=_MISSING, **context: Any) -> None:
    """Show feedback on ``answer`` for ``exercise`` (e.g. ``check("2.1", total_offered)``).

    Displays a short box in Jupyter (HTML, same words as the plain-text version); prints the
    plain text elsewhere. Never raises. Returns None, so nothing is shown twice.
    """
    result = feedback(exercise, answer, **context)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is always present with Jupyter
        print(result.text)
        return None
    if get_ipython() is None:
        print(result.text)
        return None
    display({"text/html": result.to_html(), "text/plain": result.text}, raw=True)
    return None
