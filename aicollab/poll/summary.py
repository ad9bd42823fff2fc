"""The room's answers summarised and charted beside the survey's figures."""

from __future__ import annotations

import altair as alt
import pandas as pd

from aicollab.display import charts

from .collect import PollResult
from .fileformat import MAX_ITEMS, ROOM_LABEL, TOP_N
from .vocabulary import barrier_labels, barrier_names, survey_barriers


def weight_summary(result: PollResult) -> pd.DataFrame:
    """Per resource: how many learners weighted it, and the median, lowest and highest share
    of a learner's total weight (percent). Sorted by median share, largest first."""
    cols = ["resource", "learners", "median_share", "min_share", "max_share", "median_weight", "known"]
    w = result.weights.dropna(subset=["share"])
    if w.empty:
        return pd.DataFrame(columns=cols)
    g = w.groupby("resource", sort=False)
    out = pd.DataFrame(
        {
            "learners": g["submission_id"].nunique(),
            "median_share": g["share"].median(),
            "min_share": g["share"].min(),
            "max_share": g["share"].max(),
            "median_weight": g["weight"].median(),
            "known": g["known"].first(),
        }
    ).reset_index()
    return out.sort_values(["median_share", "resource"], ascending=[False, True], kind="stable").reset_index(drop=True)[
        cols
    ]


def _room_label(top: int) -> str:
    return f"{ROOM_LABEL} (top {top})"


def barrier_comparison(result: PollResult, top: int = TOP_N) -> pd.DataFrame:
    """The room beside the survey, one row per barrier and group.

    For the room: the percent of learners who sent a ranking that put this barrier in their
    top ``top`` places (n = learners with a ranking), and its mean rank among those who
    ranked it. For the survey: the percent of clinicians (Table 3) or researchers (Table 9)
    who ticked the option mapped to this barrier; a group that was not offered the barrier
    has no row. Columns: barrier, label, who, percent, n, ci_low, ci_high (95% Wilson
    interval), mean_rank. Barriers are ordered by the room's percent, then the survey's.
    """
    from aicollab.data import wilson_interval

    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a whole number of places (1 or more), got {top!r}")
    labels = barrier_labels()
    names = barrier_names()
    room_who = _room_label(top)
    r = result.rankings
    n_room = int(r["submission_id"].nunique()) if len(r) else 0
    rows = []
    for name in names:
        mine = r[r["barrier"] == name]
        count = int((mine["rank"] <= top).sum())
        rows.append(
            {
                "barrier": name,
                "who": room_who,
                "percent": (count / n_room * 100) if n_room else float("nan"),
                "n": n_room,
                "mean_rank": float(mine["rank"].mean()) if len(mine) else float("nan"),
            }
        )
    for row in survey_barriers().itertuples():
        rows.append(
            {
                "barrier": row.barrier,
                "who": f"{row.group} (Table {row.table})",
                "percent": float(row.percent),
                "n": int(row.base_n),
                "mean_rank": float("nan"),
            }
        )
    out = pd.DataFrame(rows)
    out.insert(1, "label", out["barrier"].map(labels))
    out["ci_low"] = float("nan")
    out["ci_high"] = float("nan")
    ok = (out["n"] > 0) & out["percent"].notna()
    if ok.any():
        low, high = wilson_interval(out.loc[ok, "percent"].astype("float64"), out.loc[ok, "n"].astype("float64"))
        out.loc[ok, "ci_low"] = low.to_numpy()
        out.loc[ok, "ci_high"] = high.to_numpy()
    room_pct = out[out["who"] == room_who].set_index("barrier")["percent"].fillna(-1)
    survey_pct = out[out["who"] != room_who].groupby("barrier")["percent"].max()
    order = sorted(names, key=lambda b: (-room_pct.get(b, -1), -survey_pct.get(b, -1), names.index(b)))
    who_order = [room_who, "clinicians (Table 3)", "researchers (Table 9)"]
    out["_b"] = out["barrier"].map({b: i for i, b in enumerate(order)})
    out["_w"] = out["who"].map({w: i for i, w in enumerate(who_order)}).fillna(len(who_order))
    out = out.sort_values(["_b", "_w"], kind="stable").drop(columns=["_b", "_w"]).reset_index(drop=True)
    return out[["barrier", "label", "who", "percent", "n", "ci_low", "ci_high", "mean_rank"]]


def room_borda(result: PollResult) -> pd.DataFrame:
    """The room's rankings combined by Borda count, exactly as lesson 3 does
    (:func:`aicollab.lessons.barriers.room_ranking`). Empty when nobody sent a ranking."""
    from aicollab.lessons import barriers as B

    r = result.rankings
    if r.empty:
        return pd.DataFrame(columns=["barrier", "label", "points", "mentions", "first", "rank"])
    rankings = [g.sort_values("rank")["barrier"].tolist() for _, g in r.groupby("submission_id", sort=True)]
    return B.room_ranking(rankings)


def _empty_chart(title: str, description: str, message: str) -> alt.Chart:
    charts.require_text(title, description)
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(align="left", fontSize=13, color="#222222")
        .encode(text="message:N")
        .properties(title=title, description=description, width=420, height=40)
    )


#: Most resources the room's weights chart draws (those most learners weighted); the rest stay in
#: :func:`weight_summary`. With ticks grouped by whole percent, the chart's data stay below
#: Altair's 5,000-row limit however many files the room hands in.
MAX_CHART_RESOURCES = MAX_ITEMS


def _chart_frames(result: PollResult) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(ticks, medians, learners drawn, resources left out) for :func:`weights_chart`.

    Categories are ordered by a numeric ``order`` field, never by a list of the learners' own
    names: Vega compiles a sort list into an expression over the literal names, and a resource
    called "constructor" or "toString" then breaks the chart ("Operator not defined").
    """
    summary = weight_summary(result)
    if len(summary) > MAX_CHART_RESOURCES:
        most = summary.sort_values("learners", ascending=False, kind="stable").head(MAX_CHART_RESOURCES)
        shown = summary[summary["resource"].isin(set(most["resource"]))]
    else:
        shown = summary
    shown = shown.reset_index(drop=True)
    order = {r: i for i, r in enumerate(shown["resource"])}
    points = result.weights.dropna(subset=["share"])
    points = points[points["resource"].isin(order)]
    ticks = (
        points.assign(share=points["share"].round(0))
        .groupby(["resource", "share"], sort=False)["submission_id"]
        .nunique()
        .rename("learners")
        .reset_index()
    )
    ticks["order"] = ticks["resource"].map(order).astype("int64")
    medians = shown[["resource", "median_share", "learners"]].assign(order=range(len(shown)))
    learners = int(points["submission_id"].nunique())
    return ticks, medians, learners, len(summary) - len(shown)


def weights_chart(
    result: PollResult, *, title: str | None = None, description: str | None = None
) -> alt.LayerChart | alt.Chart:
    """The room's weights: for each resource, a tick where learners put it (their weight as a
    share of their own total, so learners who used different scales can be compared; ticks at
    whole percents, the tooltip says how many learners) and a diamond at the room's median.

    At most :data:`MAX_CHART_RESOURCES` resources are drawn (those most learners weighted); the
    text alternative names how many more there are in :func:`weight_summary`."""
    title = title or "How this room weighs each resource"
    ticks, medians, learners, left_out = _chart_frames(result)
    if medians.empty:
        description = description or "No learner has sent weights yet, so there is nothing to draw."
        return _empty_chart(title, description, "No weights yet.")
    by_median = medians.sort_values("order")
    top, low = by_median.iloc[0], by_median.iloc[-1]
    more = (
        f" {left_out} more resources, each weighted by fewer learners, are listed by weight_summary()."
        if left_out
        else ""
    )
    if description is None:
        description = (
            f"Strip chart of {learners} learners' weights for {len(medians)} resources, each weight shown as a "
            f"percent of that learner's total. Ticks are learners; the diamond is the room's median. "
            f"Highest median: {top['resource']} ({top['median_share']:.0f}%); lowest: {low['resource']} "
            f"({low['median_share']:.0f}%).{more}"
        )
    charts.require_text(title, description)
    y = alt.Y("resource:N", sort=alt.EncodingSortField("order", op="min"), title=None, axis=alt.Axis(labelLimit=320))
    x_title = "Share of the learner's total weight (%)"
    tick_layer = (
        alt.Chart(ticks)
        .mark_tick(color=charts.OKABE_ITO[0], opacity=0.7, thickness=2)
        .encode(
            x=alt.X("share:Q", title=x_title),
            y=y,
            tooltip=[
                alt.Tooltip("resource:N", title="Resource"),
                alt.Tooltip("share:Q", title="Share (%)", format=".0f"),
                alt.Tooltip("learners:Q", title="Learners"),
            ],
        )
    )
    median_layer = (
        alt.Chart(medians)
        .mark_point(shape="diamond", filled=True, size=140, color=charts.OKABE_ITO[5], opacity=1)
        .encode(
            x=alt.X("median_share:Q", title=x_title),
            y=y,
            tooltip=[
                alt.Tooltip("resource:N", title="Resource"),
                alt.Tooltip("median_share:Q", title="Room median (%)", format=".0f"),
                alt.Tooltip("learners:Q", title="Learners"),
            ],
        )
    )
    return alt.layer(tick_layer, median_layer).properties(
        title=alt.Title(
            title,
            subtitle=f"{learners} learners. Ticks: learners' weights (hover: how many). Diamond: the room's median.",
        ),
        description=description,
        width=420,
        height=alt.Step(24),
    )


def barriers_chart(
    result: PollResult, *, top: int = TOP_N, title: str | None = None, description: str | None = None
) -> alt.LayerChart | alt.Chart:
    """The room's barrier ranking beside the survey's percentages (Tables 3 and 9), with 95%
    Wilson intervals. The two measure different things (a top-``top`` choice in a ranking vs
    a tick-all-that-apply list), so the chart invites comparing orders, not bar lengths."""
    title = title or "Barriers: this room beside the survey"
    df = barrier_comparison(result, top=top)
    room_who = _room_label(top)
    room = df[df["who"] == room_who]
    n_room = int(room["n"].iloc[0]) if len(room) else 0
    survey = df[df["who"] != room_who]
    if description is None:
        parts = [f"Grouped bars for the kit's {df['barrier'].nunique()} barriers."]
        if n_room:
            leaders = room.nlargest(3, "percent")
            parts.append(
                f"This room ({n_room} rankings) most often put these in its top {top}: "
                + ", ".join(f"{r.label} ({r.percent:.0f}%)" for r in leaders.itertuples())
                + "."
            )
        else:
            parts.append("No learner has sent a ranking yet, so only the survey's bars are drawn.")
        for group in ("clinicians", "researchers"):
            mine = survey[survey["who"].str.startswith(group)]
            if len(mine):
                b = mine.nlargest(1, "percent").iloc[0]
                parts.append(
                    f"Surveyed {group} most often named {b['label']} ({b['percent']:.0f}%, n = {int(b['n']):,})."
                )
        not_asked = sorted(set(df["label"]) - set(survey["label"]))
        if not_asked:
            parts.append("Not on either survey list: " + ", ".join(not_asked) + ".")
        parts.append(
            f"The room's figure is a top-{top} choice and the survey's a tick-all list, so compare the order, "
            "not bar lengths."
        )
        description = " ".join(parts)
    charts.require_text(title, description)
    plot = df.dropna(subset=["percent"])
    order = list(dict.fromkeys(df["label"]))
    domain = [room_who, "clinicians (Table 3)", "researchers (Table 9)"]
    colours = [charts.OKABE_ITO[2], charts.GROUP_COLOURS["clinicians"], charts.GROUP_COLOURS["researchers"]]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color(
        "who:N",
        scale=alt.Scale(domain=domain, range=colours),
        title=None,
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    offset = alt.YOffset("who:N", sort=domain, scale=alt.Scale(domain=domain))
    base = alt.Chart(plot)
    bars = base.mark_bar().encode(
        x=alt.X("percent:Q", title="Percent", scale=alt.Scale(domain=[0, 100])),
        y=y,
        yOffset=offset,
        color=colour,
        tooltip=[
            alt.Tooltip("label:N", title="Barrier"),
            alt.Tooltip("who:N", title="Who"),
            alt.Tooltip("percent:Q", title="Percent", format=".0f"),
            alt.Tooltip("n:Q", title="n", format=","),
        ],
    )
    whiskers = base.mark_rule(color="#222222").encode(x="ci_low:Q", x2="ci_high:Q", y=y, yOffset=offset)
    sizes = survey_barriers().groupby("group")["base_n"].max()
    subtitle = (
        f"Room: % of {n_room} learners ranking it in their top {top}. Survey: % ticking it ("
        + "; ".join(f"{g} n = {int(v):,}" for g, v in sizes.items())
        + "). Lines: 95% intervals."
    )
    return alt.layer(bars, whiskers).properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width=380,
        height=max(120, 30 * len(order)),
    )
