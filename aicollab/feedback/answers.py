"""Reading a learner's answer and replying to it: the building blocks of every exercise check.

:class:`Feedback` is what a check returns; the helpers turn an answer of any kind (a number,
text, a list, a chart) into what a check needs, or reply in plain words when it is not the
kind of answer the exercise asks for. Checks raise ``_Reply`` to answer; the dispatcher in
:mod:`aicollab.feedback.checks` turns that into a :class:`Feedback`.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from dataclasses import dataclass
from functools import cache

_MISSING = object()

# ----------------------------------------------------------------------------------------
# Feedback objects
# ----------------------------------------------------------------------------------------

#: status -> (label shown first, border colour, background). Okabe-Ito colours.
_STYLE = {
    "correct": ("Correct!", "#009E73", "#e9f6f1"),
    "incorrect": ("Not quite yet.", "#E69F00", "#fdf5e6"),
    "unanswered": ("Not answered yet:", "#8a8a8a", "#f3f3f3"),
    "wrong_type": ("Check the kind of answer:", "#D55E00", "#fbeee6"),
    "short": ("Keep going:", "#E69F00", "#fdf5e6"),
    "reflection": ("Thank you for writing an answer.", "#0072B2", "#e8f1f8"),
    "problem": ("Cannot check this yet:", "#8a8a8a", "#f3f3f3"),
}


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``status`` (one of the keys above), ``message`` (plain text).

    ``text`` is the whole message as plain text; ``to_html()`` the same words in a small
    coloured box (backticks become ``<code>``; line breaks are kept).
    """

    exercise: str
    status: str
    message: str

    @property
    def label(self) -> str:
        return _STYLE[self.status][0]

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def body(self) -> str:
        """The message, starting with a capital letter when the label ends a sentence."""
        if self.label.endswith((".", "!")) and self.message[:1].islower():
            return self.message[0].upper() + self.message[1:]
        return self.message

    @property
    def text(self) -> str:
        return f"Exercise {self.exercise}. {self.label} {self.body}"

    def to_html(self) -> str:
        label, border, background = _STYLE[self.status]
        body = html.escape(self.body, quote=False)
        body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body).replace("\n", "<br>")
        return (
            f'<div class="aicollab-feedback aicollab-feedback-{self.status}" role="status" '
            f'style="border-left: 4px solid {border}; background: {background}; color: #1a1a1a; '
            'padding: 0.5rem 0.75rem; margin: 0.25rem 0; border-radius: 4px; max-width: 46rem;">'
            f"Exercise {html.escape(self.exercise)}. <strong>{html.escape(label)}</strong> {body}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.text}

    def __str__(self) -> str:
        return self.text


class _Reply(Exception):
    """Raised inside a check to end it with a given status and message."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _say(status: str, message: str):
    raise _Reply(status, message)


# ----------------------------------------------------------------------------------------
# Reading answers
# ----------------------------------------------------------------------------------------


def _unanswered(answer) -> bool:
    if answer is _MISSING or answer is Ellipsis or answer is None:
        return True
    return isinstance(answer, str) and not answer.strip()


def _describe(value) -> str:
    """A learner-friendly name for the kind of a value."""
    import pandas as pd

    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, pd.DataFrame):
        return f"a table (DataFrame) with {len(value)} rows"
    if isinstance(value, pd.Series):
        return f"a column (Series) of {len(value)} values"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, (list, tuple, set)):
        return f"a {type(value).__name__} of {len(value)} values"
    return f"a {type(value).__name__}"


def _short(value, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _single(value):
    """Unwrap a one-element Series/DataFrame/array/list; return value unchanged otherwise."""
    import numpy as np
    import pandas as pd

    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray)) and value.size == 1:
        return value.to_numpy().ravel()[0] if not isinstance(value, np.ndarray) else value.ravel()[0]
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return value[0]
    return value


def _number(answer, var: str) -> float:
    """The answer as a float, or a wrong-type reply that says what was typed instead."""
    import numpy as np

    value = _single(answer)
    if isinstance(value, (bool, np.bool_)):
        _say(
            "wrong_type",
            f"`{var}` is {value}, a yes/no value. This exercise expects a number, for example `{var} = 42`.",
        )
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            _say(
                "wrong_type",
                f"`{var}` is NaN ('not a number'), which usually means a missing value in the data. Check the row you picked.",
            )
        if math.isinf(number):
            _say("wrong_type", f"`{var}` is infinite; did you divide by zero?")
        return number
    if isinstance(value, str):
        try:
            float(value.replace(",", "").replace("%", "").strip())
        except ValueError:
            _say(
                "wrong_type",
                f"`{var}` is text ({_short(value)}), but this exercise expects a number. Numbers are typed without quotes, for example `{var} = 42`.",
            )
        _say(
            "wrong_type",
            f"`{var}` is text, because of the quotes around {_short(value)}. Python treats anything in quotes as text; remove the quotes (and any % sign) so it becomes a number.",
        )
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value) and 0 <= value[1] < 1000:
        _say(
            "wrong_type",
            f"`{var}` is two numbers, {value}: Python reads a comma as a separator, so `{value[0]},{value[1]:03d}` became a pair. Type the number without the thousands comma, e.g. `{value[0]}{value[1]:03d}`.",
        )
    if hasattr(value, "__len__") and not isinstance(value, dict):
        _say(
            "wrong_type",
            f"`{var}` holds {_describe(value)}; this exercise expects one number. Pick a single value, for example with `.iloc[0]`, `.sum()` or `.max()`.",
        )
    _say("wrong_type", f"`{var}` is {_describe(value)}; this exercise expects a number.")


def _text(answer, var: str) -> str:
    """The answer as text, or a wrong-type reply."""
    value = _single(answer)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, numbers.Number):
        _say(
            "wrong_type",
            f'`{var}` is a number ({_short(value)}), but this exercise expects text. Put the words in quotes, for example `{var} = "Image data sharing"`.',
        )
    _say(
        "wrong_type",
        f'`{var}` is {_describe(value)}; this exercise expects text in quotes, for example `{var} = "..."`.',
    )


def _norm(text: str) -> str:
    text = str(text).casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_STOP = {"the", "and", "with", "for", "from", "into", "that", "this", "their", "data"}


def _match(answer: str, options: list[str]) -> str | None:
    """The option the learner's text names (case, punctuation and extra words forgiven)."""
    a = _norm(answer)
    if not a:
        return None
    normed = {o: _norm(o) for o in options}
    exact = [o for o, n in normed.items() if n == a]
    if exact:
        return exact[0]
    contained = [o for o, n in normed.items() if a in n or n in a]
    if len(contained) == 1:
        return contained[0]
    words = {w for w in a.split() if len(w) >= 4 and w not in _STOP}
    scores = {o: len(words & {w for w in n.split() if len(w) >= 4 and w not in _STOP}) for o, n in normed.items()}
    best = max(scores.values(), default=0)
    winners = [o for o, s in scores.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def _fmt(x: float, digits: int = 1) -> str:
    """Numbers for messages: 357 -> '357', 24.93 -> '24.9', 3342.3 -> '3,342.3'."""
    if abs(x - round(x)) < 10 ** (-digits) / 2:
        return f"{round(x):,}"
    return f"{x:,.{digits}f}"


def _context(ctx: dict, name: str, how: str):
    if name not in ctx:
        _say(
            "problem",
            f"this check also needs `{name}`. Run the check line as it is given in the notebook, e.g. `{how}`.",
        )
    return ctx[name]


# ----------------------------------------------------------------------------------------
# Reflective answers
# ----------------------------------------------------------------------------------------

_MODEL_POINTER = (
    "Compare it with the model answer: in the instructor edition of the book it is folded "
    "under the exercise; in a workshop, your instructor will share the key points."
)

#: What a keyword check can and cannot know; part of every reflective reply.
_KEYWORD_LIMIT = "A keyword check sees words, not reasoning: it cannot tell whether your answer makes these points."


def _keyword_found(pattern: str, text: str) -> bool:
    """Does ``text`` contain a word that *starts* with ``pattern``? ("lose" must not match "close")."""
    return re.search(rf"\b(?:{pattern})", text, re.IGNORECASE) is not None


def _reflect(answer, var: str, key_points: list[tuple[str, str, str]], min_words: int = 12) -> None:
    """End a reflective check honestly: what the answer mentions, what a model answer adds.

    ``key_points``: ``(topic, model_point, pattern)``: a short topic name, the point as the
    model answer makes it, and a regular expression for words linked to the topic (matched
    at the start of a word). The reply names the topics whose words the answer uses, lists
    the model answer's points it does not mention, and always says that a keyword check
    cannot judge the reasoning. It never tells a learner the answer is complete: a vague
    answer can contain every keyword.
    """
    text = _text(answer, var)
    words = len(text.split())
    if words < min_words:
        _say(
            "short",
            f"your answer has {words} word{'s' if words != 1 else ''}. Write two or three sentences (at least {min_words} words) so that you can compare them with the model answer.",
        )
    found = [topic for topic, _, pattern in key_points if _keyword_found(pattern, text)]
    absent = [topic for topic, _, pattern in key_points if not _keyword_found(pattern, text)]
    if found:
        parts = ["Your answer uses words linked to: " + "; ".join(found) + "."]
    else:
        parts = ["Your answer uses none of the words this check looks for."]
    if absent:
        parts.append("It uses no words linked to: " + "; ".join(absent) + ".")
    parts.append("A model answer makes these points: " + "; ".join(point for _, point, _ in key_points) + ".")
    parts.append(_KEYWORD_LIMIT)
    parts.append(_MODEL_POINTER)
    _say("reflection", "\n".join(parts))


# ----------------------------------------------------------------------------------------
# Charts
# ----------------------------------------------------------------------------------------


def _walk(obj, key: str) -> list:
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                found.append(v)
            found += _walk(v, key)
    elif isinstance(obj, list):
        for v in obj:
            found += _walk(v, key)
    return found


def _chart_spec(answer, var: str, how: str) -> dict:
    import altair as alt
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        _say("wrong_type", f"`{var}` is a table, not a chart. Pass the table to a chart function, for example `{how}`.")
    if not isinstance(answer, alt.TopLevelMixin):
        _say(
            "wrong_type", f"`{var}` is {_describe(answer)}; this exercise expects an Altair chart, for example `{how}`."
        )
    try:
        spec = answer.to_dict()
    except Exception as error:  # schema errors: show the first line only
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        _say("incorrect", f"Altair cannot build this chart yet: {first}")
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    if not str(title or "").strip():
        _say(
            "incorrect",
            'the chart has no title. Every chart in the kit needs one: add `title="..."` (or `.properties(title=...)`).',
        )
    if len(str(spec.get("description") or "").split()) < 5:
        _say(
            "incorrect",
            'the chart needs a description of at least five words: its text alternative for screen readers and the caption under the chart. Add `description="..."` (or `.properties(description=...)`).',
        )
    return spec


def _chart_rows(spec: dict) -> list[dict]:
    rows = []
    for values in (spec.get("datasets") or {}).values():
        rows += [r for r in values if isinstance(r, dict)]
    for data in _walk(spec, "data"):
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            rows += [r for r in data["values"] if isinstance(r, dict)]
    return rows


def _chart_values(spec: dict) -> set[str]:
    return {str(v) for row in _chart_rows(spec) for v in row.values()} | {
        str(k) for row in _chart_rows(spec) for k in row
    }


def _chart_fields(spec: dict) -> set[str]:
    return {f for f in _walk(spec, "field") if isinstance(f, str)}


def _chart_marks(spec: dict) -> set[str]:
    marks = set()
    for mark in _walk(spec, "mark"):
        marks.add(mark.get("type") if isinstance(mark, dict) else mark)
    return {m for m in marks if isinstance(m, str)}


# ----------------------------------------------------------------------------------------
# Data the checks compute from
# ----------------------------------------------------------------------------------------


@cache
def _survey():
    from aicollab.data import load_survey

    return load_survey()


def _section(section_id: str):
    survey = _survey()
    return survey[survey["section_id"] == section_id].reset_index(drop=True)


def _row(section_id: str, contains: str):
    sec = _section(section_id)
    hit = sec[sec["item"].str.contains(contains, case=False, regex=False)]
    return hit.iloc[0]


@cache
def _meta(key: str) -> float:
    from aicollab.data import load_metadata

    meta = load_metadata()
    rows = meta[(meta["key"] == key) & (meta["source"] == "ye2026collaborations")]
    return float(rows["value"].iloc[0])
