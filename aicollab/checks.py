"""Self-checks for the exercise notebooks: specific, kind feedback instead of tracebacks.

In a notebook::

    from aicollab.checks import check
    check("2.1", total_offered)

shows a short coloured box (HTML, with the same words as plain text) saying what is right,
what is not yet, and where to look. It never raises: an unanswered exercise (``...``,
``None`` or empty text) says "Not answered yet: …", an answer of the wrong kind ("I typed
text where a number was expected") gets a plain explanation, and anything unexpected is
reported in one sentence rather than a traceback.

Expected answers are computed from the kit's data (``aicollab.data``) and value-sharing
engine (``aicollab.value``, ``aicollab.scenarios``, ``aicollab.deals``), never typed in
here; tolerances allow for rounding. Some checks take the exercise's inputs as keyword
arguments (``check("4.2", phi, players=players, v=v)``) so that the numbers live in one
place, the notebook. Reflective questions get a pointer to the model answer plus hints
based on the key points a good answer mentions.

:func:`feedback` returns the :class:`Feedback` without displaying it (used by the tests).
Output is deterministic, so nbval can compare it.
"""
from __future__ import annotations

import html
import math
import numbers
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

__all__ = ["check", "feedback", "Feedback", "EXERCISES", "Exercise"]

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
        _say("wrong_type", f"`{var}` is {value}, a yes/no value. This exercise expects a number, for example `{var} = 42`.")
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            _say("wrong_type", f"`{var}` is NaN ('not a number'), which usually means a missing value in the data. Check the row you picked.")
        if math.isinf(number):
            _say("wrong_type", f"`{var}` is infinite; did you divide by zero?")
        return number
    if isinstance(value, str):
        try:
            float(value.replace(",", "").replace("%", "").strip())
        except ValueError:
            _say("wrong_type", f"`{var}` is text ({_short(value)}), but this exercise expects a number. Numbers are typed without quotes, for example `{var} = 42`.")
        _say("wrong_type", f"`{var}` is text, because of the quotes around {_short(value)}. Python treats anything in quotes as text; remove the quotes (and any % sign) so it becomes a number.")
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value) and 0 <= value[1] < 1000:
        _say("wrong_type", f"`{var}` is two numbers, {value}: Python reads a comma as a separator, so `{value[0]},{value[1]:03d}` became a pair. Type the number without the thousands comma, e.g. `{value[0]}{value[1]:03d}`.")
    if hasattr(value, "__len__") and not isinstance(value, dict):
        _say("wrong_type", f"`{var}` holds {_describe(value)}; this exercise expects one number. Pick a single value, for example with `.iloc[0]`, `.sum()` or `.max()`.")
    _say("wrong_type", f"`{var}` is {_describe(value)}; this exercise expects a number.")


def _text(answer, var: str) -> str:
    """The answer as text, or a wrong-type reply."""
    value = _single(answer)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, numbers.Number):
        _say("wrong_type", f"`{var}` is a number ({_short(value)}), but this exercise expects text. Put the words in quotes, for example `{var} = \"Image data sharing\"`.")
    _say("wrong_type", f"`{var}` is {_describe(value)}; this exercise expects text in quotes, for example `{var} = \"...\"`.")


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
        _say("problem", f"this check also needs `{name}`. Run the check line as it is given in the notebook, e.g. `{how}`.")
    return ctx[name]


# ----------------------------------------------------------------------------------------
# Reflective answers
# ----------------------------------------------------------------------------------------

_MODEL_POINTER = (
    "Compare it with the model answer: in the instructor edition of the book it is folded "
    "under the exercise; in a workshop, your instructor will share the key points."
)


def _reflect(answer, var: str, key_points: list[tuple[str, str]], min_words: int = 12) -> None:
    """End a reflective check: a pointer to the model answer plus keyword-based hints."""
    text = _text(answer, var)
    words = len(text.split())
    if words < min_words:
        _say("short", f"your answer has {words} word{'s' if words != 1 else ''}. Write two or three sentences (at least {min_words} words) so that you can compare them with the model answer.")
    covered = [label for label, pattern in key_points if re.search(pattern, text, re.IGNORECASE)]
    missing = [label for label, pattern in key_points if not re.search(pattern, text, re.IGNORECASE)]
    parts = [_MODEL_POINTER]
    if covered:
        parts.append("You already touch on: " + "; ".join(covered) + ".")
    if missing:
        parts.append("You could also consider: " + "; ".join(missing) + ".")
    else:
        parts.append("You cover every key point the model answer lists.")
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
        _say("wrong_type", f"`{var}` is {_describe(answer)}; this exercise expects an Altair chart, for example `{how}`.")
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
        _say("incorrect", "the chart has no title. Every chart in the kit needs one: add `title=\"...\"` (or `.properties(title=...)`).")
    if len(str(spec.get("description") or "").split()) < 5:
        _say("incorrect", "the chart needs a description of at least five words: its text alternative for screen readers and the caption under the chart. Add `description=\"...\"` (or `.properties(description=...)`).")
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


@lru_cache(maxsize=None)
def _survey():
    from .data import load_survey

    return load_survey()


def _section(section_id: str):
    survey = _survey()
    return survey[survey["section_id"] == section_id].reset_index(drop=True)


def _row(section_id: str, contains: str):
    sec = _section(section_id)
    hit = sec[sec["item"].str.contains(contains, case=False, regex=False)]
    return hit.iloc[0]


@lru_cache(maxsize=None)
def _meta(key: str) -> float:
    from .data import load_metadata

    meta = load_metadata()
    rows = meta[(meta["key"] == key) & (meta["source"] == "ye2026collaborations")]
    return float(rows["value"].iloc[0])


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
        EXERCISES[eid] = Exercise(eid, var, title, fn)
        return fn
    return register


# ---- Lesson 0: Welcome -----------------------------------------------------------------


@_exercise("0.1", "clinicians", "How many clinicians answered?")
def _check_0_1(answer, ctx):
    value = _number(answer, "clinicians")
    expected = _meta("clinicians_n")
    if _close(value, expected, 0.5):
        _say("correct", f"{_fmt(expected)} clinicians answered the survey. You changed one value and ran a cell: that is most of what these exercises ask.")
    if _close(value, _meta("total_participants"), 0.5):
        _say("incorrect", f"{_fmt(value)} is everyone who took part: clinicians plus the research institution professionals. The question asks for the clinicians only.")
    if _close(value, _meta("researchers_n"), 0.5):
        _say("incorrect", f"{_fmt(value)} is the number of research institution professionals. Look again at the introduction for the clinicians.")
    if _close(value, _meta("questionnaires_distributed"), 0.5):
        _say("incorrect", f"{_fmt(value)} questionnaires were sent out; a few were not returned. The question asks how many clinicians answered.")
    _say("incorrect", f"{_fmt(value)} is not the number printed in the introduction of this notebook. Look for the number of clinicians there and type it without a comma.")


@_exercise("0.2", "researcher_pct", "Python as a calculator")
def _check_0_2(answer, ctx):
    value = _number(answer, "researcher_pct")
    researchers, total, clinicians = _meta("researchers_n"), _meta("total_participants"), _meta("clinicians_n")
    expected = researchers / total * 100
    if _close(value, expected, 0.02):
        _say("correct", f"researchers were {expected:.2f}% of the {_fmt(total)} participants, so almost every answer in the study comes from clinicians. Keep that in mind whenever the two groups are compared.")
    if _close(value, researchers / clinicians * 100, 0.01):
        _say("incorrect", "you divided by the number of clinicians. The share of all participants divides by everyone who took part (clinicians plus researchers).")
    if _close(value, expected / 100, 0.0002):
        _say("incorrect", "that is the share as a fraction of 1. Multiply by 100 to turn it into a percentage.")
    if _close(value, 100 - expected, 0.02):
        _say("incorrect", "that is the clinicians' share. The question asks about the researchers.")
    _say("incorrect", f"{_fmt(value, 2)} is not the researchers' share. Divide the number of researchers by the number of all participants, then multiply by 100: `researchers / everyone * 100`.")


@_exercise("0.3", "n_tables", "Your first table")
def _check_0_3(answer, ctx):
    value = _number(answer, "n_tables")
    survey = _survey()
    expected = survey["table"].nunique()
    if _close(value, expected, 0):
        _say("correct", f"the kit's survey table holds all {expected} tables of the paper, one row per printed answer option ({len(survey)} rows).")
    if _close(value, len(survey), 0):
        _say("incorrect", f"{_fmt(value)} is the number of rows: each row is one answer option. The question asks how many different tables the rows come from: `survey[\"table\"].nunique()`.")
    if _close(value, survey.shape[1], 0):
        _say("incorrect", f"{_fmt(value)} is the number of columns. The question asks how many different values the `table` column has.")
    if _close(value, survey["section_id"].nunique(), 0):
        _say("incorrect", f"{_fmt(value)} is the number of questions (sections). Count the different values of the `table` column instead.")
    _say("incorrect", "count the different values in the `table` column: `survey[\"table\"].nunique()`.")


@_exercise("0.4", "reflection", "Where do you sit at the table?")
def _check_0_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("which partner you are closest to", r"clinic|radiolog|doctor|physician|nurse|hospital|research|universit|compan|industr|startup|vendor"),
        ("something concrete you could bring (data, labels, clinical questions, feedback, time)", r"data|image|label|annotat|clinical (need|question|problem|information)|feedback|time|expertise|workflow|test"),
        ("something you would want back (credit, authorship, money, a product, training)", r"credit|author|paper|publication|recogni|pay|fee|money|royalt|discount|share|equity|training|learn|product|tool"),
    ])


# ---- Lesson 1: Who is at the table -----------------------------------------------------


@lru_cache(maxsize=None)
def _stakeholders():
    from .data import load_stakeholders

    return load_stakeholders()


@_exercise("1.1", "n_groups", "Count the groups")
def _check_1_1(answer, ctx):
    value = _number(answer, "n_groups")
    st = _stakeholders()
    actors = st[st["kind"] == "actor"]
    expected = len(actors)
    if _close(value, expected, 0):
        _say("correct", f"the abstract describes the positions of {expected} groups: " + "; ".join(actors["actor_group"]) + ".")
    if _close(value, len(st), 0):
        _say("incorrect", f"{_fmt(value)} is every row of the table, including the rows about the study design, findings and recommendations. Count only the rows whose `kind` is \"actor\".")
    if _close(value, 40, 0):
        _say("incorrect", "40 is the number of people interviewed, not the number of groups. Count the rows whose `kind` is \"actor\".")
    if _close(value, expected + 1, 0):
        _say("incorrect", "one too many: patients are mentioned in the conclusions but were not among the groups interviewed. Count the rows whose `kind` is \"actor\".")
    _say("incorrect", "count the rows of the table whose `kind` is \"actor\": `(positions[\"kind\"] == \"actor\").sum()`.")


@_exercise("1.2", "worried_group", "Who worries about access to health data?")
def _check_1_2(answer, ctx):
    text = _text(answer, "worried_group")
    st = _stakeholders()
    actors = st[st["kind"] == "actor"]
    groups = list(actors["actor_group"])
    expected = actors.loc[actors["paraphrase"].str.contains("legal", case=False), "actor_group"].iloc[0]
    named = _match(text, groups)
    if named == expected:
        _say("correct", f"{expected}: AI looks like a breakthrough to them, and legal obstacles to individual health data are what they fear could slow it down. Keep this in mind for Lesson 3, where lack of legal guidelines is one of the barriers clinicians name.")
    if named is not None:
        said = actors.loc[actors["actor_group"] == named, "paraphrase"].iloc[0]
        _say("incorrect", f"for {named} the table says: \"{said}\" Look for the row that mentions legal obstacles.")
    _say("incorrect", f"I could not match {_short(text)} to one of the groups. Copy a name from the `actor_group` column, e.g. \"{groups[0]}\".")


@_exercise("1.3", "top_contribution", "What do clinicians offer most often?")
def _check_1_3(answer, ctx):
    text = _text(answer, "top_contribution")
    offered = _section("t2_resources_offered").sort_values("percent", ascending=False, kind="stable")
    expected = offered["item"].iloc[0]
    top_pct = offered["percent"].iloc[0]
    named = _match(text, list(offered["item"]))
    if named == expected:
        _say("correct", f"{expected} ({_fmt(top_pct)}% of clinicians) tops the list. Notice that the five percentages add up to far more than 100: clinicians could tick several contributions.")
    if named is not None:
        pct = offered.loc[offered["item"] == named, "percent"].iloc[0]
        _say("incorrect", f"{named} was named by {_fmt(pct)}% of clinicians, but one contribution was named by {_fmt(top_pct)}%. Sort by `percent` from high to low (`ascending=False`) and take the first row.")
    _say("incorrect", f"I could not match {_short(text)} to an item in the section. Copy the text from the `item` column of `offered`.")


@_exercise("1.4", "reflection", "Who is missing from the table?")
def _check_1_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("which voice is missing (patients, or the industry group whose answers Ye et al. do not report)", r"patient|public|citizen|industr|compan|vendor"),
        ("what that voice would add (priorities, consent, trust, lived experience)", r"priorit|matter|consent|trust|experience|need|outcome|safety|perspective|view"),
        ("open questions such as responsibility or liability", r"responsib|liabil|accountab|blame|error|mistake|harm"),
        ("how you would bring them in (a seat on a board, consultation, a survey)", r"board|panel|consult|involv|represent|survey|interview|seat|engage|co-?design"),
    ])


# ---- Lesson 2: Reading the survey ------------------------------------------------------


@_exercise("2.1", "total_offered", "Which answers sum to 100?")
def _check_2_1(answer, ctx):
    value = _number(answer, "total_offered")
    offered = _section("t2_resources_offered")
    expected = float(offered["percent"].sum())
    if _close(value, expected, 0.5):
        _say("correct", f"the five contributions add up to {_fmt(expected)}%. That is no error: clinicians could pick several contributions (a multiple-choice question), so totals above 100 are expected. A single-choice question should add up to about 100.")
    if _close(value, 100, 0.5):
        _say("incorrect", "100 is what a single-choice question adds up to. Add the `percent` column of `offered` and see what this select-all question gives.")
    for sid, total in _survey().groupby("section_id", sort=False)["percent"].sum().items():
        if sid != "t2_resources_offered" and _close(value, float(total), 0.05):
            _say("incorrect", f"{_fmt(value)} is the total of another question ({sid}). Use the contributions section: `offered[\"percent\"].sum()`.")
    _say("incorrect", "add up the `percent` column of the contributions section: `offered[\"percent\"].sum()`.")


@_exercise("2.2", "interval", "How precise is a percentage from 120 people?")
def _check_2_2(answer, ctx):
    from .data import wilson_interval

    var = "interval"
    if isinstance(answer, (str, numbers.Number)) or not hasattr(answer, "__len__"):
        _say("wrong_type", f"`{var}` is {_describe(answer)}; this exercise expects two numbers, the low and the high end, e.g. the result of `wilson_interval(percent, n)`.")
    values = [_number(v, var) for v in list(answer)]
    if len(values) != 2:
        _say("wrong_type", f"`{var}` holds {len(values)} values; an interval is two numbers (low, high).")
    row = _row("t9_challenges", "industry standards")
    low, high = wilson_interval(float(row["percent"]), int(row["base_n"]))
    lo, hi = values
    if _close(lo, low, 0.05) and _close(hi, high, 0.05):
        clin = _row("t3_perceived_problems", "industry standards")
        c_low, c_high = wilson_interval(float(clin["percent"]), int(clin["base_n"]))
        _say("correct", f"the 95% interval runs from {low:.1f}% to {high:.1f}%: with {int(row['base_n'])} researchers, a printed {_fmt(float(row['percent']))}% is compatible with anything in that range. For the {int(clin['base_n']):,} clinicians the interval around {_fmt(float(clin['percent']))}% is only {c_low:.1f}% to {c_high:.1f}%.")
    if _close(lo, high, 0.05) and _close(hi, low, 0.05):
        _say("incorrect", "the two ends are swapped: put the low end first.")
    w_low, w_high = wilson_interval(float(row["percent"]), _meta("clinicians_n"))
    if _close(lo, w_low, 0.05) and _close(hi, w_high, 0.05):
        _say("incorrect", "you used the clinicians' number of respondents. This 4% comes from the researchers: use their n.")
    if _close(lo, float(row["percent"]) / 100, 0.05) or max(values) <= 1:
        _say("incorrect", "those look like fractions of 1. `wilson_interval` takes a percentage (e.g. 4) and a number of people, and returns percentages.")
    _say("incorrect", f"your interval ({lo:.1f}, {hi:.1f}) does not match. Use the researchers' percentage for lack of industry standards (Table 9) and their number of respondents: `wilson_interval(percent, n)`.")


@_exercise("2.3", "chart", "Draw the clinicians' perceived problems")
def _check_2_3(answer, ctx):
    spec = _chart_spec(answer, "chart", "percent_bars(with_intervals(problems), title=\"...\", description=\"...\")")
    items = list(_section("t3_perceived_problems")["item"])
    values = _chart_values(spec)
    missing = [i for i in items if i not in values]
    if missing:
        _say("incorrect", f"the chart does not show all five problems of Table 3 (missing: {missing[0]}). Build it from `problems`, the rows of the perceived-problems section.")
    fields = _chart_fields(spec)
    if not {"ci_low", "ci_high"} <= fields:
        _say("incorrect", "right data, title and description, but no interval whiskers. Pass `with_intervals(problems)` to `percent_bars` so that each bar shows how precise it is.")
    _say("correct", "five bars with their 95% intervals, a title and a description. With 5,142 clinicians the whiskers are so short that they are hard to see; that is the point: these percentages are precise.")


@_exercise("2.4", "most_flagged_table", "Use the discrepancy register")
def _check_2_4(answer, ctx):
    from .data import load_discrepancies

    value = _single(answer)
    if isinstance(value, str) and re.fullmatch(r"\s*table\s*\d+\s*", value, re.IGNORECASE):
        _say("wrong_type", f"`most_flagged_table` is text ({_short(value)}). Give just the table number, without quotes.")
    value = _number(answer, "most_flagged_table")
    register = load_discrepancies()
    counts = register["table"].dropna().astype(int).value_counts()
    top = counts[counts == counts.max()]
    expected = sorted(int(t) for t in top.index)
    if int(round(value)) in expected and _close(value, round(value), 0):
        _say("correct", f"Table {int(round(value))} has {int(counts.max())} entries in the register, more than any other. Before you quote a figure from it, read its register entries: several values there disagree with the text.")
    if _close(value, int(counts.max()), 0):
        _say("incorrect", f"{_fmt(value)} is how many entries the top table has. The question asks which table it is: use `.idxmax()` instead of `.max()`.")
    if _close(value, len(register), 0):
        _say("incorrect", f"{_fmt(value)} is the number of entries in the whole register. Count the entries per table with `register[\"table\"].value_counts()` and take the table with the most.")
    if value in counts.index:
        _say("incorrect", f"Table {int(value)} has {int(counts[int(value)])} entries, but another table has {int(counts.max())}. `register[\"table\"].value_counts()` lists them from most to fewest.")
    _say("incorrect", "count the entries per table with `register[\"table\"].value_counts()` and take the table at the top.")


# ---- Lesson 3: Barriers ----------------------------------------------------------------


@_exercise("3.1", "n_privacy", "From percent to people")
def _check_3_1(answer, ctx):
    value = _number(answer, "n_privacy")
    row = _row("t2_deidentification_opinion", "Necessary")
    pct, n = float(row["percent"]), int(row["base_n"])
    expected = pct * n / 100
    if _close(value, expected, 1.0):
        _say("correct", f"{_fmt(pct)}% of {n:,} clinicians is about {round(expected):,} people who see de-identification and confidentiality agreements as necessary. 'About', because the paper does not print how many answered each question.")
    if _close(value, pct, 0.5):
        _say("incorrect", f"{_fmt(pct)} is the percentage. Turn it into people: multiply by the number of clinicians and divide by 100.")
    if _close(value, pct * n, 1.0):
        _say("incorrect", "you multiplied by the percentage but did not divide by 100.")
    _say("incorrect", f"multiply the number of clinicians by the percentage and divide by 100: `{n} * {_fmt(pct)} / 100`.")


@lru_cache(maxsize=None)
def _problem_pairs():
    from .data import side_by_side

    return side_by_side("problems")


@_exercise("3.2", "biggest_gap", "Where do clinicians and researchers differ most?")
def _check_3_2(answer, ctx):
    text = _text(answer, "biggest_gap")
    pairs = _problem_pairs()
    wide = pairs.pivot(index="pair_label", columns="group", values="percent")
    gap = (wide["clinicians"] - wide["researchers"]).sort_values(ascending=False, kind="stable")
    labels = list(gap.index)
    aliases = {label: [label] + list(pairs.loc[pairs["pair_label"] == label, "item"]) for label in labels}
    named = None
    for label, names in aliases.items():
        if any(_norm(n) == _norm(text) for n in names):
            named = label
    if named is None:
        named = _match(text, labels) or next((l for l, names in aliases.items() if _match(text, names)), None)
    expected = gap.index[0]
    if named == expected:
        second = gap.index[1]
        _say("correct", f"{expected}: {_fmt(wide.loc[expected, 'clinicians'])}% of clinicians against {_fmt(wide.loc[expected, 'researchers'])}% of researchers, a gap of {_fmt(gap.iloc[0])} points ({second} is close behind with {_fmt(gap.iloc[1])}). Before reading much into it, see Exercise 3.4: the two groups did not answer identical lists.")
    if named is not None:
        _say("incorrect", f"{named} differs by {_fmt(gap[named])} points; one barrier differs by {_fmt(gap.iloc[0])}. Compute clinicians minus researchers for every barrier and take the largest (`.idxmax()`).")
    _say("incorrect", f"I could not match {_short(text)} to a barrier. Use a name from the `pair_label` column, e.g. \"{labels[-1]}\".")


@_exercise("3.3", "chart", "Clinicians and researchers side by side")
def _check_3_3(answer, ctx):
    spec = _chart_spec(answer, "chart", "percent_bars(pairs, label=\"pair_label\", colour=\"group\", title=\"...\", description=\"...\")")
    pairs = _problem_pairs()
    values = _chart_values(spec)
    missing = [label for label in dict.fromkeys(pairs["pair_label"]) if label not in values and not any(i in values for i in pairs.loc[pairs["pair_label"] == label, "item"])]
    if missing:
        _say("incorrect", f"the chart does not show every barrier (missing: {missing[0]}). Build it from `pairs`.")
    colour = [c.get("field") for c in _walk(spec, "color") if isinstance(c, dict)]
    if "group" not in colour:
        _say("incorrect", "both groups are in the data, but the bars are not coloured by group, so a reader cannot tell clinicians from researchers. Add `colour=\"group\"`.")
    _say("correct", "clinicians and researchers side by side, coloured by group, with a title and a description. Look at how long the researchers' whiskers are compared with the clinicians'.")


@_exercise("3.4", "reflection", "Why be careful comparing the two groups?")
def _check_3_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("the lists differ (researchers chose from eleven options, clinicians from five)", r"option|list|choice|eleven|11|five|\b5\b|more items|question"),
        ("the researcher group is small (120), so its intervals are wide", r"120|small|sample|interval|precis|uncertain|wide|confidence"),
        ("the groups are different people with different jobs and experience", r"differen\w* (people|group|population|role|job|experience)|population|role|job|experience|younger|student"),
        ("the wording differs (research problems vs challenges)", r"word|phras|mean|interpret|defin|label"),
    ])


# ---- Lesson 4: Value and IP ------------------------------------------------------------


@_exercise("4.1", "image_share_pct", "Survey percentages as weights")
def _check_4_1(answer, ctx):
    from .value import proportional

    value = _number(answer, "image_share_pct")
    offered = _section("t2_resources_offered")
    shares = proportional(list(offered["item"]), list(offered["percent"]), 100.0)
    image = offered.loc[offered["item"].str.contains("Image data sharing", case=False), "item"].iloc[0]
    expected = float(shares[image])
    pct = float(offered.loc[offered["item"] == image, "percent"].iloc[0])
    if _close(value, expected, 0.05):
        _say("correct", f"image data sharing gets {expected:.1f}% of the weight: {_fmt(pct)} out of a total of {_fmt(float(offered['percent'].sum()))}. A proportional rule is easy to explain, but notice what it assumes: that being named often is the same as being worth more.")
    if _close(value, pct, 0.5):
        _say("incorrect", f"{_fmt(pct)}% is the share of clinicians who named image data sharing. The question asks for its share of the total weight: divide by the sum of all five percentages, then multiply by 100.")
    if _close(value, expected / 100, 0.0005):
        _say("incorrect", "that is the share as a fraction of 1; multiply by 100.")
    if _close(value, 100 / len(offered), 0.05):
        _say("incorrect", "that is an equal split. Weight each contribution by its percentage instead.")
    _say("incorrect", "divide the percentage for image data sharing by the sum of the five percentages and multiply by 100.")


@_exercise("4.2", "phi", "The Shapley value of a three-partner project")
def _check_4_2(answer, ctx):
    import pandas as pd

    from .value import equal_split, shapley

    players = _context(ctx, "players", "check(\"4.2\", phi, players=players, v=v)")
    v = _context(ctx, "v", "check(\"4.2\", phi, players=players, v=v)")
    if isinstance(answer, numbers.Number) or isinstance(answer, str):
        _say("wrong_type", "`phi` should hold one value per partner (the result of `shapley(players, v)`), not a single value.")
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        _say("wrong_type", f"`phi` is {_describe(answer)}; this exercise expects the result of `shapley(players, v)`.")
    missing = [p for p in players if p not in answer.index]
    if missing:
        _say("incorrect", f"`phi` has no value for {missing[0]}. Compute it with `shapley(players, v)`.")
    expected = shapley(players, v)
    got = pd.Series({p: _number(answer[p], f"phi[{p!r}]") for p in players})
    if all(_close(got[p], expected[p], 0.01) for p in players):
        lines = ", ".join(f"{p} {expected[p]:.1f}" for p in players)
        total = v[frozenset(players)]
        _say("correct", f"{lines} (total {_fmt(total)}). Every partner gets their average added value over all the orders in which the team could have formed. Clinical validation gets less than the others here, because the pairs without it can still make something.")
    if all(_close(got[p], equal_split(players, v[frozenset(players)])[p], 0.01) for p in players):
        _say("incorrect", "that is an equal split. Use `shapley(players, v)`, which looks at what each partner adds.")
    if abs(float(got.sum()) - v[frozenset(players)]) > 0.01:
        _say("incorrect", f"your values add up to {_fmt(float(got.sum()))}, but the full team creates {_fmt(v[frozenset(players)])}; Shapley values always add up to the total.")
    _say("incorrect", "your split adds up to the total but is not the Shapley value. Use `shapley(players, v)`.")


@_exercise("4.3", "hospital_gets", "Bargaining with an outside option")
def _check_4_3(answer, ctx):
    from .value import nash_bargaining

    value = _number(answer, "hospital_gets")
    story = _context(ctx, "story", "check(\"4.3\", hospital_gets, story=story)")
    players = ["Hospital", "Company"]
    split = nash_bargaining(players, story["total"], outside_options={"Hospital": story["hospital_alone"], "Company": story["company_alone"]})
    before = nash_bargaining(players, story["total"], outside_options={"Hospital": story["hospital_alone"], "Company": 0})
    expected = float(split["Hospital"])
    if _close(value, expected, 0.05):
        _say("correct", f"the hospital gets {_fmt(expected)} and the company {_fmt(float(split['Company']))}. When the company had no alternative, the hospital got {_fmt(float(before['Hospital']))}: a better outside option moved {_fmt(float(before['Hospital']) - expected)} to the company, although nobody's contribution changed.")
    if _close(value, float(split["Company"]), 0.05):
        _say("incorrect", f"{_fmt(value)} is the company's share. The question asks what the hospital gets.")
    if _close(value, float(before["Hospital"]), 0.05):
        _say("incorrect", f"{_fmt(value)} is what the hospital gets when the company has no alternative. Use the company's outside option from `story`.")
    if _close(value, story["total"] / 2, 0.05):
        _say("incorrect", "that is an equal split, which ignores the outside options. Each side first gets its outside option, then half of what is left.")
    _say("incorrect", "each side first gets its outside option, then the rest is split in half: the hospital gets `hospital_alone + (total - hospital_alone - company_alone) / 2`.")


@_exercise("4.4", "reflection", "Recognising clinicians' contributions")
def _check_4_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("clinicians may get nothing once the hospital negotiates for them as one party", r"nothing|zero|\b0\b|lose|disappear|absorb|hidden|invisible|merg|one (player|party)"),
        ("Alami et al.'s theme that clinicians' contributions go unrecognised", r"recogni|credit|theme|alami|unrecogni|acknowledg"),
        ("a concrete remedy (a written agreement, authorship, a share, time or protected time)", r"agreement|contract|written|term|authorship|author|share|royalt|payment|fee|protected time|job plan|promotion"),
        ("settling this at the start of the partnership", r"start|begin|upfront|up front|early|before|outset"),
    ])


# ---- Lesson 5: Co-creation journeys -----------------------------------------------------


@lru_cache(maxsize=None)
def _cocreation():
    from .data import load_cocreation

    return load_cocreation()


@_exercise("5.1", "dimension", "Which dimension is it?")
def _check_5_1(answer, ctx):
    text = _text(answer, "dimension")
    dims = _cocreation()
    dims = dims[dims["kind"] == "dimension"]
    labels = list(dims["label"])
    expected = dims.loc[dims["kit_gloss"].str.contains("governance", case=False), "label"].iloc[0]
    named = _match(text, labels)
    if named == expected:
        _say("correct", f"{expected}: reworking the collaboration itself when the current set-up is not delivering. Remember that the wording in `kit_gloss` is the kit's working description; the source summary names the dimensions without defining them.")
    if named is not None:
        gloss = dims.loc[dims["label"] == named, "kit_gloss"].iloc[0]
        _say("incorrect", f"in the kit's working description, {named} means: \"{gloss}\" Which dimension is about roles, goals, scope or governance?")
    _say("incorrect", f"I could not match {_short(text)} to a dimension. The three are: {', '.join(labels)}.")


def _journey_totals(journeys):
    import pandas as pd

    if not isinstance(journeys, pd.DataFrame):
        _say("problem", "`journeys` should be the table defined at the start of this notebook. Run the set-up cells again.")
    numeric = journeys.select_dtypes("number")
    return numeric.sum(axis=1)


@_exercise("5.2", "weakest", "Which journey needs attention first?")
def _check_5_2(answer, ctx):
    journeys = _context(ctx, "journeys", "check(\"5.2\", weakest, journeys=journeys)")
    totals = _journey_totals(journeys)
    text = _text(answer, "weakest")
    names = [str(i) for i in totals.index]
    named = _match(text, names)
    if named is None and len(text.strip()) == 1:
        named = next((n for n in names if n.strip().endswith(" " + text.strip().upper())), None)
    lowest = totals[totals == totals.min()]
    expected = [str(i) for i in lowest.index]
    if named in expected:
        parts = ", ".join(f"{i} {int(t)}" for i, t in totals.items())
        _say("correct", f"{named} has the lowest total ({parts}). The totals only tell you where to look; the scores per dimension tell you what to look at. These journeys are illustrative, invented for practice.")
    if named is not None:
        _say("incorrect", f"{named} totals {int(totals[named])}, but another journey totals {int(totals.min())}. Add the three scores per journey (`.sum(axis=1)`) and take the lowest (`.idxmin()`).")
    _say("incorrect", f"I could not match {_short(text)} to a journey. Use a name from the table's index, e.g. \"{names[0]}\".")


@_exercise("5.3", "chart", "A heat map of the journeys")
def _check_5_3(answer, ctx):
    journeys = _context(ctx, "journeys", "check(\"5.3\", chart, journeys=journeys)")
    spec = _chart_spec(answer, "chart", "alt.Chart(long).mark_rect().encode(...).properties(title=\"...\", description=\"...\")")
    values = _chart_values(spec)
    names = [str(i) for i in journeys.index]
    dims = [str(c) for c in journeys.select_dtypes("number").columns]
    if not all(n in values for n in names):
        _say("incorrect", "the chart's data does not contain every journey. Build it from `long`, the long version of `journeys`.")
    if not all(d in values for d in dims):
        _say("incorrect", "the chart's data does not contain all three dimensions. Use `long`, which has one row per journey and dimension.")
    fields = _chart_fields(spec)
    if len(fields) < 3:
        _say("incorrect", "encode three things: the journey, the dimension and the score (for example `x=\"dimension:N\"`, `y=\"journey:N\"`, `color=\"score:Q\"`).")
    _say("correct", "every journey and dimension, with a title and a description. A low cell in a row shows which dimension to talk about first.")


@_exercise("5.4", "reflection", "Steering a stalled journey")
def _check_5_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("resourcing: what each side commits (clinicians' time, data, engineers, money)", r"resourc|time|data|engineer|money|fund|budget|staff|commit"),
        ("adaptation: changing the product or the workflow to fit", r"adapt|adjust|workflow|tailor|fit|interface|protocol|change the (product|tool)"),
        ("reconfiguration: rethinking roles, goals, scope or governance", r"reconfig|role|goal|scope|governance|steering|agreement|contract|legal"),
        ("a way to monitor it (regular reviews, a named lead, agreed milestones)", r"review|monitor|meet|milestone|check|lead|evaluat|measure"),
    ])


# ---- Lesson 6: Capstone ---------------------------------------------------------------


@_exercise("6.1", "clinicians_share", "What if clinicians hold a gate?")
def _check_6_1(answer, ctx):
    from .scenarios import default_partnership
    from .value import allocate

    value = _number(answer, "clinicians_share")
    gate = _context(ctx, "gate", "check(\"6.1\", clinicians_share, gate=new_gate)")
    base = default_partnership()
    if gate not in base.resources:
        _say("problem", f"`new_gate` should name one of the partnership's resources ({', '.join(base.resources)}); run the set-up cell again.")
    changed = base.with_changes(essential=base.essential | {gate})
    expected = float(allocate(changed, "shapley")["Clinicians"])
    before = float(allocate(base, "shapley")["Clinicians"])
    if _close(value, expected, 0.05):
        _say("correct", f"with {gate} essential, the clinicians' Shapley share is {base.money(expected)}, up from {base.money(before)}. Nothing they supply changed: only the fact that no group without them can make a product. A partner who holds a gate captures much more under Shapley; ask yourself whether your own contribution is one.")
    if _close(value, before, 0.05):
        _say("incorrect", f"{base.money(value)} is the share in the unchanged partnership. Make the changed one first: `p.with_changes(essential=p.essential | {{new_gate}})`.")
    if _close(value, expected / changed.total * 100, 0.05):
        _say("incorrect", "that is a percentage of the total. The question asks for the amount (in £k), as `allocate` returns it.")
    for rule in ("proportional", "equal", "nash"):
        if _close(value, float(allocate(changed, rule)["Clinicians"]), 0.05):
            _say("incorrect", f"that is the clinicians' share under the {rule} rule. Use the rule `\"shapley\"`.")
    _say("incorrect", "make the changed partnership with `p.with_changes(essential=p.essential | {new_gate})`, then take `allocate(changed, \"shapley\")[\"Clinicians\"]`.")


@_exercise("6.2", "royalty_pct", "From a share to a royalty rate")
def _check_6_2(answer, ctx):
    from .deals import Assumptions, royalty_rate_for
    from .scenarios import default_partnership
    from .value import allocate

    value = _number(answer, "royalty_pct")
    share_k = float(allocate(default_partnership(), "shapley")["Clinicians"])
    expected = royalty_rate_for(share_k * 1000) * 100
    a = Assumptions()
    if _close(value, expected, 0.01):
        _say("correct", f"a royalty of {expected:.2f}% of net sales has the same expected value as {default_partnership().money(share_k)} paid now, under the kit's illustrative assumptions (a {a.success_probability:.0%} chance of success, {a.money(a.annual_net_sales)} a year for {a.years:g} years). The royalty only pays if the product sells; an upfront fee is certain.")
    if _close(value, expected / 100, 0.0001):
        _say("incorrect", "that is the rate as a fraction of 1; multiply by 100 for a percentage.")
    if _close(value, expected / 1000, 0.00001) or _close(value, expected / 100000, 0.0000001):
        _say("incorrect", "the share is in £ thousands; multiply it by 1000 to get pounds before converting.")
    _say("incorrect", "convert the clinicians' share to pounds (`base_share * 1000`), pass it to `royalty_rate_for`, and multiply the result by 100.")


@_exercise("6.3", "my_split", "Propose a split nobody walks away from")
def _check_6_3(answer, ctx):
    import pandas as pd

    from .scenarios import default_partnership
    from .value import allocate, stability

    p = default_partnership()
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        _say("wrong_type", f"`my_split` is {_describe(answer)}; this exercise expects a dictionary with one amount per partner, like `{{\"Clinicians\": 150, \"Hospital\": 100, ...}}`.")
    unknown = [k for k in answer if k not in p.players]
    if unknown:
        _say("incorrect", f"{_short(unknown[0])} is not one of the partners ({', '.join(p.players)}). Check the spelling.")
    missing = [q for q in p.players if q not in answer]
    if missing:
        _say("incorrect", f"`my_split` has no amount for {missing[0]}. Give every partner an amount, even if it is 0.")
    amounts = {q: _number(answer[q], f"my_split[{q!r}]") for q in p.players}
    handed_out = sum(amounts.values())
    if abs(handed_out - p.total) > 0.01:
        _say("incorrect", f"your split hands out {p.money(handed_out)}, but the partnership creates {p.money(p.total)}. Make the amounts add up to exactly {_fmt(p.total)}.")
    problems = stability(p, amounts)
    if len(problems):
        _say("incorrect", f"{problems['verdict'].iloc[0]}. Give that group more (and someone else less), then check again.")
    shapley = allocate(p, "shapley")
    _say("correct", "no partner or group of partners could do better on their own, so this split is in the core. For comparison, the Shapley split is " + ", ".join(f"{q} {p.money(float(shapley[q]))}" for q in p.players) + ".")


@_exercise("6.4", "reflection", "Write the term sheet")
def _check_6_4(answer, ctx):
    _reflect(answer, "reflection", [
        ("who contributes what, written down (data, labels, clinical questions, algorithms, money)", r"contribut|data|label|annotat|algorithm|fund|resourc"),
        ("how value is shared: the rule and the instrument (fee, royalty, milestones, equity, discount)", r"shapley|proportion|nash|fee|royalt|milestone|equity|discount|share of (value|revenue)"),
        ("authorship decided by the ICMJE criteria, with others acknowledged", r"author|icmje|acknowledg|credit"),
        ("who owns the new IP, agreed at the start", r"\bip\b|intellectual property|patent|licen[cs]e|own"),
        ("patients and data protection (de-identification, confidentiality, benefit to care)", r"patient|privacy|de-?identif|anonymi|confidential|consent|gdpr|protect"),
        ("a review point to adapt or reconfigure the collaboration", r"review|reconfig|renegotiat|revisit|exit|terminat|milestone|monitor"),
    ], min_words=25)


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
        return Feedback(eid, "unanswered", f"replace the `...` after `{entry.var} =` with your answer, run that cell, then run this check again.")
    try:
        entry.check(answer, context)
    except _Reply as reply:
        return Feedback(eid, reply.status, reply.message)
    except Exception as error:  # never show a traceback to a learner
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return Feedback(eid, "problem", f"something in your answer could not be checked ({type(error).__name__}{': ' + detail if detail else ''}). Compare its form with the example in the exercise text.")
    return Feedback(eid, "problem", "the check finished without a verdict; please report this to the kit's maintainers.")


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
