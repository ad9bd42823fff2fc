"""Tests for datasets/ and aicollab.data.

Expected counts and values are literal: they were checked by hand against the printed paper
(Ye, Ma & Abuhashish 2026, Tables 1-10), which will not change.
"""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicollab import data as D
from aicollab.data import DataFileError

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO / "datasets"


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def survey():
    return D.load_survey()


@pytest.fixture
def data_copy(tmp_path):
    """A throw-away copy of datasets/ that a test may corrupt."""
    dest = tmp_path / "datasets"
    shutil.copytree(DATASETS, dest)
    return dest


def _rewrite(path: Path, edit):
    """Apply edit(header, rows) -> (header, rows) to a CSV file."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = edit(rows[0], rows[1:])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)


def _set_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Set one cell; return the file line number of the edited row (header = line 1)."""
    found = {}

    def edit(header, body):
        for i, r in enumerate(body):
            if r[0] == row_id:
                r[header.index(column)] = value
                found["line"] = i + 2
        return header, body

    _rewrite(path, edit)
    return found["line"]


# ----------------------------------------------------------------------------- counts
ROWS_PER_TABLE = {1: 14, 2: 15, 3: 8, 4: 18, 5: 24, 6: 16, 7: 7, 8: 9, 9: 15, 10: 35}
SECTIONS_PER_TABLE = {1: 4, 2: 4, 3: 2, 4: 5, 5: 4, 6: 4, 7: 2, 8: 3, 9: 2, 10: 8}
ITEMS_PER_SECTION = {
    "t1_structured_report": 3,
    "t1_informatization": 3,
    "t1_research_involvement": 6,
    "t1_collaboration_status": 2,
    "t2_resources_offered": 5,
    "t2_collab_mechanisms": 3,
    "t2_deidentification_opinion": 3,
    "t2_product_engagement": 4,
    "t3_perceived_problems": 5,
    "t3_impact_beliefs": 3,
    "t4_prospects": 4,
    "t4_interest_fields": 4,
    "t4_collab_expectations": 3,
    "t4_desired_resources": 4,
    "t4_time_frame": 3,
    "t5_research_directions": 10,
    "t5_application_areas": 6,
    "t5_issues_addressed": 3,
    "t5_achievements": 5,
    "t6_hospital_count": 4,
    "t6_data_access": 5,
    "t6_health_system_count": 4,
    "t6_company_count": 3,
    "t7_sharing_methods": 3,
    "t7_security_concerns": 4,
    "t8_structured_report": 3,
    "t8_ai_institution_awareness": 3,
    "t8_translation_dept_awareness": 3,
    "t9_product_experience": 4,
    "t9_challenges": 11,
    "t10_prospects": 4,
    "t10_interest_areas": 4,
    "t10_collab_interest": 5,
    "t10_resources_from_collaborators": 5,
    "t10_resources_from_hospitals": 6,
    "t10_expected_outputs": 5,
    "t10_time_frame": 3,
    "t10_desired_support": 3,
}


def test_total_rows(survey):
    assert len(survey) == 161 == sum(ROWS_PER_TABLE.values())


def test_rows_per_table(survey):
    assert survey.groupby("table").size().to_dict() == ROWS_PER_TABLE


def test_sections_per_table(survey):
    assert survey.groupby("table")["section_id"].nunique().to_dict() == SECTIONS_PER_TABLE


def test_items_per_section(survey):
    counts = survey.groupby("section_id", sort=False).size()
    assert counts.to_dict() == ITEMS_PER_SECTION
    assert list(counts.index) == list(ITEMS_PER_SECTION)  # table and printed order preserved


def test_order_ids_and_groups(survey):
    assert survey["row_id"].is_unique
    assert list(survey["row_id"]) == sorted(survey["row_id"])
    assert set(survey.loc[survey["table"] <= 4, "group"]) == {"clinicians"}
    assert set(survey.loc[survey["table"] >= 5, "group"]) == {"researchers"}
    assert set(survey.loc[survey["group"] == "clinicians", "base_n"]) == {5142}
    assert set(survey.loc[survey["group"] == "researchers", "base_n"]) == {120}


def test_dtypes(survey):
    assert survey["percent"].dtype == np.float64
    assert survey["table"].dtype == np.int64
    assert survey["approx_count"].dtype == np.int64
    assert pd.api.types.is_string_dtype(survey["item"])


# ----------------------------------------------------------------------------- spot checks
def _row(survey, row_id):
    return survey.set_index("row_id").loc[row_id]


@pytest.mark.parametrize(
    "row_id, section, item, percent",
    [
        ("t01s1i01", "Structured imaging report system", "Not established", 47),
        ("t01s3i04", "Involvement in AI-related research", "Developed AI products", 0.8),
        ("t01s3i06", "Involvement in AI-related research", "Research received domestic or international awards", 0.4),
        (
            "t01s4i02",
            "Clinician collaboration with research institutions",
            "No collaboration with imaging device companies",
            92,
        ),
        ("t02s2i01", "AI collaboration mechanisms", "Free data sharing for research papers or patent", 55),
        (
            "t02s4i01",
            "Clinicians' engagement with AI-Related Products",
            "Aware of AI-related products but have not utilized them",
            74,
        ),
        (
            "t03s2i03",
            "Beliefs about AI's impact on healthcare systems",
            "Will have no negative impact on healthcare systems",
            13,
        ),
        ("t04s1i01", "Opinions on prospects of AI research", "Requires considerable time for exploration", 90),
        ("t04s4i04", "Desired resources for collaboration", "Training and education opportunities", 0.3),
        ("t05s2i03", "Common application areas", "Early tumor diagnosis", 25),
        ("t05s4i04", "Achievements in AI-related research", "Received domestic or international awards", 70),
        ("t06s3i01", "Collaboration with industry", "Do not collaborate with any healthcare systems", 50),
        ("t06s4i02", "Collaboration with relevant companies", "Collaborate with ≤5 companies", 43),
        (
            "t07s2i01",
            "Concerns about data security",
            "Express importance of data security but lack certainty on how to ensure it",
            35,
        ),
        ("t09s2i03", "Challenges in AI research process", "Lack of industry standards", 4),
        ("t10s5i02", "Resources expected from hospitals in collaborations", "Image annotation", 5),
        (
            "t10s5i03",
            "Resources expected from hospitals in collaborations",
            "Joint application for research projects",
            16.5,
        ),
        (
            "t10s5i05",
            "Resources expected from hospitals in collaborations",
            "Knowledge of clinical project determination",
            17.4,
        ),
        ("t10s8i03", "Desired support from collaborators", "Regular training-related workshops", 64),
    ],
)
def test_printed_values(survey, row_id, section, item, percent):
    r = _row(survey, row_id)
    assert (r["section"], r["item"], r["percent"]) == (section, item, percent)


def test_typos_kept_as_printed(survey):
    r = _row(survey, "t02s4i01")
    assert r["item_as_printed"] == "Aware of AI-related products but haven not utilized them"
    assert _row(survey, "t05s2i03")["item_as_printed"] == "Early tumors Diagnosis"
    changed = survey[survey["item"] != survey["item_as_printed"]]
    assert set(changed["row_id"]) == {"t02s4i01", "t05s2i03"}


def test_percent_strings_match_numbers(survey):
    parsed = survey["percent_as_printed"].str.rstrip("%").astype(float)
    assert (parsed == survey["percent"]).all()


def test_approx_count(survey):
    assert _row(survey, "t01s1i01")["approx_count"] == 2417  # 47% of 5,142
    assert _row(survey, "t10s5i03")["approx_count"] == 20  # 16.5% of 120 = 19.8
    assert _row(survey, "t01s3i06")["approx_count"] == 21  # 0.4% of 5,142 = 20.6
    expected = np.floor(survey["percent"] / 100 * survey["base_n"] + 0.5).astype(int)
    assert (survey["approx_count"] == expected).all()


def test_section_sums(survey):
    sums = survey.groupby("section_id")["percent"].sum().round(1)
    assert sums["t1_research_involvement"] == 100.7
    assert sums["t6_health_system_count"] == 103
    assert sums["t3_impact_beliefs"] == 96
    assert sums["t10_resources_from_hospitals"] == 153.7


def test_response_types(survey):
    rt = survey.groupby("section_id")["response_type"].first()
    assert rt["t4_time_frame"] == rt["t10_time_frame"] == rt["t2_collab_mechanisms"] == "single"
    assert rt["t9_challenges"] == rt["t2_resources_offered"] == "multiple"
    assert rt["t3_impact_beliefs"] == rt["t1_collaboration_status"] == "unknown"
    assert survey["note"].str.len().min() > 10  # every row explains the judgement


def test_survey_section_helper():
    sec = D.survey_section(7, "t7_sharing_methods")
    assert list(sec["percent"]) == [72, 19, 9]
    assert list(D.survey_section(7, "sharing_methods")["row_id"]) == list(sec["row_id"])
    with pytest.raises(KeyError, match="valid ids"):
        D.survey_section(7, "no_such_section")


# ----------------------------------------------------------------------------- other files
def test_text_figures():
    tf = D.load_text_figures()
    by = lambda topic: tf.loc[tf["topic_id"] == topic, "value"].tolist()  # noqa: E731
    assert by("tf_ai_research_departments") == [72, 27, 1]
    assert by("tf_translation_departments") == [55, 20, 25]
    assert by("tf_infrastructure_by_level") == [27, 8]
    assert by("tf_ai_engineers") == [79, 11, 4]
    assert by("tf_ai_product_use")[:2] == [88, 6]
    assert by("tf_clin_support_wanted") == [82, 64, 52]
    assert by("tf_clin_education") == [58, 22, 20]
    assert by("tf_res_age") == [69, 18, 10, 3]
    assert by("tf_res_team_size") == [30, 19, 23, 28]
    assert by("tf_res_leadership") == [13, 6, 2]
    assert set(tf.loc[tf["scope"] == "cited_literature", "group"]) == {"other"}


def test_metadata_keeps_both_totals():
    md = D.load_metadata()
    totals = md.loc[md["key"] == "total_participants"]
    assert dict(zip(totals["source"], totals["value"])) == {"ye2026collaborations": "5262", "ye2025preprint": "5142"}
    get = lambda k: md.loc[md["key"] == k, "value"].tolist()  # noqa: E731
    assert get("questionnaires_distributed") == ["5148"]
    assert get("response_rate") == ["99.9"]
    assert get("hospitals") == ["2135"]
    assert sorted(get("regions")) == ["19", "31", "31"]
    assert get("likert_results_reported") == ["no"]
    assert md.loc[md["key"] == "industry_n", "value"].isna().all()


def test_discrepancy_register(survey):
    reg = D.load_discrepancies()
    text = " | ".join(reg["table_says"].fillna("") + " || " + reg["text_says"])
    for needle in [
        "5,262",
        "N = 5,142",
        "70%",
        "7% of researchers",
        "56%",
        "53%",
        "47%",
        "46%",
        "39%",
        "35%",
        "30% of researchers",
        "90% of clinicians",
        "= 103",
        "= 100.7",
        "66%",
        "research grants",
    ]:
        assert needle in text, needle
    hosp = reg[reg["row_ids"].fillna("").str.contains("t10s5i0")]
    assert len(hosp) == 5
    assert set(reg["kind"]) == {"figure", "sample_size", "label", "sum", "attribution", "method"}
    all_ids = {r for ids in reg["row_ids"].dropna() for r in ids.split(";")}
    assert all_ids <= set(survey["row_id"])
    # text-only figures named by a register row exist (issue 12 adds fig_ids)
    fig_ids = {f for ids in reg["fig_ids"].dropna() for f in ids.split(";")}
    assert fig_ids and fig_ids <= set(D.load_text_figures()["fig_id"])


def test_comparable_and_side_by_side():
    topics = D.list_topics()
    assert {
        "data_sharing_methods",
        "problems",
        "interest_areas",
        "time_frame",
        "prospects",
        "structured_reports",
        "product_experience",
        "collaboration_partners",
        "research_output",
    } <= set(topics["topic"])
    tf = D.side_by_side("time_frame")
    assert list(tf["group"]) == ["clinicians", "researchers"] * 3
    assert list(tf["percent"]) == [7, 20, 43, 43, 50, 37]
    full = D.side_by_side("problems", matched_only=False)
    assert len(full) == 5 * 2 + (11 - 5)  # 5 pairs, plus researchers' 6 unmatched options
    with pytest.raises(KeyError, match="unknown topic"):
        D.side_by_side("nope")


def test_qualitative_tables():
    lai = D.load_stakeholders()
    assert (lai["kind"] == "actor").sum() == 5
    assert lai.loc[lai["actor_group"] == "Patients", "interviewed"].tolist() == ["no"]
    al = D.load_alami_themes()
    assert al.loc[al["kind"] == "theme", "theme_no"].tolist() == [1, 2, 3]
    assert set(al["subthemes_available"]) == {"no"}
    co = D.load_cocreation()
    dims = co[co["kind"] == "dimension"]
    assert dims["label"].tolist() == ["Resourcing", "Adaptation", "Reconfiguration"]
    assert set(dims["gloss_status"]) == {"kit_gloss"}
    fw = D.load_frameworks()
    count = fw.groupby("framework").size()
    assert count["DHSC guiding principles for data partnerships"] == 5
    assert count["NHS England Value Sharing Framework"] == 4
    assert count["ICMJE authorship criteria"] == 4
    assert count["CRediT contributor roles (ANSI/NISO Z39.104-2022)"] == 14
    assert fw["value_percent"].dropna().tolist() == [6, 25, 35, 29]
    assert set(fw["evidence"]) == {"V"}


# ----------------------------------------------------------------------------- package + semantics
def test_every_csv_is_described():
    import json

    pkg = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in pkg["resources"]}
    assert described == {p.name for p in DATASETS.glob("*.csv")}
    for r in pkg["resources"]:
        assert r["licenses"] and r["sources"] and r["description"] and r["schema"]["primaryKey"]


def test_frictionless_validates():
    report = D.validate_package()
    assert report.valid


def test_semantic_checks_pass():
    assert D.semantic_problems() == []
    D.check_semantics()


def test_semantic_checks_catch_unregistered_sum(data_copy):
    _set_cell(data_copy / "survey_tables.csv", "t02s2i01", "percent", "65")
    problems = D.semantic_problems(data_dir=data_copy)
    assert any("t2_collab_mechanisms sums to 110" in p for p in problems)
    assert any("section_sum" in p for p in problems)
    with pytest.raises(DataFileError, match="semantic"):
        D.check_semantics(data_dir=data_copy)


def test_semantic_checks_catch_bad_refs(data_copy):
    _set_cell(data_copy / "survey_tables.csv", "t01s1i01", "source", "nosuchkey2099")
    _set_cell(data_copy / "discrepancy_register.csv", "D01", "row_ids", "t99s1i01")
    problems = D.semantic_problems(data_dir=data_copy)
    assert any("nosuchkey2099" in p and "references.bib" in p for p in problems)
    assert any("unknown survey row 't99s1i01'" in p for p in problems)


def test_all_bib_keys_present():
    keys = D.bib_keys()
    assert {
        "ye2026collaborations",
        "ye2025preprint",
        "alami2025conflicts",
        "lai2020perceptions",
        "grootjans2025cocreate",
        "dhsc2019principles",
        "nhse2023vsf",
        "nhse2023vsfpractical",
        "nhse2023guide",
        "upd2020fairness",
        "icmje",
        "credit2022",
        "shapley1953value",
        "nash1950bargaining",
    } <= keys


# ----------------------------------------------------------------------------- Wilson
def test_wilson_known_values():
    low, high = D.wilson_interval(50, 100)
    assert (round(low, 2), round(high, 2)) == (40.38, 59.62)
    low, high = D.wilson_interval(10, 5142)
    assert 9.2 < low < 9.22 and 10.84 < high < 10.86


def test_wilson_edges():
    low, high = D.wilson_interval(0, 20)
    assert low == 0.0 and math.isclose(high, 16.11, abs_tol=0.01)
    low, high = D.wilson_interval(100, 20)
    assert high == 100.0 and math.isclose(low, 83.89, abs_tol=0.01)


def test_wilson_vectorised():
    p = pd.Series([0.0, 50.0, 100.0], index=["a", "b", "c"])
    low, high = D.wilson_interval(p, 100)
    assert list(low.index) == ["a", "b", "c"] and isinstance(high, pd.Series)
    assert round(low["b"], 2) == 40.38 and low["a"] == 0 and high["c"] == 100
    arr_low, _ = D.wilson_interval(np.array([50.0, 50.0]), np.array([100, 120]))
    assert isinstance(arr_low, np.ndarray) and arr_low[0] < arr_low[1]


@pytest.mark.parametrize(
    "percent, n, match",
    [
        (50, 0, "n must be"),
        (50, -3, "n must be"),
        (130, 100, "between 0 and 100"),
        (-1, 100, "between 0 and 100"),
        (float("nan"), 100, "missing"),
        (50, float("nan"), "missing"),
    ],
)
def test_wilson_errors(percent, n, match):
    with pytest.raises(ValueError, match=match):
        D.wilson_interval(percent, n)


@settings(max_examples=100, deadline=None, database=None)
@given(st.floats(0, 100), st.integers(1, 10_000))
def test_wilson_contains_estimate(p, n):
    low, high = D.wilson_interval(p, n)
    assert 0 <= low <= p + 1e-9 and p - 1e-9 <= high <= 100


def test_with_intervals(survey):
    out = D.with_intervals(survey)
    assert {"ci_low", "ci_high"} <= set(out.columns) and out["ci_low"].notna().all()
    assert (out["ci_low"] <= out["percent"]).all() and (out["percent"] <= out["ci_high"]).all()
    tf = D.with_intervals(D.load_text_figures(), percent_col="value")
    counts = tf[tf["unit"] == "count"]
    assert counts["ci_low"].isna().all()  # counts get no interval
    assert tf.loc[tf["base_n"].isna(), "ci_low"].isna().all()


# ----------------------------------------------------------------------------- corrupted files
def _load_error(data_dir) -> str:
    with pytest.raises(DataFileError) as info:
        D.load_survey(data_dir=data_dir)
    return str(info.value)


def test_missing_file(data_copy):
    (data_copy / "survey_tables.csv").unlink()
    msg = _load_error(data_copy)
    assert "survey_tables.csv" in msg and "not found" in msg and str(data_copy) in msg


def test_truncated_file(data_copy):
    path = data_copy / "survey_tables.csv"
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    path.write_bytes(b"\n".join(lines[:40]) + b"\n" + lines[40][:25])  # cut line 41 part-way
    msg = _load_error(data_copy)
    assert "survey_tables.csv" in msg and "line 41" in msg and "truncated" in msg


def test_non_numeric_percent(data_copy):
    line = _set_cell(data_copy / "survey_tables.csv", "t01s1i02", "percent", "forty-three")
    msg = _load_error(data_copy)
    assert f"line {line}" in msg and "'percent'" in msg and "not a number" in msg and "survey_tables.csv" in msg


def test_percent_above_100(data_copy):
    line = _set_cell(data_copy / "survey_tables.csv", "t05s4i04", "percent", "130")
    msg = _load_error(data_copy)
    assert f"line {line}" in msg and "'percent'" in msg and "above the maximum 100" in msg


def test_frictionless_also_rejects_130(data_copy):
    _set_cell(data_copy / "survey_tables.csv", "t05s4i04", "percent", "130")
    with pytest.raises(DataFileError, match="survey_tables.csv"):
        D.validate_package(data_dir=data_copy)


def test_missing_column(data_copy):
    def drop(header, body):
        i = header.index("percent")
        return header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in body]

    _rewrite(data_copy / "survey_tables.csv", drop)
    msg = _load_error(data_copy)
    assert "missing column" in msg and "percent" in msg and "line 1" in msg


def test_unknown_group(data_copy):
    line = _set_cell(data_copy / "survey_tables.csv", "t03s1i01", "group", "industry")
    msg = _load_error(data_copy)
    assert f"line {line}" in msg and "'group'" in msg and '"industry" is not an allowed value' in msg


def test_empty_file(data_copy):
    (data_copy / "survey_tables.csv").write_text("", encoding="utf-8")
    msg = _load_error(data_copy)
    assert "survey_tables.csv" in msg and "empty" in msg


def test_header_only_and_duplicate_key(data_copy):
    path = data_copy / "survey_tables.csv"
    _rewrite(path, lambda h, b: (h, b + [b[0]]))
    assert "duplicate value 't01s1i01'" in _load_error(data_copy)
    _rewrite(path, lambda h, b: (h, []))
    assert "no data rows" in _load_error(data_copy)


def test_env_var_override(data_copy, monkeypatch):
    _set_cell(data_copy / "survey_tables.csv", "t01s1i01", "note", "edited copy")
    monkeypatch.setenv(D.ENV_VAR, str(data_copy))
    assert D.data_dir() == data_copy
    assert D.load_survey().loc[0, "note"] == "edited copy"
    monkeypatch.delenv(D.ENV_VAR)
    assert D.load_survey().loc[0, "note"] != "edited copy"


def test_error_is_value_error():
    assert issubclass(DataFileError, ValueError)


def test_returned_frames_are_independent():
    a = D.load_survey()
    a.loc[0, "percent"] = -5
    assert D.load_survey().loc[0, "percent"] == 47


def test_first_load_stays_light():
    """Loading a table must not pull in the slow libraries (Frictionless, Altair).

    Its speed is measured in benchmarks/bench_engine.py (first load in a fresh process); this
    test guards what made it slow before: validating with Frictionless on every load.
    """
    code = (
        "import sys; from aicollab.data import load_survey; s=load_survey(); "
        "print(sorted(m for m in ('frictionless', 'altair') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
