"""Figure ids: the one place where a figure named in prose is looked up in ``datasets/``.

Prose never types a survey or study figure on trust. In markdown the figure is followed by an
invisible anchor (``65%<!--fig t03s1i01-->``) that the checker (:mod:`aicollab.tools.figures`)
compares with :func:`value`; in a Python message the figure is not typed at all but written as a
placeholder (``{fig:t03s1i01}``) that :func:`fill` replaces with :func:`display`.

Ids, each resolved from one dataset column:

- ``t03s1i01`` (a ``survey_tables`` row): its ``percent``; ``n:t03s1i01`` its ``approx_count``;
  ``sum:t3_barriers`` a section's ``section_sum``; ``lo:t09s2i03`` / ``hi:t09s2i03`` the
  bounds of its 95% Wilson interval on ``base_n``, in percent;
- ``tf036`` (``survey_text_figures``): its ``value``;
- ``m03`` (``study_metadata``, counts and percents only): its ``value``;
- ``fw31`` (``value_sharing_frameworks``): its ``value_percent``;
- ``t03s1i01+t03s1i02``: the sum of several; ``share:t02s1i01/sum:t2_resources_offered``: the
  first as a percentage of the second;
- ``ratio:m03/m04``: the first divided by the second (43 times as many);
  ``items:t9_challenges``: how many options a survey question lists;
- ``rows:discrepancy_register`` (any resource): how many rows it has; ``rows:value_sharing_frameworks
  /DHSC guiding principles for data partnerships`` counts the rows of one framework.

The data layer imports nothing above it, so lessons and messages can fill placeholders at run
time; illustrative numbers restated from the model are resolved by the tool layer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import aicollab.data as data

#: ``{fig:ID}`` in a Python message string; ``{fig:ID|0}`` rounds to 0 decimals, ``{fig:ID|w}``
#: writes a small count as a word ("eleven").
PLACEHOLDER = re.compile(r"\{fig:([^{}\s|]+)(?:\|(\d|w))?\}")
#: ``{ill:50%}``: an invented number in a Python string, marked for the checker; shown as written.
ILLUSTRATIVE = re.compile(r"\{ill:([^{}]*)\}")
_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()


class UnknownFigure(KeyError):
    """An id that names no data value (a typo, or a row that was removed)."""


@dataclass(frozen=True)
class Figure:
    """A value from the data and how prose shows it."""

    id: str
    value: float
    unit: str  # "percent" or "count"
    decimals: int = 0

    def display(self, decimals: int | None = None) -> str:
        """The figure as the kit prints it: ``65%``, ``5,142``, ``1.7%`` (or at ``decimals``)."""
        text = f"{self.value:,.{self.decimals if decimals is None else decimals}f}"
        return text + "%" if self.unit == "percent" else text

    def word(self) -> str:
        """A whole count up to twenty as a word ("eleven"), as prose writes small numbers."""
        if self.unit != "count" or self.value != int(self.value) or not 0 <= self.value <= 20:
            raise UnknownFigure(f"'{self.id}' ({self.display()}) cannot be written as a word")
        return _WORDS[int(self.value)]


def _number(raw) -> float:
    try:
        out = float(str(raw).replace(",", ""))
    except ValueError:
        raise UnknownFigure(f"its value {raw!r} is not a number") from None
    if not math.isfinite(out):
        raise UnknownFigure("it has no value in the data (blank)")
    return out


def _decimals(raw) -> int:
    text = str(raw)
    return len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0


def _row(frame, column: str, key: str):
    hit = frame[frame[column] == key]
    if hit.empty:
        raise UnknownFigure(f"no row '{key}'")
    return hit.iloc[0]


def figure(fig_id: str, data_dir=None) -> Figure:
    """Resolve an id (see the module docstring) to its value in the data.

    Raises :class:`UnknownFigure` for an id that names nothing, or a value that is blank.
    """
    if "+" in fig_id:
        parts = [figure(part, data_dir) for part in fig_id.split("+")]
        return Figure(fig_id, sum(p.value for p in parts), parts[0].unit, max(p.decimals for p in parts))
    kind, _, key = fig_id.partition(":") if ":" in fig_id else ("", "", fig_id)
    if kind == "share":
        part, _, whole = key.partition("/")
        top, bottom = figure(part, data_dir), figure(whole, data_dir)
        if not bottom.value:
            raise UnknownFigure(f"'{whole}' is 0")
        return Figure(fig_id, 100 * top.value / bottom.value, "percent", 1)
    if kind == "ratio":
        part, _, whole = key.partition("/")
        top, bottom = figure(part, data_dir), figure(whole, data_dir)
        if not bottom.value:
            raise UnknownFigure(f"'{whole}' is 0")
        return Figure(fig_id, top.value / bottom.value, "count", 1)
    if kind == "items":
        survey = data.load_survey(data_dir)
        hit = survey[survey["section_id"] == key]
        if hit.empty:
            raise UnknownFigure(f"no survey section '{key}'")
        return Figure(fig_id, float(len(hit)), "count")
    if kind == "rows":
        name, _, framework = key.partition("/")
        try:
            frame = data.load_resource(name, data_dir)
        except KeyError:
            raise UnknownFigure(f"no resource '{name}'") from None
        if framework:
            frame = frame[frame["framework"] == framework]
            if frame.empty:
                raise UnknownFigure(f"no framework '{framework}' in {name}")
        return Figure(fig_id, float(len(frame)), "count")
    if kind == "sum":
        survey = data.load_survey(data_dir)
        hit = survey[survey["section_id"] == key]
        if hit.empty:
            raise UnknownFigure(f"no survey section '{key}'")
        return Figure(fig_id, _number(hit.iloc[0]["section_sum"]), "percent")
    if re.fullmatch(r"t\d\ds\d+i\d+", key):
        row = _row(data.load_survey(data_dir), "row_id", key)
        if kind == "":
            return Figure(fig_id, _number(row["percent"]), "percent", _decimals(row["percent"]))
        if kind == "n":
            return Figure(fig_id, _number(row["approx_count"]), "count")
        if kind in ("lo", "hi"):
            low, high = data.wilson_interval(_number(row["percent"]), _number(row["base_n"]))
            return Figure(fig_id, low if kind == "lo" else high, "percent", 1)
    elif kind == "" and re.fullmatch(r"tf\d{3}", key):
        row = _row(data.load_text_figures(data_dir), "fig_id", key)
        return Figure(fig_id, _number(row["value"]), row["unit"], _decimals(row["value"]))
    elif kind == "" and re.fullmatch(r"m\d{2}", key):
        row = _row(data.load_metadata(data_dir), "meta_id", key)
        if row["unit"] not in ("count", "percent"):
            raise UnknownFigure(f"'{key}' is {row['unit']}, not a number")
        return Figure(fig_id, _number(row["value"]), row["unit"], _decimals(row["value"]))
    elif kind == "" and re.fullmatch(r"fw\d{2}", key):
        row = _row(data.load_frameworks(data_dir), "item_id", key)
        return Figure(fig_id, _number(row["value_percent"]), "percent")
    raise UnknownFigure(f"'{fig_id}' is not a figure id (see aicollab.data.figures)")


def display(fig_id: str, data_dir=None) -> str:
    """The figure an id names, as prose shows it (``"65%"``)."""
    return figure(fig_id, data_dir).display()


def _shown(match: re.Match, data_dir=None) -> str:
    fig = figure(match.group(1), data_dir)
    how = match.group(2)
    return fig.word() if how == "w" else fig.display(None if how is None else int(how))


def fill(text: str, data_dir=None) -> str:
    """Replace every ``{fig:ID}`` in ``text`` with the figure from the data, and every
    ``{ill:...}`` with its content.

    Messages call this where they are defined (or rendered), so a changed data value flows into
    every message, and a mistyped id fails at import time and in the tests, never silently.
    """
    text = PLACEHOLDER.sub(lambda m: _shown(m, data_dir), text)
    return ILLUSTRATIVE.sub(lambda m: m.group(1), text)


def illustrative(text: str) -> str:
    """Mark a whole message as illustrative (invented numbers) for the figure checker; returns it."""
    return text


def fill_all(obj, data_dir=None):
    """:func:`fill` applied to every string inside nested dicts, lists and tuples."""
    if isinstance(obj, str):
        return fill(obj, data_dir)
    if isinstance(obj, dict):
        return {k: fill_all(v, data_dir) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(fill_all(v, data_dir) for v in obj)
    return obj
