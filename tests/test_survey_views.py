"""Tests for aicollab.lessons.survey_views (lesson 2, "Reading the survey").

Numbers are checked against the survey data (Ye, Ma & Abuhashish 2026, Tables 1-10) and
against aicollab.data.wilson_interval; chart specs are compiled and drawn with vl-convert
(the same Vega-Lite the book uses) to check that the browser-side filters do what they say.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import vl_convert as vlc
from hypothesis import given, settings
from hypothesis import strategies as st

from aicollab import data as D
from aicollab.lessons import survey_views as V

from spec_helpers import with_param


@pytest.fixture(scope="module")
def survey():
    return D.load_survey()


def _params(spec):
    return {p["name"]: p for p in spec.get("params", [])}


def _rows_embedded(spec):
    return sum(len(v) for v in spec.get("datasets", {}).values())


# ----------------------------------------------------------------------------- sums
def test_section_sums_cover_every_question(survey):
    sums = V.section_sums(survey)
    assert len(sums) == survey["section_id"].nunique() == 38
    assert sums["options"].sum() == len(survey) == 161
    expected = survey.groupby("section_id")["section_sum"].first()
    for r in sums.itertuples():
        assert r.total == pytest.approx(expected[r.section_id])


def test_multiple_choice_sections_exceed_100_and_single_choice_ones_do_not(survey):
    sums = V.section_sums(survey).set_index("section_id")
    multi = sums[sums["response_type"] == "multiple"]
    assert (multi["verdict"] == "over 100").all()
    assert sums.at["t2_resources_offered", "total"] == 357
    assert sums.at["t3_perceived_problems", "total"] == 288
    single = sums[sums["response_type"] == "single"]
    # the one exception is registered in the discrepancy register (D17)
    assert list(single.index[single["verdict"] != "about 100"]) == ["t6_health_system_count"]
    assert sums.at["t3_impact_beliefs", "verdict"] == "under 100"


def test_sum_overview_counts_add_up(survey):
    ov = V.sum_overview(survey)
    assert list(ov.index) == ["single", "multiple", "unknown"]
    assert int(ov[["about 100", "over 100", "under 100"]].to_numpy().sum()) == 38
    assert ov.at["multiple", "highest"] == 357
    assert ov.at["multiple", "about 100"] == 0


def test_pie_distortion_shrinks_select_all_answers(survey):
    tab = V.pie_distortion("t2_resources_offered", survey)
    assert tab["pie_slice"].sum() == pytest.approx(100, abs=0.2)
    assert tab["printed"].tolist() == [89, 76, 70, 70, 52]
    assert tab.loc[0, "pie_slice"] == pytest.approx(89 / 357 * 100, abs=0.05)
    single = V.pie_distortion("t2_collab_mechanisms", survey)
    assert (single["printed"] - single["pie_slice"]).abs().max() < 0.05


@pytest.mark.parametrize("bad", ["t99_nothing", "", None, 3])
def test_pie_distortion_rejects_unknown_sections(bad):
    with pytest.raises(ValueError):
        V.pie_distortion(bad)


def test_pie_distortion_suggests_close_ids():
    with pytest.raises(ValueError, match="t2_resources_offered"):
        V.pie_distortion("resources_offered")


# ----------------------------------------------------------------------------- intervals
def test_interval_widths_match_wilson_and_shrink_with_n():
    tab = V.interval_widths()
    for r in tab.itertuples():
        low, high = D.wilson_interval(r.percent, r.n)
        assert r.low == pytest.approx(round(low, 1)) and r.high == pytest.approx(round(high, 1))
    wide = tab[tab["n"] == 120].set_index("percent")["width"]
    narrow = tab[tab["n"] == 5142].set_index("percent")["width"]
    assert (wide > 5 * narrow).all()
    # at 50%: about +-8.8 points for 120 people, +-1.4 for 5,142
    assert wide[50.0] / 2 == pytest.approx(8.8, abs=0.1)
    assert narrow[50.0] / 2 == pytest.approx(1.4, abs=0.1)


def _eval_vega(expr: str, **names) -> float:
    """Evaluate a Vega expression that uses only arithmetic, sqrt, max, min and datum.x."""
    env = {"sqrt": math.sqrt, "max": max, "min": min, "__builtins__": {}}
    env.update(names)
    return eval(expr, env)  # noqa: S307 - the expression is built by the module under test


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=0, max_value=100), st.integers(min_value=1, max_value=20000))
def test_browser_wilson_formula_matches_python(pct, n):
    low_expr, high_expr = V.wilson_expressions("pct / 100", "datum.n")
    datum = SimpleNamespace(n=n)
    low, high = D.wilson_interval(pct, n)
    assert _eval_vega(low_expr, pct=pct, datum=datum) == pytest.approx(low, abs=1e-6)
    assert _eval_vega(high_expr, pct=pct, datum=datum) == pytest.approx(high, abs=1e-6)


def test_wilson_explorer_chart_has_named_sliders():
    spec = V.wilson_explorer_chart().to_dict()
    params = _params(spec)
    assert set(params) == {"pct", "your_n"}
    assert params["pct"]["bind"]["input"] == "range" and params["pct"]["bind"]["name"].strip()
    assert params["your_n"]["bind"]["name"].strip()
    assert spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert "120" in spec["description"] and "5,142" in spec["description"]
    vlc.vegalite_to_vega(spec)


@pytest.mark.parametrize(
    "kwargs", [{"percent": 120}, {"percent": -1}, {"your_n": 5}, {"your_n": 12.5}, {"your_n": "500"}]
)
def test_wilson_explorer_chart_rejects_bad_starting_values(kwargs):
    with pytest.raises(ValueError):
        V.wilson_explorer_chart(**kwargs)


# ----------------------------------------------------------------------------- register
def test_register_flags_mark_rows_without_changing_values(survey):
    flagged = V.register_flags(survey)
    assert flagged["percent"].equals(survey["percent"])
    by_id = flagged.set_index("row_id")["register_ids"]
    assert by_id["t05s4i04"] == "D12"
    assert by_id["t07s2i01"] == "D22;D49"
    assert by_id["t06s3i01"] == "D16;D17;D32"
    assert by_id["t03s1i01"] == "D36"  # ranking announced in the Methods, never reported
    assert by_id["t03s2i01"] == "D07"
    assert by_id["t02s2i01"] == "D20"
    reg = D.load_discrepancies()
    referenced = {rid for ids in reg["row_ids"].dropna() for rid in ids.split(";")}
    assert set(flagged.loc[flagged["register_ids"] != "", "row_id"]) == referenced


def test_register_summary_counts_every_row():
    summ = V.register_summary()
    assert summ["rows"].sum() == len(D.load_discrepancies())
    assert (summ["meaning"] != "").all()


def test_discrepancy_examples_keep_order_and_reject_unknown_ids():
    ex = V.discrepancy_examples(["d26", "D09"])
    assert ex["id"].tolist() == ["D26", "D09"]
    assert "56" in ex.loc[0, "text_says"]
    with pytest.raises(ValueError, match="D99"):
        V.discrepancy_examples(["D09", "D99"])


# ----------------------------------------------------------------------------- explorer
def test_explorer_rows_hold_every_table_row_with_intervals(survey):
    rows = V.explorer_rows(survey)
    assert len(rows) == 161
    assert ((rows["lo"] <= rows["percent"] + 0.05) & (rows["percent"] <= rows["hi"] + 0.05)).all()
    awards = rows[(rows["sid"] == "t5_achievements") & (rows["no"] == 4)].iloc[0]
    assert awards["percent"] == 70 and "D12" in awards["label"]
    # researchers' intervals are wider than clinicians' at similar percentages
    res = rows[rows["group"] == "researchers"]
    cli = rows[rows["group"] == "clinicians"]
    assert (res["hi"] - res["lo"]).median() > 4 * (cli["hi"] - cli["lo"]).median()


def test_survey_explorer_spec_is_small_named_and_complete(survey):
    chart = V.survey_explorer_chart(survey)
    spec = chart.to_dict()
    assert spec["title"] and spec["description"]
    params = _params(spec)
    assert list(params) == ["question"]
    bind = params["question"]["bind"]
    assert bind["input"] == "select" and bind["name"] == "Question: "
    assert bind["options"] == list(V.section_sums(survey)["section_id"])
    assert len(bind["labels"]) == len(bind["options"]) == 38
    assert _rows_embedded(spec) == 161 + 38
    assert V.spec_size_kb(chart) < 60
    vlc.vegalite_to_vega(spec)


def test_survey_explorer_filters_to_the_chosen_question(survey):
    spec = V.survey_explorer_chart(survey).to_dict()
    svg = vlc.vegalite_to_svg(with_param(spec, "question", "t2_resources_offered"))
    assert "Image data sharing" in svg and "357%" in svg
    assert "Lack of industry standards" not in svg
    svg = vlc.vegalite_to_svg(spec)
    assert "Lack of industry standards" in svg and "Image data sharing" not in svg


def test_survey_explorer_rejects_unknown_start():
    with pytest.raises(ValueError):
        V.survey_explorer_chart(start="t3_nothing")


# ----------------------------------------------------------------------------- side by side
def test_topic_rows_pair_both_groups():
    rows = V.topic_rows()
    assert set(rows["topic"]) == set(D.list_topics()["topic"])
    counts = rows.groupby(["comparison_id", "group"]).size()
    assert (counts == 1).all()
    assert set(rows["group"]) == {"clinicians", "researchers"}
    std = rows[rows["comparison_id"] == "c08.1"].set_index("group")["percent"]
    assert std["clinicians"] == 65 and std["researchers"] == 4


def test_compare_topics_chart_has_a_named_select_over_all_topics():
    spec = V.compare_topics_chart().to_dict()
    params = _params(spec)
    assert list(params) == ["topic"]
    assert params["topic"]["bind"]["name"] == "Topic: "
    assert params["topic"]["bind"]["options"] == list(D.list_topics()["topic"])
    assert spec["title"] and "55%" in spec["description"] and "72%" in spec["description"]
    svg = vlc.vegalite_to_svg(with_param(spec, "topic", "problems"))
    assert "No industry standards" in svg and "Paid access" not in svg


@pytest.mark.parametrize("bad", ["nope", None, 7])
def test_side_by_side_helpers_reject_unknown_topics(bad):
    with pytest.raises(ValueError, match="list_topics"):
        V.side_by_side_chart(bad)
    with pytest.raises(ValueError):
        V.compare_topics_chart(bad)
    with pytest.raises(ValueError):
        V.topic_rows([bad])


def test_side_by_side_chart_uses_group_colours():
    spec = V.side_by_side_chart("problems").to_dict()
    text = str(spec)
    assert "#0072B2" in text and "#E69F00" in text
    assert "65%" in spec["description"] and "4%" in spec["description"]


# ----------------------------------------------------------------------------- interest vs engagement
def test_interest_engagement_uses_the_printed_figures(survey):
    tab = V.interest_engagement(survey).set_index("row_id")
    assert tab.at["t04s3i01", "percent"] == 88
    assert tab.at["t04s1i01", "percent"] == 90
    assert tab.at["t04s1i01", "register_ids"] == "D09"
    assert tab.at["t01s3i01", "percent"] == 74
    assert tab.at["t01s4i01", "percent"] == 84
    assert set(tab["side"]) == {"stated interest", "not engaged"}
    for _rid, r in tab.iterrows():
        assert r["ci_low"] < r["percent"] < r["ci_high"]


# ----------------------------------------------------------------------------- every chart
ALL_CHARTS = [
    V.survey_explorer_chart,
    V.wilson_explorer_chart,
    V.compare_topics_chart,
    V.side_by_side_chart,
    V.pie_distortion_chart,
    V.interest_engagement_chart,
]


@pytest.mark.parametrize("builder", ALL_CHARTS, ids=lambda f: f.__name__)
def test_every_chart_has_title_description_and_draws(builder):
    spec = builder().to_dict()
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    assert str(title).strip()
    assert len(str(spec.get("description", ""))) > 60
    for p in spec.get("params", []):
        if "bind" in p:
            assert p["name"] and p["bind"].get("name", "").strip()
    svg = vlc.vegalite_to_svg(spec)
    assert "<svg" in svg
    assert V.spec_size_kb(builder()) < 60
