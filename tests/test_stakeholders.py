"""Tests for aicollab.lessons.stakeholders: survey groups, Laï et al.'s actors, contribution lists, charts."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from aicollab.data import DataFileError, wilson_interval
from aicollab.display.charts import GROUP_COLOURS, OKABE_ITO
from aicollab.lessons import stakeholders as st

from spec_helpers import walk


# --------------------------------------------------------------------------- survey groups
def test_survey_groups_sizes_and_industry_gap():
    g = st.survey_groups().set_index("group")
    assert list(g.index) == ["clinicians", "researchers", "industry"]
    assert g.at["clinicians", "n"] == 5142
    assert g.at["researchers", "n"] == 120
    assert pd.isna(g.at["industry", "n"])
    assert g.at["industry", "results"] == "none reported"
    assert str(g["n"].dtype) == "Int64"
    assert list(g["respondents"]) == ["5,142", "120", "not reported"]


def test_reported_totals_disagree():
    t = st.reported_totals()
    assert sorted(t["total"]) == [5142, 5262]
    assert set(t["source"]) == {"ye2026collaborations", "ye2025preprint"}
    # the journal total is the sum of its two groups
    g = st.survey_groups()
    journal = t.loc[t["source"] == "ye2026collaborations", "total"].item()
    assert journal == int(g["n"].sum())


def test_sample_chart_spec():
    spec = st.sample_chart().to_dict()
    assert spec["title"]["text"] == "Who answered the survey?"
    assert "5,142" in spec["description"] and "120" in spec["description"]
    assert "no results" in spec["description"]
    rows = next(iter(spec["datasets"].values()))
    assert [r["n"] for r in rows] == [5142.0, 120.0, 0.0]
    colours = [n["scale"]["range"] for n in walk(spec) if isinstance(n.get("scale"), dict) and "range" in n["scale"]]
    assert [GROUP_COLOURS["clinicians"], GROUP_COLOURS["researchers"], "#8a8a8a"] in colours


def test_sample_chart_needs_text():
    with pytest.raises(ValueError, match="title"):
        st.sample_chart(title=" ")


# --------------------------------------------------------------------------- actors
def test_actor_views_five_interviewed_plus_patients():
    v = st.actor_views()
    assert len(v) == 6
    assert (v["interviewed"].iloc[:5] == "yes").all()
    assert v["actor_group"].iloc[-1] == "Patients" and v["interviewed"].iloc[-1] == "no"
    assert v["view"].iloc[-1].startswith("Not interviewed")
    assert (v["source"] == "lai2020perceptions").all()
    assert len(st.actor_views(include_patients=False)) == 5


def test_views_chart_radio_binding():
    spec = st.views_chart(initial="Institutional players").to_dict()
    (param,) = spec["params"]
    assert param["name"] == "actor_group" and param["value"] == "Institutional players"
    assert param["bind"]["input"] == "radio"
    assert param["bind"]["options"][-1] == "Patients"
    assert param["bind"]["name"].strip()
    assert "myth" in spec["description"]
    assert any("datum.actor_group == actor_group" in str(n.get("filter", "")) for n in walk(spec))


def test_views_chart_rejects_unknown_group():
    with pytest.raises(ValueError, match="choose one of"):
        st.views_chart(initial="Regulators")


# --------------------------------------------------------------------------- contributions
def test_clinicians_offer_table_2():
    c = st.contributions("clinicians_offer")
    assert list(c["percent"]) == [89, 76, 70, 70, 52]
    assert (c["base_n"] == 5142).all()
    assert c["text_percent"].isna().all()
    lo, hi = wilson_interval(89, 5142)
    assert c["ci_low"].iloc[0] == pytest.approx(lo) and c["ci_high"].iloc[0] == pytest.approx(hi)
    assert (c["ci_low"] <= c["percent"]).all() and (c["percent"] <= c["ci_high"]).all()


def test_researchers_from_hospitals_flags_text_disagreements():
    c = st.contributions("researchers_from_hospitals").set_index("item")
    assert c.at["Access to imaging and clinical data", "percent"] == 85
    assert math.isnan(c.at["Access to imaging and clinical data", "text_percent"])
    expected = {
        "Image annotation": (5, 56, "D26"),
        "Joint application for research projects": (16.5, 53, "D27"),
        "Assistance with software transformation": (13.4, 47, "D28"),
        "Knowledge of clinical project determination": (17.4, 46, "D29"),
        "Research funding": (16.4, 39, "D30"),
    }
    for item, (table, text, reg) in expected.items():
        assert c.at[item, "percent"] == pytest.approx(table)
        assert c.at[item, "text_percent"] == pytest.approx(text)
        assert c.at[item, "register_id"] == reg
    # n = 120: intervals are wide
    assert (c["ci_high"] - c["ci_low"]).min() > 8


def test_text_disagreements_ignores_other_kinds_of_discrepancy():
    # D08 (Table 4 training 0.3% vs 52%) is about a different question: not a "same resource" figure
    assert st.text_disagreements("t4_desired_resources").empty
    assert st.text_disagreements("t2_resources_offered").empty
    assert list(st.text_disagreements("t10_resources_from_hospitals")["register_id"]) == [
        "D26",
        "D27",
        "D28",
        "D29",
        "D30",
    ]


def test_text_disagreements_rejects_unknown_section():
    with pytest.raises(ValueError, match="unknown survey section"):
        st.text_disagreements("bogus")
    with pytest.raises(ValueError, match="unknown survey section"):
        st.text_disagreements("t10_nothing_here")


def test_contributions_all_and_order():
    c = st.contributions()
    assert list(dict.fromkeys(c["list_key"])) == list(st.CONTRIBUTION_LISTS)
    for _, sub in c.groupby("list_key"):
        assert list(sub["order"]) == list(range(len(sub)))
    assert set(c["group"]) == {"clinicians", "researchers"}


@pytest.mark.parametrize("bad", ["industry_offer", ["clinicians_offer", "nope"], []])
def test_contributions_rejects_unknown_lists(bad):
    with pytest.raises(ValueError, match="choose"):
        st.contributions(bad)


def test_contributions_chart_select_binding_and_layers():
    chart = st.contributions_chart(initial="researchers_from_hospitals")
    spec = chart.to_dict()
    (param,) = spec["params"]
    assert param["name"] == "contribution_list"
    assert param["bind"]["input"] == "select"
    assert param["value"] == st.CONTRIBUTION_LISTS["researchers_from_hospitals"][2]
    assert len(param["bind"]["options"]) == len(st.CONTRIBUTION_LISTS)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "text", "point"]
    assert "Image annotation 5% (text: 56%)" in spec["description"]
    blob = json.dumps(spec)
    assert OKABE_ITO[5] in blob


def test_contributions_chart_rejects_bad_initial():
    with pytest.raises(ValueError, match="not among the lists"):
        st.contributions_chart(["clinicians_offer"], initial="researchers_from_hospitals")


def test_contributions_chart_renders_with_vega():
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(st.contributions_chart(initial="clinicians_offer").to_dict())
    assert "Image data sharing" in svg
    assert "Image annotation" not in svg  # filtered out: another list
    svg2 = vlc.vegalite_to_svg(st.views_chart(initial="Patients").to_dict())
    assert "Not interviewed, so the study" in svg2


def test_missing_data_file_gives_a_plain_error(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        st.survey_groups(data_dir=tmp_path)
