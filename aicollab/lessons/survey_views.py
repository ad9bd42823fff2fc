"""Views of the Ye, Ma & Abuhashish (2026) survey for lesson 2, "Reading the survey".

Everything the lesson shows is computed here, so the notebook stays thin and the numbers are
tested. Three kinds of helper:

- **Tables** (pure functions returning DataFrames): :func:`section_sums` and
  :func:`sum_overview` (why totals exceed 100%), :func:`pie_distortion` (what a pie chart of a
  select-all question would wrongly show), :func:`interval_widths` (how precise a percentage
  is for n = 120 and n = 5,142), :func:`register_flags` and :func:`discrepancy_examples` (the
  discrepancy register), :func:`interest_engagement` (stated interest set against actual
  engagement).
- **Kernel-free charts** (Altair specs whose interactivity runs in the browser, so they work
  in the static book): :func:`survey_explorer_chart` (every one of the 161 table rows, a
  drop-down picks a question), :func:`wilson_explorer_chart` (sliders for a percentage and a
  number of respondents), :func:`compare_topics_chart` (clinicians and researchers side by
  side, a drop-down picks a topic).
- **Static charts**: :func:`side_by_side_chart`, :func:`pie_distortion_chart`,
  :func:`interest_engagement_chart`.

Every chart has a title, a ``description`` (its text alternative) and, where it has inputs,
parameters with fixed names and readable labels. Colours come from
:data:`aicollab.display.charts.OKABE_ITO` and :data:`aicollab.display.charts.GROUP_COLOURS`.

A caution that runs through the lesson: the paper prints each percentage without the number
of people who answered that question. The kit uses the group total (5,142 clinicians, 120
researchers) as the base, so counts and intervals here are approximations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import altair as alt
import numpy as np
import pandas as pd

from aicollab import data as D
from aicollab.display.charts import GROUP_COLOURS, OKABE_ITO, require_text

__all__ = [
    "DEFAULT_SECTION",
    "DEFAULT_TOPIC",
    "INTEREST_ENGAGEMENT_ROWS",
    "section_label",
    "section_sums",
    "sum_overview",
    "pie_distortion",
    "pie_distortion_chart",
    "interval_widths",
    "wilson_expressions",
    "wilson_explorer_chart",
    "register_flags",
    "register_summary",
    "discrepancy_examples",
    "explorer_rows",
    "survey_explorer_chart",
    "topic_rows",
    "compare_topics_chart",
    "side_by_side_chart",
    "interest_engagement",
    "interest_engagement_chart",
    "spec_size_kb",
]

#: The question the explorer opens on (clinicians' perceived problems, Table 3).
DEFAULT_SECTION = "t3_perceived_problems"
#: The topic the side-by-side chart opens on (the same three data-sharing arrangements).
DEFAULT_TOPIC = "data_sharing_methods"

_RESPONSE_WORDS = {
    "single": "single choice (one answer each)",
    "multiple": "select all that apply",
    "unknown": "response type unclear",
}


def _survey(survey: pd.DataFrame | None) -> pd.DataFrame:
    return D.load_survey() if survey is None else survey


def _fmt_pct(x: float) -> str:
    """65.0 -> '65%', 0.8 -> '0.8%', 153.7 -> '153.7%'."""
    return f"{x:g}%"


def _short(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters at a word boundary, adding an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def section_label(table: int, group: str, section: str) -> str:
    """The readable name of a survey question used in drop-downs and headers."""
    return f"Table {int(table)} ({group}): {section}"


# --------------------------------------------------------------------------- sums
def section_sums(survey: pd.DataFrame | None = None, tolerance: float = D.SUM_TOLERANCE) -> pd.DataFrame:
    """One row per survey question (section) with the sum of its printed percentages.

    Columns: table, group, section_id, section, response_type, options, total, verdict.
    ``verdict`` is 'about 100' (within ``tolerance`` points of 100), 'over 100' or 'under 100'.
    Sections stay in the paper's order.
    """
    s = _survey(survey)
    g = s.groupby("section_id", sort=False)
    out = pd.DataFrame(
        {
            "table": g["table"].first(),
            "group": g["group"].first(),
            "section": g["section"].first(),
            "response_type": g["response_type"].first(),
            "options": g["row_id"].size(),
            "total": g["percent"].sum().round(1),
        }
    ).reset_index()
    out = out[["table", "group", "section_id", "section", "response_type", "options", "total"]]
    out["verdict"] = np.where(
        (out["total"] - 100).abs() <= tolerance, "about 100", np.where(out["total"] > 100, "over 100", "under 100")
    )
    return out


def sum_overview(survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many questions of each response type sum to about 100, over 100 or under 100.

    Rows: response_type (single, multiple, unknown); columns: the three verdicts, plus the
    smallest and largest total of that type.
    """
    sums = section_sums(survey)
    counts = pd.crosstab(sums["response_type"], sums["verdict"])
    for col in ("about 100", "over 100", "under 100"):
        if col not in counts.columns:
            counts[col] = 0
    counts = counts[["about 100", "over 100", "under 100"]]
    rng = sums.groupby("response_type")["total"].agg(lowest="min", highest="max")
    out = counts.join(rng)
    order = [t for t in ("single", "multiple", "unknown") if t in out.index]
    out = out.loc[order]
    out.columns.name = None
    return out


def _check_section(section_id: str, survey: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(section_id, str) or not section_id.strip():
        raise ValueError("Give a section id as text, for example 't2_resources_offered'.")
    rows = survey[survey["section_id"] == section_id.strip()]
    if rows.empty:
        close = [sid for sid in survey["section_id"].unique() if section_id.strip().lower() in sid]
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else " See section_sums() for the list."
        raise ValueError(f"No survey question has the section id '{section_id}'.{hint}")
    return rows


def pie_distortion(section_id: str = "t2_resources_offered", survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """What a pie chart would show for one question, next to what was printed.

    A pie divides 360 degrees among the options, so each slice is ``percent / total``. For a
    select-all question the total exceeds 100 and every slice shrinks. Columns: item,
    printed (percent of respondents who chose the option), pie_slice (percent of the pie it
    would get), shrunk_by (printed - pie_slice, in points).
    """
    rows = _check_section(section_id, _survey(survey))
    total = float(rows["percent"].sum())
    out = pd.DataFrame(
        {
            "item": rows["item"].to_numpy(),
            "printed": rows["percent"].to_numpy(),
            "pie_slice": (rows["percent"] / total * 100).round(1).to_numpy(),
        }
    )
    out["shrunk_by"] = (out["printed"] - out["pie_slice"]).round(1)
    return out


def pie_distortion_chart(section_id: str = "t2_resources_offered", survey: pd.DataFrame | None = None) -> alt.Chart:
    """Grouped bars: the printed percentage beside the slice a pie chart would draw."""
    s = _survey(survey)
    tab = pie_distortion(section_id, s)
    first = s[s["section_id"] == section_id].iloc[0]
    total = float(tab["printed"].sum())
    long = tab.melt(id_vars="item", value_vars=["printed", "pie_slice"], var_name="shown_as", value_name="value")
    names = {"printed": "Printed in the table", "pie_slice": "Slice a pie would draw"}
    long["shown_as"] = long["shown_as"].map(names)
    domain = list(names.values())
    title = f"A pie chart would shrink every answer: {first['section']}"
    top = tab.iloc[0]
    description = (
        f"Bar chart comparing, for each option of Table {int(first['table'])} "
        f"('{first['section']}'), the printed percentage of {first['group']} who chose it with the share "
        f"of a pie it would get. The options sum to {total:g}%, so each slice is the printed value "
        f"divided by {total:g}: for example '{top['item']}' was chosen by {top['printed']:g}% but would "
        f"fill only {top['pie_slice']:g}% of a pie."
    )
    require_text(title, description)
    order = list(tab["item"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=order, title=None),
            yOffset=alt.YOffset("shown_as:N", sort=domain),
            x=alt.X("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "shown_as:N",
                title="Shown as",
                scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], OKABE_ITO[5]]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("item:N", title="Answer"),
                alt.Tooltip("shown_as:N", title="Shown as"),
                alt.Tooltip("value:Q", title="Percent", format=".1f"),
            ],
        )
    )
    return chart.properties(title=title, description=description, width=420, height=max(120, 34 * len(order)))


# --------------------------------------------------------------------------- intervals
def interval_widths(percents: Sequence[float] = (4, 18, 50, 65), ns: Sequence[int] = (120, 5142)) -> pd.DataFrame:
    """Wilson 95% intervals for a few percentages at a few sample sizes.

    Columns: n, percent, low, high, width (high - low, in percentage points), plus_minus
    (half the width, rounded), all rounded to one decimal.
    """
    if isinstance(percents, (int, float)):
        percents = [percents]
    if isinstance(ns, (int, float)):
        ns = [ns]
    rows = []
    for n in ns:
        for p in percents:
            low, high = D.wilson_interval(p, n)
            rows.append(
                {
                    "n": int(n),
                    "percent": float(p),
                    "low": round(low, 1),
                    "high": round(high, 1),
                    "width": round(high - low, 1),
                    "plus_minus": round((high - low) / 2, 1),
                }
            )
    return pd.DataFrame(rows)


def wilson_expressions(p_expr: str, n_expr: str, z: float = 1.96) -> tuple[str, str]:
    """Vega expressions for the Wilson interval's ends, in percent.

    ``p_expr`` is an expression for the proportion (0-1) and ``n_expr`` one for the number of
    respondents. The formula is the one in :func:`aicollab.data.wilson_interval`, written with
    only arithmetic, ``sqrt``, ``max`` and ``min`` so that the browser can evaluate it (and a
    test can evaluate it in Python).
    """
    z2 = f"{z * z:.6f}"
    zs = f"{z:.6f}"
    p, n = f"({p_expr})", f"({n_expr})"
    den = f"(1 + {z2} / {n})"
    centre = f"(({p} + {z2} / (2 * {n})) / {den})"
    half = f"({zs} * sqrt({p} * (1 - {p}) / {n} + {z2} / (4 * {n} * {n})) / {den})"
    return f"100 * max(0, {centre} - {half})", f"100 * min(1, {centre} + {half})"


def wilson_explorer_chart(percent: float = 50, your_n: int = 500) -> alt.LayerChart:
    """Kernel-free chart: how wide a 95% interval is for a chosen percentage and sample size.

    Two sliders (parameters ``pct`` and ``your_n``) drive the browser-side calculation; rows
    for 30, 120 (the researchers), 1,000 and 5,142 (the clinicians) respondents stay fixed so
    the learner can compare. Rows are ordered by n; the widths are computed with
    :func:`wilson_expressions`.
    """
    if not 0 <= float(percent) <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")
    if not (isinstance(your_n, (int, np.integer)) and 10 <= your_n <= 6000):
        raise ValueError(f"your_n must be a whole number from 10 to 6000, got {your_n!r}")
    fixed = [
        (30, "30 people (a small workshop)"),
        (120, "120 people (the researchers)"),
        (1000, "1,000 people"),
        (5142, "5,142 people (the clinicians)"),
    ]
    df = pd.DataFrame(
        {
            "label": [lab for _, lab in fixed] + ["Your choice of n (slider)"],
            "fixed_n": [n for n, _ in fixed] + [0],
            "order": [0, 1, 2, 3, 4],
            "kind": ["fixed"] * len(fixed) + ["yours"],
        }
    )
    pct = alt.param(
        name="pct",
        value=float(percent),
        bind=alt.binding_range(min=0, max=100, step=1, name="Percent who chose the answer: "),
    )
    n_you = alt.param(
        name="your_n",
        value=int(your_n),
        bind=alt.binding_range(min=10, max=6000, step=10, name="Your number of respondents: "),
    )
    low, high = wilson_expressions("pct / 100", "datum.n")
    title = "How precise is a percentage? Wilson 95% intervals by number of respondents"
    description = (
        "Interactive interval chart. For the percentage set with the first slider, each row shows "
        "the Wilson 95% interval (a horizontal line) and the percentage itself (a dot) for a "
        "different number of respondents: 30, 120 (the researchers), 1,000, 5,142 (the clinicians) "
        "and a number you choose with the second slider. With the starting value of 50%, the "
        "interval is about 41 to 59% for 120 people and about 48.6 to 51.4% for 5,142 people."
    )
    require_text(title, description)
    base = (
        alt.Chart(df)
        .transform_calculate(n="datum.fixed_n > 0 ? datum.fixed_n : your_n")
        .transform_calculate(
            low=low,
            high=high,
            p="pct",
        )
        .transform_calculate(
            span="'±' + format((datum.high - datum.low) / 2, '.1f') + ' points (n = ' + format(datum.n, ',') + ')'"
        )
    )
    y = alt.Y("label:N", sort=alt.EncodingSortField("order", order="ascending"), title=None)
    rule = base.mark_rule(strokeWidth=6).encode(
        y=y,
        color=alt.Color(
            "kind:N", scale=alt.Scale(domain=["fixed", "yours"], range=[OKABE_ITO[0], OKABE_ITO[5]]), legend=None
        ),
        x=alt.X("low:Q", title="Percent (95% interval)", scale=alt.Scale(domain=[0, 100])),
        x2="high:Q",
        tooltip=[
            alt.Tooltip("label:N", title="Respondents"),
            alt.Tooltip("low:Q", format=".1f", title="Interval from"),
            alt.Tooltip("high:Q", format=".1f", title="Interval to"),
        ],
    )
    dot = base.mark_point(filled=True, size=90, color="#000000").encode(y=y, x="p:Q")
    text = base.mark_text(align="left", dx=8, fontSize=12, color="#222222").encode(y=y, x="high:Q", text="span:N")
    return (
        alt.layer(rule, dot, text)
        .add_params(pct, n_you)
        .properties(title=title, description=description, width=460, height=alt.Step(34))
    )


# --------------------------------------------------------------------------- discrepancy register
def register_flags(survey: pd.DataFrame | None = None, register: pd.DataFrame | None = None) -> pd.DataFrame:
    """The survey with a ``register_ids`` column: the discrepancy-register rows ('D12', or
    'D16;D17') that mention each table row, or '' when none does. Values are never changed:
    the kit shows the table value and flags the disagreement."""
    s = _survey(survey).copy()
    reg = D.load_discrepancies() if register is None else register
    ids: dict[str, list[str]] = {}
    for r in reg.itertuples():
        if isinstance(r.row_ids, str):
            for rid in r.row_ids.split(";"):
                ids.setdefault(rid, []).append(r.id)
    s["register_ids"] = [";".join(ids.get(rid, [])) for rid in s["row_id"]]
    return s


def register_summary(register: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many register rows there are of each kind, with a plain-words gloss of the kind."""
    reg = D.load_discrepancies() if register is None else register
    gloss = {
        "figure": "a number in the table differs from the number in the text",
        "sum": "options that should add to 100 do not",
        "label": "the wording of a heading or option differs between places",
        "attribution": "a figure is credited to the wrong group or question",
        "sample_size": "the number of participants is reported differently",
        "method": "the Methods or the conclusions describe something the reported results do not show",
    }
    counts = reg["kind"].value_counts()
    order = [k for k in gloss if k in counts.index] + [k for k in counts.index if k not in gloss]
    return pd.DataFrame(
        {"kind": order, "rows": [int(counts[k]) for k in order], "meaning": [gloss.get(k, "") for k in order]}
    )


def discrepancy_examples(
    ids: Iterable[str] = ("D09", "D12", "D22", "D26"), register: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Chosen rows of the discrepancy register, in the order given.

    Columns: id, table, kind, table_says, text_says, note. Unknown ids raise ValueError.
    """
    reg = D.load_discrepancies() if register is None else register
    if isinstance(ids, str):
        ids = [ids]
    ids = [str(i).strip().upper() for i in ids]
    unknown = [i for i in ids if i not in set(reg["id"])]
    if unknown:
        raise ValueError(
            f"Not in the discrepancy register: {', '.join(unknown)}. "
            f"Ids run from {reg['id'].iloc[0]} to {reg['id'].iloc[-1]}."
        )
    out = reg.set_index("id").loc[ids, ["table", "kind", "table_says", "text_says", "note"]].reset_index()
    return out


# --------------------------------------------------------------------------- explorer
def explorer_rows(survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """The compact rows the survey explorer embeds: one per table row (161), with intervals.

    Columns: sid (section id), no (option number), item, group, percent, lo, hi (Wilson 95%
    interval with the group total as base), count (approximate), reg (register ids or ''),
    label (the text printed beside the bar).
    """
    s = register_flags(survey)
    s = D.with_intervals(s)
    out = pd.DataFrame(
        {
            "sid": s["section_id"].to_numpy(),
            "no": s["item_no"].to_numpy(),
            "item": s["item"].to_numpy(),
            "group": s["group"].to_numpy(),
            "percent": s["percent"].to_numpy(),
            "lo": s["ci_low"].round(1).to_numpy(),
            "hi": s["ci_high"].round(1).to_numpy(),
            "count": s["approx_count"].to_numpy(),
            "reg": s["register_ids"].to_numpy(),
        }
    )
    out["label"] = [
        f"{_fmt_pct(p)}" + (f"  (register {r.replace(';', ', ')})" if r else "")
        for p, r in zip(out["percent"], out["reg"])
    ]
    return out


def _section_headers(survey: pd.DataFrame) -> pd.DataFrame:
    sums = section_sums(survey)
    n = survey.groupby("section_id", sort=False)["base_n"].first()
    lines = []
    for r in sums.itertuples():
        head = f"Table {r.table}, {r.group} (n = {int(n[r.section_id]):,}): {r.section}"
        if r.response_type == "multiple":
            body = f"Kit's reading: select all that apply. The options sum to {r.total:g}%: each bar stands on its own."
        elif r.response_type == "single":
            body = f"Kit's reading: one answer each. The options sum to {r.total:g}%: the bars are parts of one whole."
        else:
            body = f"Response type unclear. The options sum to {r.total:g}% (see the register)."
        lines.append({"sid": r.section_id, "text": head + "\n" + body})
    return pd.DataFrame(lines)


def survey_explorer_chart(survey: pd.DataFrame | None = None, start: str = DEFAULT_SECTION) -> alt.VConcatChart:
    """Kernel-free explorer of all ten tables.

    A drop-down (parameter ``question``, label "Question: ") lists every question by table,
    group and heading; the chart filters its embedded rows (all 161) to that question and
    draws a bar per option with its Wilson 95% interval. A header line states the group size,
    the response type and what the options sum to. Rows mentioned by the discrepancy register
    carry the register id beside their value.
    """
    s = _survey(survey)
    if start not in set(s["section_id"]):
        raise ValueError(f"Unknown starting question '{start}'; see section_sums() for the ids.")
    rows = explorer_rows(s)
    heads = _section_headers(s)
    sums = section_sums(s)
    options = list(sums["section_id"])
    labels = [_short(section_label(t, g, sec), 72) for t, g, sec in zip(sums["table"], sums["group"], sums["section"])]
    question = alt.param(
        name="question", value=start, bind=alt.binding_select(options=options, labels=labels, name="Question: ")
    )
    title = "Every question in the survey, with 95% intervals"
    description = (
        "Interactive bar chart of the ten survey tables (161 answer options). Choose a question in the "
        "drop-down; the chart shows one horizontal bar per answer option with the printed percentage, "
        "a black line for its Wilson 95% interval, and the percentage as text. Bars are blue for "
        "clinicians (n = 5,142) and orange for researchers (n = 120). A line above the bars gives the "
        "group, the response type and what the options add up to. Values mentioned in the discrepancy "
        "register are marked with the register id. It opens on Table 3, clinicians' perceived problems."
    )
    require_text(title, description)
    head = (
        alt.Chart(heads)
        .mark_text(align="left", baseline="top", lineBreak="\n", fontSize=13, lineHeight=18, color="#222222")
        .encode(
            x=alt.value(0),
            y=alt.value(2),
            text="text:N",
        )
        .transform_filter(alt.datum.sid == question)
        .properties(width=460, height=40)
    )
    base = alt.Chart(rows).transform_filter(alt.datum.sid == question)
    y = alt.Y("item:N", sort=alt.EncodingSortField("no", order="ascending"), title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color(
        "group:N",
        title="Group",
        scale=alt.Scale(domain=list(GROUP_COLOURS), range=list(GROUP_COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("item:N", title="Answer"),
        alt.Tooltip("percent:Q", title="Percent", format=".1f"),
        alt.Tooltip("lo:Q", title="95% interval from", format=".1f"),
        alt.Tooltip("hi:Q", title="95% interval to", format=".1f"),
        alt.Tooltip("count:Q", title="About this many people", format=","),
        alt.Tooltip("reg:N", title="Discrepancy register"),
    ]
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("percent:Q", title="Percent of respondents", scale=alt.Scale(domain=[0, 100])),
        color=colour,
        tooltip=tooltip,
    )
    whiskers = base.mark_rule(color="#222222", strokeWidth=1.5).encode(y=y, x="lo:Q", x2="hi:Q")
    text = base.mark_text(align="left", dx=5, fontSize=11, color="#222222").encode(y=y, x="hi:Q", text="label:N")
    body = alt.layer(bars, whiskers, text).properties(width=460, height=alt.Step(24))
    return alt.vconcat(head, body, spacing=4).add_params(question).properties(title=title, description=description)


# --------------------------------------------------------------------------- side by side
def _check_topic(topic: str) -> None:
    topics = D.list_topics()
    if not isinstance(topic, str) or topic not in set(topics["topic"]):
        raise ValueError(f"Unknown topic {topic!r}; choose one of: {', '.join(topics['topic'])} (see list_topics()).")


def topic_rows(topics: Sequence[str] | None = None) -> pd.DataFrame:
    """Matched clinician/researcher answers for the given topics (default: all), with
    Wilson intervals. Columns as :func:`aicollab.data.side_by_side` plus ci_low, ci_high and
    register_ids."""
    all_topics = list(D.list_topics()["topic"])
    if topics is None:
        topics = all_topics
    if isinstance(topics, str):
        topics = [topics]
    for t in topics:
        _check_topic(t)
    frames = [D.side_by_side(t) for t in topics]
    out = D.with_intervals(pd.concat(frames, ignore_index=True))
    flags = register_flags().set_index("row_id")["register_ids"]
    out["register_ids"] = [flags.get(r, "") for r in out["row_id"]]
    return out


def side_by_side_chart(topic: str = DEFAULT_TOPIC) -> alt.LayerChart:
    """Static grouped bars (clinicians blue, researchers orange) for one comparable topic."""
    _check_topic(topic)
    df = topic_rows([topic])
    info = D.list_topics().set_index("topic").loc[topic]
    title = f"Clinicians and researchers: {info['topic_label']}"
    pairs = "; ".join(
        f"{lab}: clinicians {c:g}%, researchers {r:g}%"
        for lab, c, r in zip(
            df.loc[df["group"] == "clinicians", "pair_label"],
            df.loc[df["group"] == "clinicians", "percent"],
            df.loc[df["group"] == "researchers", "percent"],
        )
    )
    description = (
        f"Grouped bar chart with 95% interval lines comparing matched answer options "
        f"(comparability: {info['comparability']}). {pairs}."
    )
    from aicollab.display.charts import percent_bars

    return percent_bars(
        df,
        title=title,
        description=description,
        label="pair_label",
        colour="group",
        subtitle=f"Comparability: {info['comparability']}. {info['note']}",
    )


def compare_topics_chart(start: str = DEFAULT_TOPIC) -> alt.VConcatChart:
    """Kernel-free side-by-side chart for every comparable topic.

    A drop-down (parameter ``topic``, label "Topic: ") picks a topic; clinicians' and
    researchers' answers to the matched options appear as paired bars with 95% interval lines,
    and a header gives the comparability rating and the kit's note on it.
    """
    _check_topic(start)
    topics = D.list_topics()
    df = topic_rows()
    rows = pd.DataFrame(
        {
            "topic": df["topic"].astype(str).to_numpy(),
            "pair": df["pair_label"].astype(str).to_numpy(),
            "cid": df["comparison_id"].astype(str).to_numpy(),
            "group": df["group"].astype(str).to_numpy(),
            "item": df["item"].astype(str).to_numpy(),
            "percent": df["percent"].to_numpy(),
            "lo": df["ci_low"].round(1).to_numpy(),
            "hi": df["ci_high"].round(1).to_numpy(),
            "src": [f"Table {int(t)}" if pd.notna(t) else "text only" for t in df["table"]],
            "reg": df["register_ids"].to_numpy(),
        }
    )
    rows["label"] = [
        _fmt_pct(p) + (f" ({r.replace(';', ', ')})" if r else "") for p, r in zip(rows["percent"], rows["reg"])
    ]
    heads = pd.DataFrame(
        {
            "topic": topics["topic"].to_numpy(),
            "text": [f"Comparability: {c}. {n}" for c, n in zip(topics["comparability"], topics["note"])],
        }
    )
    topic = alt.param(
        name="topic",
        value=start,
        bind=alt.binding_select(
            options=list(topics["topic"]),
            labels=[f"{lab} ({c})" for lab, c in zip(topics["topic_label"], topics["comparability"])],
            name="Topic: ",
        ),
    )
    title = "Clinicians and researchers side by side"
    description = (
        "Interactive grouped bar chart. Choose one of 15 topics asked of both groups in the drop-down; "
        "for each matched pair of answer options the chart shows the clinicians' percentage (blue bar) "
        "and the researchers' percentage (orange bar), each with a black 95% interval line. The "
        "researchers' intervals are much wider because only 120 answered. A header gives how comparable "
        "the two questions are. It opens on the preferred data-sharing arrangement, where clinicians "
        "chose free data for papers or patents 55% of the time and researchers 72%."
    )
    require_text(title, description)
    head = (
        alt.Chart(heads)
        .mark_text(align="left", baseline="top", fontSize=12, color="#222222", limit=600)
        .encode(x=alt.value(0), y=alt.value(2), text="text:N")
        .transform_filter(alt.datum.topic == topic)
        .properties(width=460, height=22)
    )
    base = alt.Chart(rows).transform_filter(alt.datum.topic == topic)
    y = alt.Y("pair:N", sort=alt.EncodingSortField("cid", order="ascending"), title=None)
    yoff = alt.YOffset("group:N", sort=list(GROUP_COLOURS))
    colour = alt.Color(
        "group:N",
        title="Group",
        scale=alt.Scale(domain=list(GROUP_COLOURS), range=list(GROUP_COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("group:N", title="Group"),
        alt.Tooltip("item:N", title="Option as asked"),
        alt.Tooltip("percent:Q", title="Percent", format=".1f"),
        alt.Tooltip("lo:Q", title="95% interval from", format=".1f"),
        alt.Tooltip("hi:Q", title="95% interval to", format=".1f"),
        alt.Tooltip("src:N", title="Source"),
        alt.Tooltip("reg:N", title="Discrepancy register"),
    ]
    bars = base.mark_bar().encode(
        y=y,
        yOffset=yoff,
        color=colour,
        tooltip=tooltip,
        x=alt.X("percent:Q", title="Percent of respondents", scale=alt.Scale(domain=[0, 100])),
    )
    whiskers = base.mark_rule(color="#222222", strokeWidth=1.5).encode(y=y, yOffset=yoff, x="lo:Q", x2="hi:Q")
    text = base.mark_text(align="left", dx=5, fontSize=11, color="#222222").encode(
        y=y, yOffset=yoff, x="hi:Q", text="label:N"
    )
    body = alt.layer(bars, whiskers, text).properties(width=460, height=alt.Step(44))
    return alt.vconcat(head, body, spacing=4).add_params(topic).properties(title=title, description=description)


# --------------------------------------------------------------------------- interest vs engagement
#: The rows set against each other in the interest-versus-engagement section:
#: (row_id, side, the kit's plain-words reading).
INTEREST_ENGAGEMENT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("t04s3i01", "stated interest", "want to collaborate with research institutions"),
    (
        "t04s1i01",
        "stated interest",
        "think AI research needs considerable time (the Discussion reads this 90% as interest; register D09)",
    ),
    ("t02s4i01", "not engaged", "know of AI products but have not used one"),
    ("t01s3i01", "not engaged", "not involved in AI research"),
    ("t01s4i01", "not engaged", "no collaboration with enterprises or research institutions"),
)


def interest_engagement(survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Clinicians' stated interest set against their actual engagement (Tables 1, 2 and 4).

    Columns: side, table, row_id, item (as printed in the table), reading (the kit's
    plain-words reading), percent, ci_low, ci_high, register_ids.
    """
    s = register_flags(survey).set_index("row_id")
    rows = []
    for rid, side, reading in INTEREST_ENGAGEMENT_ROWS:
        r = s.loc[rid]
        low, high = D.wilson_interval(float(r["percent"]), int(r["base_n"]))
        rows.append(
            {
                "side": side,
                "table": int(r["table"]),
                "row_id": rid,
                "item": r["item"],
                "reading": reading,
                "percent": float(r["percent"]),
                "ci_low": round(low, 1),
                "ci_high": round(high, 1),
                "register_ids": r["register_ids"],
            }
        )
    return pd.DataFrame(rows)


def interest_engagement_chart(survey: pd.DataFrame | None = None) -> alt.LayerChart:
    """Bars of the interest and engagement figures, coloured by side, with 95% intervals."""
    df = interest_engagement(survey)
    df["bar_label"] = [f"Table {t}: {r.split(' (')[0]}" for t, r in zip(df["table"], df["reading"])]
    df["value_label"] = [_fmt_pct(p) + (f" ({g})" if g else "") for p, g in zip(df["percent"], df["register_ids"])]
    sides = ["stated interest", "not engaged"]
    title = "Clinicians: stated interest against actual engagement"
    parts = "; ".join(f"{r.bar_label}: {r.percent:g}%" for r in df.itertuples())
    description = (
        f"Horizontal bar chart of five clinician figures (n = 5,142), green for stated interest and "
        f"vermilion for answers showing no engagement yet, each with its 95% interval. {parts}. The interval lines are "
        f"very short because 5,142 clinicians answered."
    )
    require_text(title, description)
    order = list(df["bar_label"])
    base = alt.Chart(df)
    y = alt.Y("bar_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("percent:Q", title="Percent of clinicians", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "side:N",
            title="Side",
            scale=alt.Scale(domain=sides, range=[OKABE_ITO[2], OKABE_ITO[5]]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("item:N", title="Printed option"),
            alt.Tooltip("percent:Q", format=".1f", title="Percent"),
            alt.Tooltip("ci_low:Q", title="95% interval from"),
            alt.Tooltip("ci_high:Q", title="95% interval to"),
            alt.Tooltip("register_ids:N", title="Discrepancy register"),
        ],
    )
    whiskers = base.mark_rule(color="#222222").encode(y=y, x="ci_low:Q", x2="ci_high:Q")
    text = base.mark_text(align="left", dx=5, fontSize=11, color="#222222").encode(
        y=y, x="ci_high:Q", text="value_label:N"
    )
    return alt.layer(bars, whiskers, text).properties(
        title=title, description=description, width=360, height=alt.Step(30)
    )


# --------------------------------------------------------------------------- page weight
def spec_size_kb(chart: alt.TopLevelMixin) -> float:
    """Size of a chart's JSON spec in kilobytes (what the page must carry to draw it)."""
    spec = chart.to_dict()
    return round(len(json.dumps(spec, separators=(",", ":"))) / 1024, 1)
