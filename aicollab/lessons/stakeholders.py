"""Who is at the table: the survey's groups, the interviewed actors and what each partner brings.

Three sources meet here:

- Ye, Ma and Abuhashish (2026) name three groups (clinicians, research-institution
  professionals, industry representatives) but report results for two: 5,142 clinicians
  (Tables 1-4) and 120 researchers (Tables 5-10). :func:`survey_groups`,
  :func:`reported_totals` and :func:`sample_chart` show this, including the two totals the
  paper and its preprint print (5,262 and 5,142).
- Laï, Brian and Mamzer (2020) interviewed five groups of actors in France; patients were not
  among them. :func:`actor_views` and :func:`views_chart` show the kit's paraphrase of each
  group's position.
- The survey's lists of what clinicians offer and what researchers expect
  (:data:`CONTRIBUTION_LISTS`): :func:`contributions` returns them with Wilson intervals and,
  where the paper's text prints a different figure from its table, the text's figure;
  :func:`contributions_chart` draws them with a drop-down to switch lists.

Every chart builder returns an Altair chart with a title and a text description; none of them
needs a kernel once drawn.
"""

from __future__ import annotations

import re
import textwrap

import altair as alt
import pandas as pd

from aicollab.data import (
    load_discrepancies,
    load_metadata,
    load_stakeholders,
    survey_section,
    with_intervals,
)
from aicollab.data.figures import fill
from aicollab.display.charts import GROUP_COLOURS, OKABE_ITO, require_text

__all__ = [
    "CONTRIBUTION_LISTS",
    "survey_groups",
    "reported_totals",
    "sample_chart",
    "actor_views",
    "views_chart",
    "text_disagreements",
    "contributions",
    "contributions_chart",
]

#: The contribution lists the kit compares: key -> (table, section_id, label, group).
CONTRIBUTION_LISTS: dict[str, tuple[int, str, str, str]] = {
    "clinicians_offer": (
        2,
        "t2_resources_offered",
        fill("What clinicians offer (Table 2, n = {fig:m03})"),
        "clinicians",
    ),
    "clinicians_want": (
        4,
        "t4_desired_resources",
        fill("What clinicians want from partners (Table 4, n = {fig:m03})"),
        "clinicians",
    ),
    "researchers_from_hospitals": (
        10,
        "t10_resources_from_hospitals",
        fill("What researchers expect from hospitals (Table 10, n = {fig:m04})"),
        "researchers",
    ),
    "researchers_from_collaborators": (
        10,
        "t10_resources_from_collaborators",
        fill("What researchers expect from collaborators (Table 10, n = {fig:m04})"),
        "researchers",
    ),
}

_GROUP_LABELS = {
    "clinicians": "Clinicians",
    "researchers": "Research-institution professionals",
    "industry": "Industry representatives",
}


# --------------------------------------------------------------------------- survey groups
def survey_groups(data_dir=None) -> pd.DataFrame:
    """The survey's three named groups, their sizes and where their results are.

    Columns: group, label, n (Int64; missing for industry), respondents (n as text, or
    'not reported'), results (which tables), note, source. Built from ``study_metadata.csv`` (clinicians_n, researchers_n, industry_n).
    """
    meta = load_metadata(data_dir)
    rows = []
    for group, key, results in (
        ("clinicians", "clinicians_n", "Tables 1-4"),
        ("researchers", "researchers_n", "Tables 5-10"),
        ("industry", "industry_n", "none reported"),
    ):
        hit = meta[meta["key"] == key]
        if hit.empty:
            raise ValueError(f"study_metadata.csv has no row with key '{key}'")
        r = hit.iloc[0]
        value = str(r["value"]).strip() if pd.notna(r["value"]) else ""
        rows.append(
            dict(
                group=group,
                label=_GROUP_LABELS[group],
                n=int(value) if value else pd.NA,
                results=results,
                note=str(r["note"]) if pd.notna(r["note"]) else "",
                source=str(r["source"]),
            )
        )
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("Int64")
    out.insert(3, "respondents", [f"{int(n):,}" if pd.notna(n) else "not reported" for n in out["n"]])
    return out


def reported_totals(data_dir=None) -> pd.DataFrame:
    """The survey's total sample as printed in each place (journal abstract, preprint).

    Columns: where, total, source, note. The two disagree (5,262 vs 5,142); the
    discrepancy register's row D01 records this and the kit uses the journal's group sizes.
    """
    meta = load_metadata(data_dir)
    tot = meta[meta["key"] == "total_participants"]
    return pd.DataFrame(
        {
            "where": tot["where"].astype(str).to_numpy(),
            "total": tot["value"].astype(int).to_numpy(),
            "source": tot["source"].astype(str).to_numpy(),
            "note": tot["note"].astype(str).to_numpy(),
        }
    )


def sample_chart(
    data_dir=None, *, title: str = "Who answered the survey?", description: str | None = None
) -> alt.LayerChart:
    """Bars of the survey's group sizes; the industry group is shown with 'no results reported'."""
    groups = survey_groups(data_dir)
    df = pd.DataFrame(
        {
            "label": groups["label"].to_numpy(),
            "n": groups["n"].astype("float64").fillna(0).to_numpy(),
            "shown": [f"{int(n):,}" if pd.notna(n) else "named, but no size or results reported" for n in groups["n"]],
            "group": groups["group"].to_numpy(),
        }
    )
    if description is None:
        known = groups.dropna(subset=["n"])
        parts = "; ".join(f"{r.label}: {int(r.n):,}" for r in known.itertuples())
        description = (
            f"Horizontal bars of respondents per group. {parts}. Industry representatives are named "
            "in the paper's methods, but no group size and no results are reported for them."
        )
    require_text(title, description)
    order = list(df["label"])
    domain = list(df["group"])
    colours = [GROUP_COLOURS.get(g, "#8a8a8a") for g in domain]
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)))
    bars = base.mark_bar(height=24).encode(
        x=alt.X("n:Q", title="Respondents", scale=alt.Scale(domain=[0, 6000])),
        color=alt.Color("group:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        tooltip=[alt.Tooltip("label:N", title="Group"), alt.Tooltip("shown:N", title="Respondents")],
    )
    labels = base.mark_text(align="left", dx=5, fontSize=12).encode(x="n:Q", text="shown:N")
    return alt.layer(bars, labels).properties(
        title=alt.Title(title, subtitle="Ye, Ma and Abuhashish (2026): three groups named, two reported"),
        description=description,
        width=420,
        height=alt.Step(36),
    )


# --------------------------------------------------------------------------- actors (Laï et al.)
def actor_views(data_dir=None, include_patients: bool = True) -> pd.DataFrame:
    """The kit's paraphrase of each interviewed group's position (Laï et al. 2020).

    Columns: actor_group, interviewed ('yes'/'no'), view, note, source. With
    ``include_patients`` a last row for patients says that they were not interviewed (the
    authors call for their views); the kit has no position to show for them.
    """
    df = load_stakeholders(data_dir)
    actors = df[df["kind"] == "actor"]
    out = pd.DataFrame(
        {
            "actor_group": actors["actor_group"].astype(str).to_numpy(),
            "interviewed": actors["interviewed"].astype(str).to_numpy(),
            "view": actors["paraphrase"].astype(str).to_numpy(),
            "note": actors["note"].fillna("").astype(str).to_numpy(),
            "source": actors["source"].astype(str).to_numpy(),
        }
    )
    if include_patients:
        pat = df[(df["kind"] == "recommendation") & (df["actor_group"] == "Patients")]
        if not pat.empty:
            r = pat.iloc[0]
            view = "Not interviewed, so the study reports no position for them. " + str(r["paraphrase"])
            out = pd.concat(
                [
                    out,
                    pd.DataFrame(
                        [
                            dict(
                                actor_group="Patients",
                                interviewed="no",
                                view=view,
                                note=str(r["note"]),
                                source=str(r["source"]),
                            )
                        ]
                    ),
                ],
                ignore_index=True,
            )
    return out


def views_chart(
    data_dir=None,
    *,
    initial: str = "Healthcare professionals",
    title: str = "How each group sees AI (Laï et al. 2020)",
    description: str | None = None,
    width: int = 560,
) -> alt.VConcatChart:
    """A kernel-free chart: radio buttons choose a group and the kit's paraphrase of its view appears.

    A list marks every group (a filled dot when interviewed, a hollow one for patients, who
    were not); the chosen group's dot turns vermilion. Raises ``ValueError`` if ``initial`` is not one
    of the groups.
    """
    views = actor_views(data_dir)
    groups = list(views["actor_group"])
    if initial not in groups:
        raise ValueError(f"unknown group {initial!r}; choose one of: {', '.join(groups)}")
    if description is None:
        description = (
            "Radio buttons choose one of six groups: "
            + ", ".join(groups[:-1])
            + f" and {groups[-1]}. The five interviewed groups are filled dots; patients, who were not "
            "interviewed, are a hollow dot. Below, the kit's paraphrase of the chosen group's position "
            "appears. Every group shares one view: AI is a myth to deflate; beyond that, views differ."
        )
    require_text(title, description)
    df = views.assign(
        text=[("\n".join(textwrap.wrap(v, 72))) for v in views["view"]],
        status=["Interviewed" if i == "yes" else "Not interviewed" for i in views["interviewed"]],
        position=range(len(views)),
    )[["actor_group", "status", "text", "position"]]
    pick = alt.param(
        name="actor_group", value=initial, bind=alt.binding_radio(options=groups, name="Show the view of: ")
    )
    base = alt.Chart(df)
    is_pick = "datum.actor_group == actor_group"
    fill_expr = f"{is_pick} ? '{OKABE_ITO[5]}' : (datum.status == 'Interviewed' ? '{OKABE_ITO[0]}' : '#ffffff')"
    y = alt.Y(
        "actor_group:N",
        sort=groups,
        title=None,
        axis=alt.Axis(labelLimit=320, labelFontSize=12, ticks=False, domain=False),
    )
    dots = (
        base.transform_calculate(fill_colour=fill_expr)
        .mark_point(size=160, strokeWidth=2, shape="circle")
        .encode(
            y=y,
            x=alt.value(10),
            fill=alt.Fill("fill_colour:N", scale=None),
            color=alt.condition(is_pick, alt.value("#000000"), alt.value(OKABE_ITO[0])),
            tooltip=[alt.Tooltip("actor_group:N", title="Group"), alt.Tooltip("status:N", title="Status")],
        )
    )
    status = base.mark_text(align="left", dx=0, fontSize=11, color="#333333").encode(
        y=y, x=alt.value(26), text="status:N"
    )
    strip = alt.layer(dots, status).properties(width=160, height=alt.Step(24))
    text = (
        base.transform_filter(is_pick)
        .mark_text(align="left", baseline="top", lineBreak="\n", fontSize=14, lineHeight=20)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=width, height=80)
    )
    return (
        alt.vconcat(strip, text, spacing=20)
        .add_params(pick)
        .properties(
            title=alt.Title(
                title, subtitle="Paraphrased by the kit from the abstract; per-group numbers are not available"
            ),
            description=description,
        )
    )


# --------------------------------------------------------------------------- contributions
_TEXT_FIGURE = re.compile(r"^Text gives (\d+(?:\.\d+)?)% for the same resource")


def text_disagreements(section_id: str, data_dir=None) -> pd.DataFrame:
    """Rows of a survey section whose table figure the paper's text contradicts.

    Uses the discrepancy register's rows of kind 'figure' that refer to one row of the section
    and give the text's figure for the same item. Columns: row_id, register_id, table_says,
    text_percent, note. Empty when the register has no such row for the section.
    """
    reg = load_discrepancies(data_dir)
    rows = []
    for r in reg[reg["kind"] == "figure"].itertuples():
        ids = str(r.row_ids).split(";") if isinstance(r.row_ids, str) else []
        match = _TEXT_FIGURE.match(str(r.text_says))
        if len(ids) == 1 and match and ids[0].startswith("t"):
            rows.append(
                dict(
                    row_id=ids[0],
                    register_id=r.id,
                    table_says=str(r.table_says),
                    text_percent=float(match.group(1)),
                    note=str(r.note),
                )
            )
    out = pd.DataFrame(rows, columns=["row_id", "register_id", "table_says", "text_percent", "note"])
    try:
        table = int(str(section_id).split("_")[0].lstrip("t"))
        section_rows = set(survey_section(table, section_id, data_dir)["row_id"])
    except (ValueError, KeyError) as exc:
        raise ValueError(
            f"unknown survey section {section_id!r} (expected an id such as 't10_resources_from_hospitals')"
        ) from exc
    return out[out["row_id"].isin(section_rows)].reset_index(drop=True)


def contributions(which: str | list[str] | None = None, data_dir=None) -> pd.DataFrame:
    """Contribution lists from the survey, with Wilson 95% intervals and the text's figures.

    ``which`` is a key of :data:`CONTRIBUTION_LISTS`, a list of keys, or None for all four.
    Columns: list_key, list, group, table, section_id, row_id, order, item, percent, base_n,
    ci_low, ci_high, text_percent (NaN unless the paper's text prints a different figure),
    register_id (the discrepancy-register row, or '').

    Intervals use the group total as the denominator, so they are approximate: the paper does
    not print how many people answered each question.
    """
    keys = list(CONTRIBUTION_LISTS) if which is None else ([which] if isinstance(which, str) else list(which))
    if not keys:
        raise ValueError("choose at least one list: " + ", ".join(CONTRIBUTION_LISTS))
    frames = []
    for key in keys:
        if key not in CONTRIBUTION_LISTS:
            raise ValueError(f"unknown contribution list {key!r}; choose one of: {', '.join(CONTRIBUTION_LISTS)}")
        table, sid, label, group = CONTRIBUTION_LISTS[key]
        sec = with_intervals(survey_section(table, sid, data_dir))
        dis = text_disagreements(sid, data_dir).set_index("row_id")
        frames.append(
            pd.DataFrame(
                {
                    "list_key": key,
                    "list": label,
                    "group": group,
                    "table": table,
                    "section_id": sid,
                    "row_id": sec["row_id"].astype(str).to_numpy(),
                    "order": range(len(sec)),
                    "item": sec["item"].astype(str).to_numpy(),
                    "percent": sec["percent"].to_numpy(dtype="float64"),
                    "base_n": sec["base_n"].to_numpy(dtype="int64"),
                    "ci_low": sec["ci_low"].to_numpy(dtype="float64"),
                    "ci_high": sec["ci_high"].to_numpy(dtype="float64"),
                    "text_percent": [
                        float(dis.at[r, "text_percent"]) if r in dis.index else float("nan") for r in sec["row_id"]
                    ],
                    "register_id": [str(dis.at[r, "register_id"]) if r in dis.index else "" for r in sec["row_id"]],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def contributions_chart(
    which: list[str] | None = None,
    *,
    initial: str | None = None,
    data_dir=None,
    title: str = "What each partner brings, and what each expects",
    description: str | None = None,
    width: int = 420,
) -> alt.LayerChart:
    """A kernel-free bar chart with a drop-down that switches between contribution lists.

    Bars: the table's percentage, coloured by group; black whiskers: Wilson 95% intervals;
    vermilion diamonds: the figure the paper's text gives where it disagrees with the table.
    ``initial`` is the list shown first (a key; default: the first of ``which``).
    """
    data = contributions(which, data_dir)
    keys = list(dict.fromkeys(data["list_key"]))
    labels = [CONTRIBUTION_LISTS[k][2] for k in keys]
    start = keys[0] if initial is None else initial
    if start not in keys:
        raise ValueError(f"initial list {start!r} is not among the lists shown: {', '.join(keys)}")
    if description is None:
        parts = []
        for k in keys:
            sub = data[data["list_key"] == k]
            items = "; ".join(
                f"{r.item} {r.percent:g}%" + (f" (text: {r.text_percent:g}%)" if pd.notna(r.text_percent) else "")
                for r in sub.itertuples()
            )
            parts.append(f"{CONTRIBUTION_LISTS[k][2]}: {items}.")
        description = (
            "A drop-down chooses one of these lists; bars show percentages with 95% interval whiskers, "
            "and diamonds mark figures the paper's text gives differently. " + " ".join(parts)
        )
    require_text(title, description)
    df = data.assign(
        ci_text=[f"{lo:.1f} to {hi:.1f}" for lo, hi in zip(data["ci_low"], data["ci_high"])],
        text_shown=[f"{t:g}%" if pd.notna(t) else "same as table" for t in data["text_percent"]],
    )
    pick = alt.param(
        name="contribution_list",
        value=CONTRIBUTION_LISTS[start][2],
        bind=alt.binding_select(options=labels, name="Show: "),
    )
    base = alt.Chart(df).transform_filter("datum.list == contribution_list")
    # An explicit order (every item of every list, as printed): a field sort would conflict across layers.
    y = alt.Y("item:N", sort=list(dict.fromkeys(df["item"])), title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("percent:Q", title="Percent of respondents (whiskers: 95% interval)", scale=alt.Scale(domain=[0, 100]))
    domain = ["clinicians", "researchers"]
    bars = base.mark_bar(height=18).encode(
        y=y,
        x=x,
        color=alt.Color(
            "group:N",
            scale=alt.Scale(domain=domain, range=[GROUP_COLOURS[g] for g in domain]),
            legend=alt.Legend(title="Group", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("percent:Q", title="Table says (%)", format=".3~g"),
            alt.Tooltip("ci_text:N", title="95% interval"),
            alt.Tooltip("text_shown:N", title="Text says"),
        ],
    )
    whiskers = base.mark_rule(color="#222222", strokeWidth=1.5).encode(y=y, x="ci_low:Q", x2="ci_high:Q")
    labels_ = base.mark_text(align="left", dx=6, dy=-8, fontSize=11, color="#222222").encode(
        y=y, x="ci_high:Q", text=alt.Text("percent:Q", format=".3~g")
    )
    diamonds = (
        base.transform_filter("isValid(datum.text_percent)")
        .mark_point(
            shape="diamond",
            size=120,
            filled=True,
            color=OKABE_ITO[5],
            stroke="#000000",
            strokeWidth=0.8,
            # The layer is empty for most lists, and an empty, labelled mark group fails axe's svg-img-alt
            # rule; the text's figures are in the chart's description (its text alternative) instead.
            aria=False,
        )
        .encode(
            y=y,
            x="text_percent:Q",
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("text_shown:N", title="Text says"),
                alt.Tooltip("register_id:N", title="Discrepancy register"),
            ],
        )
    )
    return (
        alt.layer(bars, whiskers, labels_, diamonds)
        .add_params(pick)
        .properties(
            title=alt.Title(
                title,
                subtitle="Ye, Ma and Abuhashish (2026). Diamonds: the text's figure where it disagrees with the table.",
            ),
            description=description,
            width=width,
            height=alt.Step(30),
        )
    )
