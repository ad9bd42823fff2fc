"""Rate a co-creation project on the three dimensions named by Grootjans et al. (2025).

Grootjans, Krainska and Rezazade Mehrizi studied three co-creation projects between an
academic medical centre and AI startups and proposed a *relational framework* built on three
dimensions: **resourcing**, **adaptation** and **reconfiguration**. The kit's sources (a
summary of the paper) name the dimensions but do not define them in detail, and do not
describe the three projects. So this module works with the kit's *working glosses* of the
dimensions (``datasets/cocreation_dimensions.csv``, column ``kit_gloss``) and with three
**invented** journeys (A, B and C). Nothing here is a finding of the paper.

What it offers:

- :func:`rating` checks one rating: a whole number from 0 to 4, or a word
  (none, low, medium, high, very high). Anything else raises ``ValueError`` with a message
  that says what to type instead.
- :func:`profile` turns three ratings into a :class:`Profile`: the scores, a low/medium/high
  band for each, the closest invented journey and the kit's ILLUSTRATIVE reading.
- :func:`journeys` returns the three invented journeys; :func:`dimensions` the glosses.
- :func:`readings_table` lists the reading for every one of the 125 possible ratings; the
  kernel-free chart of :func:`cocreation_chart` looks its text up there, so the browser shows
  exactly what :func:`profile` returns in Python.

Scale: 0 = none, 1 = low, 2 = medium, 3 = high, 4 = very high. Bands for the readings:
0-1 low, 2 medium, 3-4 high.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from aicollab.display.charts import OKABE_ITO, require_text

__all__ = [
    "DIMENSIONS",
    "SCALE",
    "SCALE_MIN",
    "SCALE_MAX",
    "DIMENSION_COLOURS",
    "Profile",
    "rating",
    "band",
    "profile",
    "journeys",
    "dimensions",
    "readings_table",
    "cocreation_chart",
]

#: The three dimensions, in the order the source names them.
DIMENSIONS: tuple[str, ...] = ("resourcing", "adaptation", "reconfiguration")
SCALE_MIN, SCALE_MAX = 0, 4
#: The rating scale: number -> word.
SCALE: dict[int, str] = {0: "none", 1: "low", 2: "medium", 3: "high", 4: "very high"}
_WORDS = {word: value for value, word in SCALE.items()}
#: One Okabe-Ito colour per dimension (colour-blind safe).
DIMENSION_COLOURS: dict[str, str] = {
    "resourcing": OKABE_ITO[0],
    "adaptation": OKABE_ITO[1],
    "reconfiguration": OKABE_ITO[2],
}
ILLUSTRATIVE = "Illustrative reading (the kit's, not the study's)"


# --------------------------------------------------------------------------- validation
def _how_to_rate(dimension: str) -> str:
    return (
        f"Rate {dimension} with a whole number from {SCALE_MIN} to {SCALE_MAX} "
        f"(0 = none, 4 = very high) or one of the words: {', '.join(_WORDS)}."
    )


def rating(value, dimension: str = "this dimension") -> int:
    """Check one rating and return it as an int from 0 to 4.

    Accepts whole numbers (``3``, ``3.0``, NumPy integers), digit strings (``"3"``) and the
    words none, low, medium, high and very high (any case). Raises ``ValueError`` for
    anything else: missing values (None, NaN), numbers outside 0-4, fractions, booleans and
    other text.

    >>> rating("High", "adaptation")
    3
    """
    label = str(dimension)
    if value is None or value is pd.NA or value is pd.NaT:
        raise ValueError(f"The {label} rating is missing. {_how_to_rate(label)}")
    if isinstance(value, bool):
        raise ValueError(f"The {label} rating is {value!r}, a yes/no value, not a rating. {_how_to_rate(label)}")
    if isinstance(value, str):
        text = " ".join(value.strip().lower().split())
        if text in _WORDS:
            return _WORDS[text]
        if text.isdigit():
            value = int(text)
        else:
            raise ValueError(f"The {label} rating {value!r} is not a rating. {_how_to_rate(label)}")
    if not isinstance(value, numbers.Real):
        raise ValueError(
            f"The {label} rating {value!r} (a {type(value).__name__}) is not a rating. {_how_to_rate(label)}"
        )
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"The {label} rating is missing (NaN). {_how_to_rate(label)}")
    if not SCALE_MIN <= number <= SCALE_MAX:
        raise ValueError(f"The {label} rating {value!r} is outside the scale. {_how_to_rate(label)}")
    if number != int(number):
        raise ValueError(f"The {label} rating {value!r} is not a whole number. {_how_to_rate(label)}")
    return int(number)


def band(score: int) -> str:
    """The band of a checked score: 0-1 'low', 2 'medium', 3-4 'high'."""
    score = rating(score)
    return "low" if score <= 1 else ("medium" if score == 2 else "high")


# --------------------------------------------------------------------------- the kit's readings
# Every sentence below is the kit's own illustrative interpretation of a rating pattern.
_SENTENCES = {
    (
        "resourcing",
        "low",
    ): "Little is committed: few data, little protected clinician time, little engineering effort or money.",
    ("resourcing", "medium"): "Both sides commit something, but neither has made the project a priority.",
    (
        "resourcing",
        "high",
    ): "Both sides commit a lot: data, clinicians' time and expertise, engineering effort or money.",
    ("adaptation", "low"): "Neither side changes much: the product stays as it was and so do the clinical routines.",
    ("adaptation", "medium"): "Some adjustment happens, mostly on one side.",
    (
        "adaptation",
        "high",
    ): "Both sides adjust: the product is tailored to the workflow and the routines move to meet it.",
    ("reconfiguration", "low"): "The original arrangement (roles, goals, scope, governance) is never revisited.",
    ("reconfiguration", "medium"): "The arrangement is tweaked now and then, usually when something goes wrong.",
    (
        "reconfiguration",
        "high",
    ): "The partners are willing to rework roles, goals, scope or governance when the set-up is not delivering.",
}
_QUESTIONS = {
    "resourcing": "Question for the team: who would need to commit what (data, time, people, money) for this to work?",
    "adaptation": "Question for the team: what would each side have to change in its product or routines to fit the other?",
    "reconfiguration": "Question for the team: when did anyone last ask whether the roles, goals or scope still make sense?",
}
_ALL_HIGH_QUESTION = (
    "Question for the team: what would it take to keep this level of engagement going, and who is credited for it?"
)


def _headline(levels: dict[str, str]) -> str:
    r, a, c = (levels[d] for d in DIMENSIONS)
    if r == a == c == "high":
        return "High on all three: both sides invest, both change, and both are willing to rework the set-up."
    if r == a == c == "low":
        return "Low on all three: little is committed, little changes and nobody revisits the arrangement."
    if r == a == c == "medium":
        return "A middle course on every dimension: engaged, but not yet committed."
    if r == "high" and a == "low":
        return "High resourcing, low adaptation: the partners put in a lot, but neither side changed how it works."
    if r == "low" and a == "high":
        return "Low resourcing, high adaptation: plenty of bending to fit, on a thin budget of time, data and money."
    if c == "high" and r != "high" and a != "high":
        return "High reconfiguration, little else: the partners keep redesigning the collaboration more than doing it."
    if r == "high" and a == "high" and c == "low":
        return "Well resourced and mutually adjusted, but the arrangement itself is fixed: fine until goals shift."
    parts = ", ".join(f"{levels[d]} {d}" for d in DIMENSIONS)
    return f"A mixed profile: {parts}."


def _question(scores: dict[str, int]) -> str:
    if all(band(s) == "high" for s in scores.values()):
        return _ALL_HIGH_QUESTION
    weakest = min(DIMENSIONS, key=lambda d: (scores[d], DIMENSIONS.index(d)))
    return _QUESTIONS[weakest]


# --------------------------------------------------------------------------- invented journeys
_JOURNEYS = [
    {
        "journey": "Journey A",
        "title": "Data without change",
        "resourcing": 4,
        "adaptation": 1,
        "reconfiguration": 0,
        "story": (
            "A radiology department shares a large archive of labelled scans and gives two "
            "radiologists a day a week; the startup ships its standard product unchanged and the "
            "department keeps its reading routine. Six months in, the radiologists say the tool "
            "does not fit how they report, and the agreement has not been looked at since signing."
        ),
    },
    {
        "journey": "Journey B",
        "title": "Tailored on a shoestring",
        "resourcing": 1,
        "adaptation": 3,
        "reconfiguration": 1,
        "story": (
            "One enthusiastic radiologist works with a small startup in spare evenings. The startup "
            "reworks its interface to match the hospital's reporting screens and the radiologist "
            "adjusts a protocol, but there is no protected time, no data agreement and no budget."
        ),
    },
    {
        "journey": "Journey C",
        "title": "The reset",
        "resourcing": 3,
        "adaptation": 3,
        "reconfiguration": 4,
        "story": (
            "After a stalled first year, the partners rewrite the collaboration: a clinical lead with "
            "protected time, a joint steering group, a narrower first use case and a new data "
            "agreement. Both the product and the department's workflow have since changed."
        ),
    },
]


def journeys() -> pd.DataFrame:
    """Three INVENTED co-creation journeys for practice (not the paper's cases).

    Columns: journey, title, resourcing, adaptation, reconfiguration (0-4), story, headline
    (the kit's illustrative reading of its ratings, from :func:`profile`), label.
    The paper studied three projects, but the kit's sources do not describe them; these
    journeys are made up so that learners have something to rate and discuss.
    """
    df = pd.DataFrame(_JOURNEYS)
    df["headline"] = [profile(j["resourcing"], j["adaptation"], j["reconfiguration"]).headline for j in _JOURNEYS]
    df["label"] = "Illustrative scenario: invented"
    return df


def dimensions(data_dir=None) -> pd.DataFrame:
    """The three dimensions with the kit's working glosses, from ``cocreation_dimensions.csv``.

    Columns: dimension, label, kit_gloss, gloss_status, note, source. ``gloss_status`` is
    'kit_gloss' for every row: the source summary names the dimensions but does not define them.
    """
    from aicollab.data import load_cocreation

    df = load_cocreation(data_dir)
    dims = df[df["kind"] == "dimension"].copy()
    dims["dimension"] = dims["label"].str.lower()
    dims = dims.set_index("dimension").loc[list(DIMENSIONS)].reset_index()
    return dims[["dimension", "label", "kit_gloss", "gloss_status", "note", "source"]]


# --------------------------------------------------------------------------- profile
@dataclass(frozen=True)
class Profile:
    """Where a project sits on the three dimensions, with the kit's illustrative reading.

    Attributes: ``scores`` (dimension -> 0-4), ``levels`` (dimension -> low/medium/high),
    ``headline`` and ``reading`` (the kit's ILLUSTRATIVE interpretation, never the paper's),
    ``question`` (a prompt for the team's weakest dimension) and ``nearest_journey`` (the
    closest invented journey, by straight-line distance on the three scores; ties go to the
    earlier journey). ``position`` is (resourcing, adaptation), the point on the chart's map,
    where the dot's size shows reconfiguration.
    """

    scores: dict
    levels: dict
    headline: str
    reading: str
    question: str
    nearest_journey: str

    @property
    def position(self) -> tuple[int, int]:
        return self.scores["resourcing"], self.scores["adaptation"]

    @property
    def pattern(self) -> str:
        """E.g. 'high resourcing, low adaptation, low reconfiguration'."""
        return ", ".join(f"{self.levels[d]} {d}" for d in DIMENSIONS)

    def to_frame(self) -> pd.DataFrame:
        """One row per dimension: dimension, score, word (scale label), level (band)."""
        return pd.DataFrame(
            {
                "dimension": list(DIMENSIONS),
                "score": [self.scores[d] for d in DIMENSIONS],
                "word": [SCALE[self.scores[d]] for d in DIMENSIONS],
                "level": [self.levels[d] for d in DIMENSIONS],
            }
        )

    def __repr__(self) -> str:
        s = self.scores
        return f"Profile(resourcing={s['resourcing']}, adaptation={s['adaptation']}, reconfiguration={s['reconfiguration']})"

    def __str__(self) -> str:
        lines = [
            f"{d.capitalize():<16} {self.scores[d]} ({SCALE[self.scores[d]]}; band: {self.levels[d]})"
            for d in DIMENSIONS
        ]
        lines.append(f"Closest invented journey: {self.nearest_journey}")
        lines.append(f"{ILLUSTRATIVE}:")
        lines += textwrap.wrap(self.reading, 88)
        return "\n".join(lines)


def profile(resourcing, adaptation, reconfiguration) -> Profile:
    """Check three ratings (0-4 or none/low/medium/high/very high) and place the project.

    Returns a :class:`Profile`. Raises ``ValueError`` naming the dimension if a rating is
    missing, outside 0-4, fractional, a yes/no value or unrecognised text.

    >>> profile(4, "low", 0).headline
    'High resourcing, low adaptation: the partners put in a lot, but neither side changed how it works.'
    """
    given = dict(zip(DIMENSIONS, (resourcing, adaptation, reconfiguration)))
    scores = {d: rating(v, d) for d, v in given.items()}
    levels = {d: band(s) for d, s in scores.items()}
    headline = _headline(levels)
    question = _question(scores)
    body = " ".join(_SENTENCES[(d, levels[d])] for d in DIMENSIONS)
    reading = f"{headline} {body} {question}"
    best, best_d = None, math.inf
    for j in _JOURNEYS:
        dist = math.sqrt(sum((scores[d] - j[d]) ** 2 for d in DIMENSIONS))
        if dist < best_d - 1e-12:
            best, best_d = j["journey"], dist
    return Profile(
        scores=scores, levels=levels, headline=headline, reading=reading, question=question, nearest_journey=best
    )


def readings_table(width: int = 92) -> pd.DataFrame:
    """The kit's reading for every possible rating (5 x 5 x 5 = 125 rows).

    Columns: resourcing, adaptation, reconfiguration, pattern, headline, reading,
    nearest_journey and ``text`` (the reading wrapped at ``width`` characters, lines joined
    with newlines, as the chart shows it).
    """
    rows = []
    for r in range(SCALE_MIN, SCALE_MAX + 1):
        for a in range(SCALE_MIN, SCALE_MAX + 1):
            for c in range(SCALE_MIN, SCALE_MAX + 1):
                p = profile(r, a, c)
                text = "\n".join(
                    textwrap.wrap(f"{ILLUSTRATIVE}: {p.reading}", width)
                    + [f"Closest invented journey: {p.nearest_journey}."]
                )
                rows.append(
                    dict(
                        resourcing=r,
                        adaptation=a,
                        reconfiguration=c,
                        pattern=p.pattern,
                        headline=p.headline,
                        reading=p.reading,
                        nearest_journey=p.nearest_journey,
                        text=text,
                    )
                )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- chart


def cocreation_chart(
    resourcing=2,
    adaptation=2,
    reconfiguration=2,
    *,
    show_journeys: bool = True,
    title: str = "Where does your co-creation project sit?",
    description: str | None = None,
) -> alt.VConcatChart:
    """A kernel-free chart with three sliders that places a project on the three dimensions.

    The sliders (Altair params ``resourcing``, ``adaptation``, ``reconfiguration``, bound to
    range inputs from 0 to 4 in whole steps) start at the given ratings, which are checked
    with :func:`rating`. Panels: a bar for each rating; a map with resourcing across,
    adaptation up and reconfiguration as the dot's size, next to the three invented journeys
    (``show_journeys``); and the kit's illustrative reading, looked up in
    :func:`readings_table`, so it matches :func:`profile`.
    """
    start = profile(resourcing, adaptation, reconfiguration)
    if description is None:
        description = (
            "Three sliders rate a project from 0 (none) to 4 (very high) on resourcing, adaptation "
            "and reconfiguration. Top left: one bar per rating. Top right: a map with resourcing across "
            "and adaptation up; the size of the dot shows reconfiguration"
            + (", and grey labelled dots mark the kit's three invented journeys A, B and C" if show_journeys else "")
            + ". Below: the kit's illustrative reading of the current ratings (not a finding of the study). "
            f"Starting ratings: resourcing {start.scores['resourcing']}, adaptation {start.scores['adaptation']}, "
            f"reconfiguration {start.scores['reconfiguration']}."
        )
    require_text(title, description)
    params = [
        alt.param(
            name=d,
            value=start.scores[d],
            bind=alt.binding_range(
                min=SCALE_MIN, max=SCALE_MAX, step=1, name=f"{d.capitalize()} (0 none to 4 very high): "
            ),
        )
        for d in DIMENSIONS
    ]
    order = [d.capitalize() for d in DIMENSIONS]
    score_expr = " : ".join(f"datum.dimension == '{d.capitalize()}' ? {d}" for d in DIMENSIONS[:-1])
    score_expr = f"{score_expr} : {DIMENSIONS[-1]}"
    bars_base = alt.Chart(alt.Data(values=[{"dimension": d} for d in order])).transform_calculate(score=score_expr)
    colour = alt.Color(
        "dimension:N", scale=alt.Scale(domain=order, range=[DIMENSION_COLOURS[d] for d in DIMENSIONS]), legend=None
    )
    x_scale = alt.Scale(domain=[SCALE_MIN, SCALE_MAX])
    x_axis = alt.Axis(
        values=list(range(SCALE_MIN, SCALE_MAX + 1)),
        format="d",
        title="Rating (0 none to 4 very high)",
        titleFontWeight="normal",
        grid=True,
    )
    bars = bars_base.mark_bar(height=22).encode(
        y=alt.Y("dimension:N", sort=order, title=None),
        x=alt.X("score:Q", scale=x_scale, axis=x_axis),
        color=colour,
        tooltip=[alt.Tooltip("dimension:N", title="Dimension"), alt.Tooltip("score:Q", title="Rating")],
    )
    bar_text = bars_base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=alt.Y("dimension:N", sort=order), x="score:Q", text=alt.Text("score:Q", format="d")
    )
    bar_panel = alt.layer(bars, bar_text).properties(width=260, height=150, title="Your ratings")

    axis_kw = dict(values=list(range(SCALE_MIN, SCALE_MAX + 1)), format="d", grid=True)
    size_scale = alt.Scale(domain=[SCALE_MIN, SCALE_MAX], range=[40, 900])
    map_layers = []
    if show_journeys:
        j = journeys()[["journey", "title", "resourcing", "adaptation", "reconfiguration"]]
        jbase = alt.Chart(j)
        map_layers.append(
            jbase.mark_point(filled=True, color="#8a8a8a", opacity=0.55).encode(
                x=alt.X(
                    "resourcing:Q",
                    scale=alt.Scale(domain=[-0.5, 4.5]),
                    axis=alt.Axis(title="Resourcing (0 none to 4 very high)", **axis_kw),
                ),
                y=alt.Y(
                    "adaptation:Q",
                    scale=alt.Scale(domain=[-0.5, 4.5]),
                    axis=alt.Axis(title="Adaptation (0 none to 4 very high)", **axis_kw),
                ),
                size=alt.Size("reconfiguration:Q", scale=size_scale, legend=None),
                tooltip=[
                    alt.Tooltip("journey:N", title="Invented journey"),
                    alt.Tooltip("title:N", title="Title"),
                    "resourcing:Q",
                    "adaptation:Q",
                    "reconfiguration:Q",
                ],
            )
        )
        map_layers.append(
            jbase.mark_text(dy=-18, fontSize=11, color="#444444").encode(
                x="resourcing:Q", y="adaptation:Q", text="journey:N"
            )
        )
    you = alt.Chart(alt.Data(values=[{"who": "Your project"}])).transform_calculate(
        resourcing="resourcing", adaptation="adaptation", reconfiguration="reconfiguration"
    )
    map_layers.append(
        you.mark_point(filled=True, color=OKABE_ITO[5], stroke="#000000", strokeWidth=1, opacity=0.9).encode(
            x=alt.X(
                "resourcing:Q",
                scale=alt.Scale(domain=[-0.5, 4.5]),
                axis=alt.Axis(title="Resourcing (0 none to 4 very high)", **axis_kw),
            ),
            y=alt.Y(
                "adaptation:Q",
                scale=alt.Scale(domain=[-0.5, 4.5]),
                axis=alt.Axis(title="Adaptation (0 none to 4 very high)", **axis_kw),
            ),
            size=alt.Size("reconfiguration:Q", scale=size_scale, legend=None),
            tooltip=[alt.Tooltip("who:N", title=" "), "resourcing:Q", "adaptation:Q", "reconfiguration:Q"],
        )
    )
    map_layers.append(
        you.mark_text(dy=20, fontSize=11, fontWeight="bold", color="#000000").encode(
            x="resourcing:Q", y="adaptation:Q", text="who:N"
        )
    )
    map_panel = alt.layer(*map_layers).properties(
        width=260, height=260, title="Map (bigger dot = more reconfiguration)"
    )

    table = readings_table()[["resourcing", "adaptation", "reconfiguration", "text"]]
    reading = (
        alt.Chart(alt.Data(values=table.to_dict(orient="records")))
        .transform_filter(
            "datum.resourcing == resourcing && datum.adaptation == adaptation && datum.reconfiguration == reconfiguration"
        )
        .mark_text(align="left", baseline="top", lineBreak="\n", fontSize=13, lineHeight=18)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=560, height=150)
    )

    return (
        alt.vconcat(alt.hconcat(bar_panel, map_panel, spacing=40), reading, spacing=16)
        .add_params(*params)
        .properties(
            title=alt.Title(title, subtitle="Invented journeys and readings: illustrative, not the study's cases."),
            description=description,
        )
    )
