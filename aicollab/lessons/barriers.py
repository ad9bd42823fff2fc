"""Barriers to collaboration: one shared taxonomy for clinicians' and researchers' answers.

Lesson 3 ("Barriers") uses this module. The survey of Ye, Ma & Abuhashish (2026) asked each
group a different select-all list of problems:

- clinicians, Table 3 "Perceived problems in AI research" (5 options, n = 5,142);
- researchers, Table 9 "Challenges in AI research process" (11 options, n = 120).

Other questions bear on the same barriers without being barrier lists (for example
clinicians' opinions on de-identifying data in Table 2, or researchers' data-security
attitudes in Table 7). The kit therefore maps every item onto a shared list of ten barriers,
:data:`BARRIERS`, with one of two roles:

``ranked``
    an option of the group's barrier list (Table 3 or Table 9). Only these rows are used
    to rank barriers, because percentages from different questions are not on one scale.
``context``
    a row of another question that tells us something about the barrier. Shown, never
    ranked.

Every mapping row cites its table and ``row_id``; two researcher options that fit no shared
barrier are listed in :data:`UNMAPPED` with the reason. :func:`rank_barriers` is a pure
function of a mapping and the survey, so learners can change the mapping and see how the
ranks move.

:data:`BARRIERS` holds the canonical barrier names the room poll (``aicollab.poll``) collects
as ``barrier_ranking``; :func:`check_ranking` validates such a list and :func:`room_ranking`
combines many of them.

The partnership-versus-policy table is in :mod:`aicollab.lessons.levers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from aicollab import data as D
from aicollab.data.figures import fill
from aicollab.display.charts import GROUP_COLOURS, require_text

__all__ = [
    "BARRIERS",
    "BARRIER_LABELS",
    "GROUPS",
    "RANKED_SECTIONS",
    "DEFAULT_MAPPING",
    "UNMAPPED",
    "mapping_frame",
    "check_mapping",
    "taxonomy",
    "rank_barriers",
    "compare_groups",
    "dumbbell_chart",
    "evidence",
    "evidence_chart",
    "check_ranking",
    "compare_ranking",
    "room_ranking",
]

#: Canonical barrier names, in the kit's reference order (also the tie-break order).
BARRIERS: tuple[str, ...] = (
    "standards",
    "legal",
    "knowledge",
    "credibility",
    "workforce",
    "privacy_security",
    "data_access",
    "collaboration",
    "funding",
    "translation",
)

#: Readable labels for charts, tables and the poll.
BARRIER_LABELS: dict[str, str] = {
    "standards": "Industry standards",
    "legal": "Legal guidelines and responsibility",
    "knowledge": "AI knowledge",
    "credibility": "Credibility of AI products",
    "workforce": "Workload and workforce",
    "privacy_security": "Privacy and data security",
    "data_access": "Access to usable data",
    "collaboration": "Working across organisations",
    "funding": "Funding",
    "translation": "Turning research into practice",
}

GROUPS: tuple[str, ...] = ("clinicians", "researchers")

#: The barrier-list question of each group: the only source of ``ranked`` rows.
RANKED_SECTIONS: dict[str, str] = {"clinicians": "t3_perceived_problems", "researchers": "t9_challenges"}

ROLES = ("ranked", "context")

#: The kit's mapping: (barrier, group, role, row_id, why this row belongs to this barrier).
DEFAULT_MAPPING: tuple[tuple[str, str, str, str, str], ...] = (
    # clinicians, Table 3 barrier list
    ("standards", "clinicians", "ranked", "t03s1i01", "Names the barrier directly."),
    ("legal", "clinicians", "ranked", "t03s1i02", "Missing legal guidelines for using AI in clinical work."),
    ("knowledge", "clinicians", "ranked", "t03s1i03", "Names the barrier directly."),
    ("credibility", "clinicians", "ranked", "t03s1i04", "Names the barrier directly."),
    ("workforce", "clinicians", "ranked", "t03s1i05", "Staff effort needed for AI work."),
    # researchers, Table 9 barrier list
    ("translation", "researchers", "ranked", "t09s2i01", "Moving results into practical applications."),
    ("workforce", "researchers", "ranked", "t09s2i02", "Workload and manpower."),
    ("standards", "researchers", "ranked", "t09s2i03", "Same wording as the clinicians' option."),
    ("credibility", "researchers", "ranked", "t09s2i04", "Same wording as the clinicians' option."),
    (
        "legal",
        "researchers",
        "ranked",
        "t09s2i05",
        "Narrower than the clinicians' option: who is responsible, product or practitioner.",
    ),
    ("knowledge", "researchers", "ranked", "t09s2i06", "Adds perseverance to knowledge."),
    ("collaboration", "researchers", "ranked", "t09s2i07", "Working across hospitals, institutions and industry."),
    ("data_access", "researchers", "ranked", "t09s2i08", "Getting and preparing data."),
    ("funding", "researchers", "ranked", "t09s2i09", "Capital injection."),
    # context rows: other questions that bear on a barrier
    (
        "privacy_security",
        "clinicians",
        "context",
        "t02s3i01",
        "Share who think de-identification and confidentiality agreements are necessary (register D21: the text "
        "repeats these figures for researchers).",
    ),
    ("privacy_security", "clinicians", "context", "t02s3i02", "Share unsure of the relevant policies."),
    (
        "privacy_security",
        "researchers",
        "context",
        "t07s2i01",
        fill(
            "Value security but are unsure how to ensure it; the text gives {fig:tf056}, the table {fig:t07s2i01} (register D22)."
        ),
    ),
    (
        "privacy_security",
        "researchers",
        "context",
        "t07s2i02",
        "Stress understanding and maintaining security processes.",
    ),
    ("privacy_security", "researchers", "context", "t07s2i03", "No particular concern about data security."),
    (
        "privacy_security",
        "researchers",
        "context",
        "t07s2i04",
        "Have the technology and experience to keep data secure.",
    ),
    (
        "privacy_security",
        "researchers",
        "context",
        "t05s3i03",
        "An issue researchers address with AI, which the text calls a concern (register D14).",
    ),
    (
        "credibility",
        "clinicians",
        "context",
        "t03s2i01",
        "Belief that AI may cause misdiagnosis or missed diagnosis; the three options sum to 96 (register D07).",
    ),
    ("credibility", "clinicians", "context", "t03s2i02", "Belief that AI may perform poorly or fail (register D07)."),
    ("data_access", "researchers", "context", "t06s2i01", "Have obtained no impactful data from collaborations."),
    (
        "collaboration",
        "clinicians",
        "context",
        "t01s4i01",
        "No collaboration with enterprises or research institutions (register D06: heading and item differ).",
    ),
    ("collaboration", "researchers", "context", "t06s1i01", "No prior collaboration with any hospital."),
    ("funding", "clinicians", "context", "t04s4i03", "Want research and funding support from partners."),
    (
        "translation",
        "researchers",
        "context",
        "t08s3i02",
        "Do not know whether their institution has a department that turns results into applications (register D24).",
    ),
    ("translation", "researchers", "context", "t08s3i03", "Say no such department exists (register D24)."),
)

#: Options of the barrier lists that fit none of the shared barriers, with the reason.
UNMAPPED: dict[str, str] = {
    "t09s2i10": "Algorithm support is a technical resource; the shared list has no technical-capacity barrier "
    "and clinicians were not offered anything like it.",
    "t09s2i11": "Policy support could sit under 'legal', but it asks for help rather than naming a legal gap; "
    "the kit leaves it out so that 'legal' keeps one researcher option.",
}

_MAPPING_COLUMNS = ("barrier", "group", "role", "row_id", "note")


def _survey(survey: pd.DataFrame | None) -> pd.DataFrame:
    return D.load_survey() if survey is None else survey


def mapping_frame(mapping: pd.DataFrame | Iterable | None = None) -> pd.DataFrame:
    """The mapping as a DataFrame with columns barrier, group, role, row_id, note.

    Accepts None (the kit's :data:`DEFAULT_MAPPING`), a DataFrame, or an iterable of
    5-tuples or of dicts with those keys. Raises ValueError for anything else.
    """
    if mapping is None:
        mapping = DEFAULT_MAPPING
    if isinstance(mapping, pd.DataFrame):
        frame = mapping.copy()
    elif isinstance(mapping, (str, bytes)) or not isinstance(mapping, Iterable):
        raise ValueError(
            "A mapping must be a table (DataFrame) or a list of rows (barrier, group, role, row_id, note)."
        )
    else:
        rows = list(mapping)
        if rows and all(isinstance(r, Mapping) for r in rows):
            frame = pd.DataFrame(rows)
        elif all(isinstance(r, (tuple, list)) and len(r) == 5 for r in rows):
            frame = pd.DataFrame(rows, columns=list(_MAPPING_COLUMNS))
        else:
            raise ValueError("Each mapping row needs five parts: (barrier, group, role, row_id, note).")
    if "note" not in frame.columns:
        frame["note"] = ""
    missing = [c for c in _MAPPING_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"The mapping lacks column(s): {', '.join(missing)}.")
    if frame.empty:
        raise ValueError("The mapping has no rows.")
    frame = frame[list(_MAPPING_COLUMNS)].reset_index(drop=True)
    for c in ("barrier", "group", "role", "row_id"):
        frame[c] = frame[c].astype(str).str.strip()
    frame["note"] = frame["note"].fillna("").astype(str)
    return frame


def check_mapping(mapping: pd.DataFrame | Iterable | None = None, survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Validate a mapping against the survey and return it as a DataFrame.

    Rules (each broken rule raises ValueError naming the row): the barrier is one of
    :data:`BARRIERS`; the group is 'clinicians' or 'researchers'; the role is 'ranked' or
    'context'; the row_id exists and belongs to that group; a ranked row comes from the
    group's barrier list (:data:`RANKED_SECTIONS`); no row is ranked twice; no (barrier,
    row_id) pair repeats.
    """
    frame = mapping_frame(mapping)
    s = _survey(survey).set_index("row_id")
    for i, r in frame.iterrows():
        where = f"mapping row {i} ({r['row_id']})"
        if r["barrier"] not in BARRIERS:
            raise ValueError(f"{where}: unknown barrier '{r['barrier']}'; choose from {', '.join(BARRIERS)}.")
        if r["group"] not in GROUPS:
            raise ValueError(f"{where}: group must be 'clinicians' or 'researchers', not '{r['group']}'.")
        if r["role"] not in ROLES:
            raise ValueError(f"{where}: role must be 'ranked' or 'context', not '{r['role']}'.")
        if r["row_id"] not in s.index:
            raise ValueError(f"{where}: no survey row has the id '{r['row_id']}'.")
        row = s.loc[r["row_id"]]
        if row["group"] != r["group"]:
            raise ValueError(f"{where}: that row belongs to the {row['group']}, not the {r['group']}.")
        if r["role"] == "ranked" and row["section_id"] != RANKED_SECTIONS[r["group"]]:
            raise ValueError(
                f"{where}: only options of the {r['group']}' barrier list "
                f"({RANKED_SECTIONS[r['group']]}) can be ranked; mark this row 'context'."
            )
    ranked = frame[frame["role"] == "ranked"]
    twice = ranked["row_id"][ranked["row_id"].duplicated()]
    if not twice.empty:
        raise ValueError(f"Row {twice.iloc[0]} is ranked under two barriers; rank each option once.")
    dup = frame[frame.duplicated(["barrier", "row_id"])]
    if not dup.empty:
        raise ValueError(f"Row {dup['row_id'].iloc[0]} is mapped to '{dup['barrier'].iloc[0]}' twice.")
    return frame


def taxonomy(mapping: pd.DataFrame | Iterable | None = None, survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """The mapping joined to the survey: one row per mapped item.

    Columns: barrier, label, group, role, table, section, row_id, item, percent, base_n,
    register_ids (discrepancy-register rows that mention the item, '' if none), note.
    Ordered by barrier (as in :data:`BARRIERS`), group, role (ranked first) and row_id.
    """
    s = _survey(survey)
    frame = check_mapping(mapping, s)
    reg = D.load_discrepancies()
    flags: dict[str, list[str]] = {}
    for r in reg.itertuples():
        if isinstance(r.row_ids, str):
            for rid in r.row_ids.split(";"):
                flags.setdefault(rid, []).append(r.id)
    info = s.set_index("row_id")
    out = frame.assign(
        label=frame["barrier"].map(BARRIER_LABELS),
        table=[int(info.at[r, "table"]) for r in frame["row_id"]],
        section=[info.at[r, "section"] for r in frame["row_id"]],
        item=[info.at[r, "item"] for r in frame["row_id"]],
        percent=[float(info.at[r, "percent"]) for r in frame["row_id"]],
        base_n=[int(info.at[r, "base_n"]) for r in frame["row_id"]],
        register_ids=[";".join(flags.get(r, [])) for r in frame["row_id"]],
    )
    out["_b"] = out["barrier"].map({b: i for i, b in enumerate(BARRIERS)})
    out["_g"] = out["group"].map({g: i for i, g in enumerate(GROUPS)})
    out["_r"] = out["role"].map({"ranked": 0, "context": 1})
    out = out.sort_values(["_b", "_g", "_r", "row_id"]).drop(columns=["_b", "_g", "_r"]).reset_index(drop=True)
    return out[
        [
            "barrier",
            "label",
            "group",
            "role",
            "table",
            "section",
            "row_id",
            "item",
            "percent",
            "base_n",
            "register_ids",
            "note",
        ]
    ]


def rank_barriers(mapping: pd.DataFrame | Iterable | None = None, survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank the shared barriers within each group from the ranked rows of a mapping.

    A barrier's score in a group is the percentage of its ranked option; when a custom
    mapping puts several options of one list under one barrier, the score is the largest of
    them (a lower bound on the share who chose at least one; the options overlap, so they
    cannot be added). Rank 1 is the most often chosen; ties share the better rank. Barriers
    with no ranked option in a group are 'not asked' (score NaN, rank missing).

    Returns one row per group and barrier (20 rows), ordered by group, then rank, then
    :data:`BARRIERS` order. Columns: group, barrier, label, asked, percent, rank (Int64),
    of (how many barriers were ranked in that group), row_ids, items.
    """
    tax = taxonomy(mapping, survey)
    ranked = tax[tax["role"] == "ranked"]
    rows = []
    for g in GROUPS:
        sub = ranked[ranked["group"] == g]
        for b in BARRIERS:
            hits = sub[sub["barrier"] == b].sort_values(["percent", "row_id"], ascending=[False, True])
            rows.append(
                {
                    "group": g,
                    "barrier": b,
                    "label": BARRIER_LABELS[b],
                    "asked": not hits.empty,
                    "percent": float(hits["percent"].iloc[0]) if not hits.empty else np.nan,
                    "row_ids": ";".join(hits["row_id"]),
                    "items": "; ".join(hits["item"]),
                }
            )
    out = pd.DataFrame(rows)
    out["rank"] = out.groupby("group")["percent"].rank(method="min", ascending=False).astype("Int64")
    out["of"] = out.groupby("group")["asked"].transform("sum").astype(int)
    out["_b"] = out["barrier"].map({b: i for i, b in enumerate(BARRIERS)})
    out["_g"] = out["group"].map({g: i for i, g in enumerate(GROUPS)})
    out["_rank"] = out["rank"].astype("float64").fillna(99)
    out = out.sort_values(["_g", "_rank", "_b"]).drop(columns=["_b", "_g", "_rank"]).reset_index(drop=True)
    return out[["group", "barrier", "label", "asked", "percent", "rank", "of", "row_ids", "items"]]


def compare_groups(mapping: pd.DataFrame | Iterable | None = None, survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Clinicians' and researchers' scores and ranks side by side, one row per barrier.

    Columns: barrier, label, clinicians_percent, clinicians_rank, researchers_percent,
    researchers_rank, asked_of ('both', 'clinicians only', 'researchers only', 'neither'),
    gap (clinicians_percent - researchers_percent, points), comparability and comparison_note
    (from datasets/comparable_questions.csv when the two ranked options form a listed pair).
    Ordered as :data:`BARRIERS`.
    """
    ranks = rank_barriers(mapping, survey).set_index(["group", "barrier"])
    comp = D.load_comparable()
    pairs = {
        (r.clinician_ref, r.researcher_ref): (r.comparability, r.note)
        for r in comp[comp["level"] == "item"].itertuples()
    }
    rows = []
    for b in BARRIERS:
        c, r = ranks.loc[("clinicians", b)], ranks.loc[("researchers", b)]
        asked = {
            (True, True): "both",
            (True, False): "clinicians only",
            (False, True): "researchers only",
            (False, False): "neither",
        }[(bool(c["asked"]), bool(r["asked"]))]
        comparability, note = "", ""
        if asked == "both":
            hits = [
                pairs[(ci, ri)] for ci in c["row_ids"].split(";") for ri in r["row_ids"].split(";") if (ci, ri) in pairs
            ]
            if hits:
                comparability, note = hits[0]
                note = note if isinstance(note, str) else ""
        rows.append(
            {
                "barrier": b,
                "label": BARRIER_LABELS[b],
                "clinicians_percent": c["percent"],
                "clinicians_rank": c["rank"],
                "researchers_percent": r["percent"],
                "researchers_rank": r["rank"],
                "asked_of": asked,
                "gap": c["percent"] - r["percent"],
                "comparability": comparability,
                "comparison_note": note,
            }
        )
    out = pd.DataFrame(rows)
    out["clinicians_rank"] = out["clinicians_rank"].astype("Int64")
    out["researchers_rank"] = out["researchers_rank"].astype("Int64")
    return out


def dumbbell_chart(
    mapping: pd.DataFrame | Iterable | None = None,
    survey: pd.DataFrame | None = None,
    sort_by: str = "clinicians",
    only_both: bool = False,
) -> alt.LayerChart:
    """Kernel-free dumbbell chart: each barrier's percentage among clinicians and researchers.

    A line joins the two groups' dots where both were asked. Two inputs work in the browser:
    radio buttons (parameter ``sort_by``, label "Sort by rank among: ") order the barriers by
    the clinicians' or the researchers' rank, and a checkbox (parameter ``only_both``, label
    "Only barriers asked of both groups: ") hides barriers only one group was offered.
    """
    if sort_by not in GROUPS:
        raise ValueError(f"sort_by must be 'clinicians' or 'researchers', not {sort_by!r}.")
    if not isinstance(only_both, (bool, np.bool_)):
        raise ValueError(f"only_both must be True or False, not {only_both!r}.")
    wide = compare_groups(mapping, survey)
    ranks = rank_barriers(mapping, survey)
    shown = wide[wide["asked_of"] != "neither"]
    long = ranks[ranks["asked"]].merge(
        wide[["barrier", "clinicians_rank", "researchers_rank", "asked_of"]], on="barrier"
    )
    long = pd.DataFrame(
        {
            "barrier": long["label"].to_numpy(),
            "group": long["group"].to_numpy(),
            "percent": long["percent"].to_numpy(),
            "rank": long["rank"].astype(int).to_numpy(),
            "item": long["items"].to_numpy(),
            "row_ids": long["row_ids"].to_numpy(),
            "crank": long["clinicians_rank"].astype("float64").fillna(99).astype(int).to_numpy(),
            "rrank": long["researchers_rank"].astype("float64").fillna(99).astype(int).to_numpy(),
            "both": (long["asked_of"] == "both").to_numpy(),
            "asked_of": long["asked_of"].to_numpy(),
        }
    )
    long["label"] = [f"{p:g}%" for p in long["percent"]]
    sort_param = alt.param(
        name="sort_by",
        value=sort_by,
        bind=alt.binding_radio(options=list(GROUPS), labels=["clinicians", "researchers"], name="Sort by rank among: "),
    )
    both_param = alt.param(
        name="only_both", value=bool(only_both), bind=alt.binding_checkbox(name="Only barriers asked of both groups: ")
    )
    neither = wide.loc[wide["asked_of"] == "neither", "label"].tolist()
    title = "Barriers as ranked by clinicians and researchers"
    pairs = "; ".join(
        f"{r.label}: clinicians {_pct(r.clinicians_percent)}, researchers {_pct(r.researchers_percent)}"
        for r in shown.itertuples()
    )
    description = (
        fill(
            "Interactive dumbbell chart. Each row is a barrier; a blue dot marks the percentage of clinicians "
            "(n = {fig:m03}, Table 3) and an orange dot the percentage of researchers (n = {fig:m04}, Table 9) "
            "who chose it, "
        )
        + f"joined by a grey line where both groups were offered it. {pairs}. "
        + (f"{', '.join(neither)} was in neither list. " if neither else "")
        + "Radio buttons sort the rows by either group's rank; a checkbox keeps only barriers asked of both groups."
    )
    require_text(title, description)
    base = (
        alt.Chart(long)
        .transform_filter("!only_both || datum.both")
        .transform_calculate(
            key="sort_by == 'clinicians' ? datum.crank * 100 + datum.rrank : datum.rrank * 100 + datum.crank"
        )
    )
    y = alt.Y(
        "barrier:N",
        title=None,
        sort=alt.EncodingSortField("key", op="min", order="ascending"),
        axis=alt.Axis(labelLimit=260),
    )
    x = alt.X("percent:Q", title="Percent who chose it (each group's own list)", scale=alt.Scale(domain=[0, 100]))
    line = (
        base.transform_filter("datum.both")
        .mark_line(color="#8a8a8a", strokeWidth=2)
        .encode(y=y, x=x, detail="barrier:N")
    )
    colour = alt.Color(
        "group:N",
        title="Group",
        scale=alt.Scale(domain=list(GROUP_COLOURS), range=list(GROUP_COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    shape = alt.Shape("group:N", title="Group", scale=alt.Scale(domain=list(GROUPS), range=["circle", "diamond"]))
    dots = base.mark_point(filled=True, size=140, opacity=1).encode(
        y=y,
        x=x,
        color=colour,
        shape=shape,
        tooltip=[
            alt.Tooltip("barrier:N", title="Barrier"),
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("item:N", title="Option as asked"),
            alt.Tooltip("percent:Q", title="Percent", format=".1f"),
            alt.Tooltip("rank:Q", title="Rank in the group's list"),
            alt.Tooltip("row_ids:N", title="Row id"),
            alt.Tooltip("asked_of:N", title="Asked of"),
        ],
    )
    labels = base.mark_text(dy=-12, fontSize=11, color="#222222").encode(y=y, x=x, text="label:N")
    return (
        alt.layer(line, dots, labels)
        .add_params(sort_param, both_param)
        .properties(title=title, description=description, width=440, height=alt.Step(36))
    )


def _pct(x: float) -> str:
    return "not asked" if pd.isna(x) else f"{x:g}%"


def evidence(
    barrier: str, mapping: pd.DataFrame | Iterable | None = None, survey: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All mapped rows (ranked and context) for one barrier, with 95% intervals.

    Columns: as :func:`taxonomy` plus ci_low and ci_high. Unknown barriers raise ValueError.
    """
    b = _canonical(barrier)
    tax = taxonomy(mapping, survey)
    out = D.with_intervals(tax[tax["barrier"] == b].reset_index(drop=True))
    out["ci_low"] = out["ci_low"].round(1)
    out["ci_high"] = out["ci_high"].round(1)
    return out


def _wrap(text: str, width: int = 42) -> str:
    """Break text into lines of about ``width`` characters, joined by '|' (split again in Vega)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "|".join(lines)


def evidence_chart(barrier: str = "privacy_security", mapping=None, survey=None) -> alt.VConcatChart:
    """Bars (with 95% intervals) of every row mapped to one barrier, one panel per survey
    question, so learners see that the evidence comes from different questions."""
    df = evidence(barrier, mapping, survey)
    if df.empty:
        raise ValueError(f"No survey row is mapped to '{barrier}'.")
    b = _canonical(barrier)
    df["question"] = [f"Table {t} ({g}): {sec}" for t, g, sec in zip(df["table"], df["group"], df["section"])]
    df["value"] = [
        f"{p:g}%" + (f" ({r.replace(';', ', ')})" if r else "") for p, r in zip(df["percent"], df["register_ids"])
    ]
    df["option"] = [_wrap(i) for i in df["item"]]
    df["pos"] = range(len(df))
    title = f"Evidence on {BARRIER_LABELS[b].lower()}, question by question"
    items = "; ".join(
        f"Table {r.table} ({r.group}): {r.item} {r.percent:g}%"
        + (f" (register {r.register_ids})" if r.register_ids else "")
        for r in df.itertuples()
    )
    description = (
        f"Horizontal bar charts with 95% interval lines of every survey row the kit maps to "
        f"'{BARRIER_LABELS[b]}', one panel per survey question, coloured by group. The rows answer "
        f"different questions, so compare within a panel, not across panels. {items}."
    )
    require_text(title, description)
    groups = [g for g in GROUPS if g in set(df["group"])]
    colour = alt.Color(
        "group:N",
        title="Group",
        scale=alt.Scale(domain=groups, range=[GROUP_COLOURS[g] for g in groups]),
        legend=alt.Legend(orient="bottom"),
    )
    y = alt.Y(
        "option:N",
        sort=alt.EncodingSortField("pos", op="min", order="ascending"),
        title=None,
        axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=300, minExtent=250, maxExtent=250),
    )
    tooltip = [
        alt.Tooltip("section:N", title="Question"),
        alt.Tooltip("item:N", title="Option"),
        alt.Tooltip("percent:Q", title="Percent", format=".1f"),
        alt.Tooltip("ci_low:Q", title="95% interval from"),
        alt.Tooltip("ci_high:Q", title="95% interval to"),
        alt.Tooltip("register_ids:N", title="Discrepancy register"),
    ]
    panels = []
    questions = list(dict.fromkeys(df["question"]))
    for k, question in enumerate(questions):
        x = alt.X(
            "percent:Q",
            scale=alt.Scale(domain=[0, 100]),
            title="Percent of the group" if k == len(questions) - 1 else None,
        )
        sub = df[df["question"] == question]
        lines = max(o.count("|") + 1 for o in sub["option"])
        base = alt.Chart(sub)
        bars = base.mark_bar().encode(y=y, x=x, color=colour, tooltip=tooltip)
        whiskers = base.mark_rule(color="#222222").encode(y=y, x="ci_low:Q", x2="ci_high:Q")
        text = base.mark_text(align="left", dx=5, fontSize=11, color="#222222").encode(
            y=y, x="ci_high:Q", text="value:N"
        )
        panels.append(
            alt.layer(bars, whiskers, text).properties(
                title=alt.Title(
                    _wrap(question, 70).split("|"), anchor="start", frame="bounds", fontSize=12, fontWeight="bold"
                ),
                width=240,
                height=alt.Step(16 * lines + 10),
            )
        )
    return (
        alt.vconcat(*panels, spacing=14)
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title(title, subtitle="The rows answer different questions: compare within a panel only."),
            description=description,
        )
    )


# --------------------------------------------------------------------------- learners' rankings
def _canonical(name) -> str:
    if not isinstance(name, str):
        raise ValueError(f"A barrier name must be text, not {type(name).__name__}; choose from {', '.join(BARRIERS)}.")
    key = name.strip().lower().replace("-", "_").replace(" ", "_").replace("/", "_")
    if key in BARRIERS:
        return key
    by_label = {v.lower(): k for k, v in BARRIER_LABELS.items()}
    if name.strip().lower() in by_label:
        return by_label[name.strip().lower()]
    close = [b for b in BARRIERS if key[:4] and key[:4] in b]
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise ValueError(f"'{name}' is not one of the barriers: {', '.join(BARRIERS)}.{hint}")


def check_ranking(ranking: Sequence[str]) -> list[str]:
    """Validate one person's ranking (most important first) and return canonical names.

    Accepts names from :data:`BARRIERS` or their labels (case and spaces ignored). A ranking
    may be partial (for example a top three). Raises ValueError for text that is not a list,
    an empty list, an unknown name or a repeated barrier.
    """
    if isinstance(ranking, (str, bytes)) or not isinstance(ranking, Sequence):
        raise ValueError(
            "Give your ranking as a list of barrier names, most important first, "
            "e.g. ['standards', 'privacy_security', 'workforce']."
        )
    if len(ranking) == 0:
        raise ValueError("The ranking is empty: name at least one barrier.")
    names = [_canonical(n) for n in ranking]
    seen = set()
    for n in names:
        if n in seen:
            raise ValueError(f"'{n}' appears twice in the ranking; list each barrier once.")
        seen.add(n)
    return names


def compare_ranking(ranking: Sequence[str], mapping=None, survey=None) -> pd.DataFrame:
    """A learner's ranking beside the survey's ranks, one row per barrier the learner ranked.

    Columns: barrier, label, your_rank, clinicians_rank, researchers_rank (missing where the
    group was not offered the barrier).
    """
    names = check_ranking(ranking)
    wide = compare_groups(mapping, survey).set_index("barrier")
    out = pd.DataFrame(
        {
            "barrier": names,
            "label": [BARRIER_LABELS[n] for n in names],
            "your_rank": range(1, len(names) + 1),
            "clinicians_rank": [wide.at[n, "clinicians_rank"] for n in names],
            "researchers_rank": [wide.at[n, "researchers_rank"] for n in names],
        }
    )
    out["clinicians_rank"] = out["clinicians_rank"].astype("Int64")
    out["researchers_rank"] = out["researchers_rank"].astype("Int64")
    return out


def room_ranking(rankings: Iterable[Sequence[str]]) -> pd.DataFrame:
    """Combine many rankings (a room poll) by Borda count.

    A barrier in position k (0 for first) of a ranking earns ``len(BARRIERS) - k`` points;
    unranked barriers earn nothing. Columns: barrier, label, points, mentions (how many
    rankings include it), first (how many put it first), rank (ties share the better rank).
    Ordered by rank, then :data:`BARRIERS` order. Raises ValueError when there are no
    rankings or one of them is invalid (the message says which).
    """
    if isinstance(rankings, (str, bytes)):
        raise ValueError("Give a list of rankings (each a list of barrier names).")
    rankings = list(rankings)
    if not rankings:
        raise ValueError("There are no rankings to combine yet.")
    points = dict.fromkeys(BARRIERS, 0)
    mentions = dict.fromkeys(BARRIERS, 0)
    first = dict.fromkeys(BARRIERS, 0)
    for i, r in enumerate(rankings):
        try:
            names = check_ranking(r)
        except ValueError as err:
            raise ValueError(f"Ranking {i + 1}: {err}") from None
        for k, n in enumerate(names):
            points[n] += len(BARRIERS) - k
            mentions[n] += 1
        first[names[0]] += 1
    out = pd.DataFrame(
        {
            "barrier": list(BARRIERS),
            "label": [BARRIER_LABELS[b] for b in BARRIERS],
            "points": [points[b] for b in BARRIERS],
            "mentions": [mentions[b] for b in BARRIERS],
            "first": [first[b] for b in BARRIERS],
        }
    )
    out["rank"] = out["points"].rank(method="min", ascending=False).astype(int)
    out["_b"] = range(len(out))
    return out.sort_values(["rank", "_b"]).drop(columns="_b").reset_index(drop=True)
