"""The capstone's term-sheet builder: validation, checks, printable summary, saving, the form."""

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from aicollab import termsheet as T
from aicollab.data import bib_keys, load_frameworks
from aicollab.model.scenarios import default_partnership
from aicollab.termsheet import (
    CREDIT_ROLES,
    SECTIONS,
    SEVERITIES,
    SOURCES,
    TermSheet,
    check,
    example_term_sheet,
    poll_choices,
    save_summary,
    shares_from_rule,
    summary_html,
)

PARTNERS = ["Clinicians", "Hospital", "Research institution", "AI company"]


def good() -> TermSheet:
    return example_term_sheet("revised")


def bad() -> TermSheet:
    return example_term_sheet("first draft")


def severity(findings: pd.DataFrame, fid: str) -> str:
    row = findings[findings["id"] == fid]
    assert len(row) == 1, f"no single finding {fid}"
    return row["severity"].iloc[0]


# ---- validation of every field ----------------------------------------------------------


def test_defaults_are_a_valid_blank_draft():
    ts = TermSheet()
    assert list(ts.partners) == PARTNERS
    assert ts.partners["Clinicians"] == "clinicians"
    assert sum(ts.shares.values()) == pytest.approx(100)
    assert ts.data_access == "undecided" and ts.foreground_ip == "undecided"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "   "}, "title must not be empty"),
        ({"title": 42}, "title must be text"),
        ({"partners": "Clinicians, Hospital"}, "list of names, not a single text"),
        ({"partners": ["Hospital"]}, "at least 2 partners"),
        ({"partners": [f"P{k}" for k in range(9)]}, "at most 8 partners"),
        ({"partners": ["Hospital", "hospital "]}, "listed twice"),
        ({"partners": ["Hospital", ""]}, "every partner needs a name"),
        ({"partners": {"Hospital": "hospital", "Acme": "robot"}}, '"robot" is not a known role for partner "Acme"'),
        ({"patient_benefit": 3}, "patient-benefit aim must be text"),
        ({"patient_benefit": "x" * 2001}, "too long"),
        ({"purpose": "profit"}, '"profit" is not a known purpose'),
        ({"data_access": "email the spreadsheet"}, "is not a known data-access option"),
        ({"foreground_ip": "whoever"}, "is not a known foreground-IP option"),
        ({"background_ip": ["code"]}, "background_ip must be a dict"),
        ({"background_ip": {"Patients": "x"}}, 'unknown partner "Patients" in background_ip'),
        ({"exclusive_data_rights": "no"}, "exclusive_data_rights must be true or false"),
        ({"value_rule": "coin toss"}, "is not a known value-sharing rule"),
        ({"shares": [25, 25, 25, 25]}, "shares must be a dict"),
        ({"shares": {"Clinicians": 50, "Hospital": 50}}, 'no share given for "Research institution"'),
        ({"shares": {"Clinicians": -5, "Hospital": 55, "Research institution": 25, "AI company": 25}}, "negative"),
        (
            {"shares": {"Clinicians": "a lot", "Hospital": 50, "Research institution": 25, "AI company": 25}},
            "must be a number",
        ),
        (
            {"shares": {"Clinicians": float("nan"), "Hospital": 50, "Research institution": 25, "AI company": 25}},
            "finite",
        ),
        (
            {"shares": {"Clinicians": True, "Hospital": 50, "Research institution": 25, "AI company": 25}},
            "must be a number",
        ),
        (
            {"shares": {"Clinicians": 20, "Hospital": 20, "Research institution": 20, "AI company": 20}},
            "add up to 80.0%, not 100%",
        ),
        (
            {"shares": {"Nurses": 25, "Hospital": 25, "Research institution": 25, "AI company": 25}},
            'unknown partner "Nurses" in shares',
        ),
        ({"instruments": ["bitcoin"]}, '"bitcoin" is not a known instrument'),
        ({"instruments": 5}, "instrument must be a list"),
        ({"clinician_credit": ["a statue"]}, "is not a known kind of clinician credit"),
        ({"credit_roles": {"Clinicians": ["Cheerleading"]}}, 'unknown CRediT role "Cheerleading"'),
        ({"credit_roles": ["Validation"]}, "credit_roles must be a dict"),
        ({"credit_roles": {"Patients": ["Validation"]}}, 'unknown partner "Patients" in credit_roles'),
        ({"steering_committee": 1}, "steering_committee must be true or false"),
        ({"clinicians_on_committee": "yes"}, "clinicians_on_committee must be true or false"),
        ({"review_every_months": 2.5}, "whole number of months"),
        ({"review_every_months": -1}, "between 0 and 36"),
        ({"review_every_months": 48}, "between 0 and 36"),
        ({"review_every_months": True}, "whole number of months"),
        ({"exit_terms": ["leave"]}, "exit terms must be text"),
        ({"deidentified": None}, "deidentified must be true or false"),
        ({"confidentiality_agreement": "signed"}, "confidentiality_agreement must be true or false"),
        ({"public_communication": ["press release"]}, "is not a known public-communication option"),
        ({"clinician_training": 0}, "clinician_training must be true or false"),
        ({"shared_standards": "y"}, "shared_standards must be true or false"),
        ({"ai_research_unit": []}, "ai_research_unit must be true or false"),
        ({"note": 1}, "note must be text"),
    ],
)
def test_every_field_rejects_bad_input_with_a_clear_message(changes, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        TermSheet(**changes)


def test_shares_within_half_a_point_are_accepted():
    ts = TermSheet(shares={"Clinicians": 33.3, "Hospital": 33.3, "Research institution": 16.7, "AI company": 16.4})
    assert sum(ts.shares.values()) == pytest.approx(99.7)
    with pytest.raises(ValueError, match="add up to 99.4%"):
        TermSheet(shares={"Clinicians": 33.3, "Hospital": 33.3, "Research institution": 16.4, "AI company": 16.4})


def test_labels_and_case_are_accepted_and_normalised():
    ts = TermSheet(
        title="  Spaced   title ",
        data_access="Secure data environment: the partner works on the data inside an environment the hospital controls",
        foreground_ip="JOINT",
        instruments=["royalty", "Upfront payment", "royalty"],
        credit_roles={"clinicians": ["validation", "Writing - review & editing"]},
        shares={"clinicians": 40, "HOSPITAL": 20, "Research institution": 20, "AI company": 20},
    )
    assert ts.title == "Spaced title"
    assert ts.data_access == "secure_environment" and ts.foreground_ip == "joint"
    assert ts.instruments == ("upfront", "royalty")  # menu order, no duplicates
    assert ts.credit_roles == {"Clinicians": ("Validation", "Writing – review & editing")}
    assert ts.shares["Clinicians"] == 40


def test_roles_are_inferred_or_given():
    ts = TermSheet(
        partners=["Radiologists", "St Elsewhere NHS Trust", "Acme AI Ltd", "Dr Who"],
        shares={"Radiologists": 25, "St Elsewhere NHS Trust": 25, "Acme AI Ltd": 25, "Dr Who": 25},
    )
    assert ts.partners == {
        "Radiologists": "clinicians",
        "St Elsewhere NHS Trust": "hospital",
        "Acme AI Ltd": "company",
        "Dr Who": "other",
    }
    ts2 = TermSheet(partners={"Team A": "Clinicians", "Team B": "company"})
    assert ts2.partners == {"Team A": "clinicians", "Team B": "company"}


def test_with_changes_revalidates_and_rejects_unknown_fields():
    ts = good()
    assert ts.with_changes(deidentified=False).deidentified is False
    with pytest.raises(ValueError, match='unknown term-sheet field "colour"'):
        ts.with_changes(colour="blue")
    with pytest.raises(ValueError, match="is not a known data-access option"):
        ts.with_changes(data_access="fax")


def test_crediT_roles_match_the_frameworks_dataset():
    fw = load_frameworks()
    roles = fw.loc[fw["framework"].str.startswith("CRediT"), "item"].tolist()
    assert tuple(roles) == CREDIT_ROLES


def test_shares_from_rule_round_trip_into_a_term_sheet():
    shares = shares_from_rule(default_partnership(), "shapley")
    assert set(shares) == set(PARTNERS)
    assert abs(sum(shares.values()) - 100) <= T.SHARE_TOLERANCE
    TermSheet(shares=shares)  # accepted
    with pytest.raises(ValueError, match="unknown rule"):
        shares_from_rule(default_partnership(), "vibes")


# ---- check() -----------------------------------------------------------------------------


def test_findings_have_the_documented_columns_and_known_sources():
    keys = bib_keys()
    for ts in (good(), bad(), TermSheet()):
        f = check(ts)
        assert list(f.columns) == ["id", "area", "severity", "message", "source"]
        assert set(f["severity"]) <= set(SEVERITIES)
        assert f["id"].is_unique
        assert f["message"].str.len().min() > 10
        for src in f["source"]:
            for k in src.split(";"):
                assert k in keys, f"{k} missing from references.bib"
                assert k in SOURCES
        order = [list(SEVERITIES).index(s) for s in f["severity"]]
        assert order == sorted(order), "most serious first"
        assert re.fullmatch(r"\d+ high, \d+ medium, \d+ low, \d+ ok", f.attrs["summary"])


def test_good_draft_has_nothing_serious():
    f = check(good())
    assert not f["severity"].isin(["high", "medium"]).any(), f[f["severity"] != "ok"]


def test_bad_draft_findings_point_to_the_right_sources():
    f = check(bad())
    expected = {
        "T04": ("high", "dhsc2019principles"),  # exclusivity
        "T05": ("high", "nhse2023guide"),  # IP not settled at the start
        "T08": ("high", "alami2025conflicts"),  # clinicians get no recognition
        "T10": ("medium", "nhse2023vsf"),  # no data-access fee
        "T14": ("medium", "icmje"),  # authorship for data alone
        "T22": ("high", "ye2026collaborations"),  # no confidentiality agreement (74%)
        "T23": ("high", "dhsc2019principles"),  # no public communication
        "T03": ("medium", "nhse2023guide;ye2026collaborations"),  # extract leaves the hospital
    }
    for fid, (sev, src) in expected.items():
        row = f[f["id"] == fid].iloc[0]
        assert (row["severity"], row["source"]) == (sev, src), fid


def test_single_problems_switch_single_checks():
    g = good()
    assert severity(check(g.with_changes(foreground_ip="undecided")), "T05") == "high"
    assert severity(check(g.with_changes(exclusive_data_rights=True)), "T04") == "high"
    assert severity(check(g.with_changes(instruments=["upfront"])), "T10") == "medium"
    assert severity(check(g.with_changes(deidentified=False)), "T21") == "high"
    assert severity(check(g.with_changes(public_communication=[])), "T23") == "high"
    assert severity(check(g.with_changes(patient_benefit="")), "T01") == "high"
    assert severity(check(g.with_changes(data_access="undecided")), "T02") == "high"
    assert severity(check(g.with_changes(steering_committee=False)), "T17") == "medium"
    assert severity(check(g.with_changes(exit_terms="")), "T20") == "medium"
    assert severity(check(g.with_changes(review_every_months=0)), "T19") == "low"
    assert severity(check(g.with_changes(clinician_training=False)), "T25") == "low"
    assert severity(check(g.with_changes(shared_standards=False)), "T26") == "low"
    assert severity(check(g.with_changes(ai_research_unit=False)), "T27") == "low"
    # royalty as the only money instrument
    assert severity(check(g.with_changes(instruments=["access_fee", "royalty"])), "T12") == "low"
    # commercial deal without any advance share
    assert severity(check(g.with_changes(instruments=["access_fee"])), "T11") == "medium"
    # non-commercial without consent to commercialise, then with it
    nc = g.with_changes(purpose="non-commercial", instruments=["access_fee"])
    assert severity(check(nc), "T11") == "medium"
    assert severity(check(nc.with_changes(instruments=["access_fee", "consent_to_commercialise"])), "T11") == "ok"


def test_clinician_recognition_cases():
    g = good()
    zero = {"Clinicians": 0, "Hospital": 40, "Research institution": 30, "AI company": 30}
    assert severity(check(g.with_changes(shares=zero)), "T08") == "medium"  # credit but no money
    assert severity(check(g.with_changes(clinician_credit=[])), "T08") == "medium"  # money but no credit
    assert severity(check(g.with_changes(clinician_credit=[])), "T13") == "high"
    assert severity(check(g.with_changes(shares=zero, clinician_credit=[])), "T08") == "high"
    # gift authorship alone does not count as credit
    gift = check(g.with_changes(clinician_credit=["data_providers_as_authors"]))
    assert severity(gift, "T13") == "high" and severity(gift, "T14") == "medium"
    # clinicians merged into the hospital: recognition depends on the hospital
    merged = TermSheet(partners=["Hospital", "AI company"], shares={"Hospital": 50, "AI company": 50})
    f = check(merged)
    assert severity(f, "T08") == "medium" and "not a separate partner" in f.set_index("id").at["T08", "message"]
    # no hospital side at all gets 0%
    nothing = g.with_changes(shares={"Clinicians": 0, "Hospital": 0, "Research institution": 50, "AI company": 50})
    assert severity(check(nothing), "T07") == "high"


def test_check_rejects_non_term_sheets():
    with pytest.raises(ValueError, match="expects a TermSheet"):
        check({"title": "x"})


# ---- summary HTML and saving ---------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.headings, self._in_h, self.tags = [], [], False, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "action", "data", "poster") and v:
                self.urls.append(v)
        if re.fullmatch(r"h[1-6]", tag):
            self._in_h = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._in_h = False

    def handle_data(self, data):
        if self._in_h:
            self.headings[-1] += data


@pytest.mark.parametrize("ts", [good(), bad(), TermSheet(title="A <b>bold</b> & risky title")])
def test_summary_has_title_every_section_and_no_external_resources(ts):
    page = summary_html(ts)
    assert page.startswith("<!DOCTYPE html>")
    parser = _Tags()
    parser.feed(page)
    assert parser.headings[0] == ts.title  # escaped in the markup, intact as text
    assert parser.headings[1:] == list(SECTIONS)
    assert "<b>bold</b>" not in page
    assert not parser.urls, parser.urls  # no src/href at all, so nothing from another host
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert "<style>" in page and "@media print" in page
    assert "script" not in parser.tags
    assert 'lang="en"' in page


def test_summary_lists_findings_and_their_sources():
    f = check(bad())
    page = summary_html(bad(), f)
    for r in f[f["severity"].isin(["high", "medium"])].itertuples():
        assert r.id in page
    for key in {k for s in f.loc[f["severity"] != "ok", "source"] for k in s.split(";")}:
        assert key in page
    assert "Illustrative scenario" in page
    good_page = summary_html(good())
    assert "Nothing to fix" in good_page and "27 checks passed" in good_page


def test_summary_fragment_for_notebooks():
    frag = summary_html(good(), standalone=False, level=3)
    assert "<html" not in frag and '<h3 class="ts-title">' in frag
    with pytest.raises(ValueError, match="expects a TermSheet"):
        summary_html("not a term sheet")
    with pytest.raises(ValueError, match="table returned by check"):
        summary_html(good(), findings=pd.DataFrame({"x": [1]}))


def test_save_writes_a_file(tmp_path):
    out = save_summary(bad(), tmp_path / "draft.html")
    assert out.exists() and out.read_text(encoding="utf-8") == summary_html(bad())
    out2 = save_summary(good(), str(tmp_path / "revised.HTML"))
    assert out2.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "name, message",
    [("draft.pdf", "ending in .html"), ("", "file name ending in .html"), ("missing/dir/x.html", "does not exist")],
)
def test_save_rejects_bad_paths(tmp_path, name, message):
    path = tmp_path / name if name else ""
    with pytest.raises(ValueError, match=re.escape(message)):
        save_summary(good(), path)


def test_repr_and_html_views_are_deterministic():
    ts = good()
    assert (
        repr(ts)
        == "TermSheet('Lung-nodule triage tool', partners=['Clinicians', 'Hospital', 'Research institution', 'AI company'])"
    )
    bundle = ts._repr_mimebundle_()
    assert "Secure data environment" in bundle["text/html"]
    assert T.show_findings(check(ts))._repr_mimebundle_() == T.show_findings(check(ts))._repr_mimebundle_()
    frame = ts.to_frame()
    assert list(frame.columns) == ["section", "item", "value"]
    assert list(dict.fromkeys(frame["section"])) == list(SECTIONS[:-2])


def test_examples_and_poll_choices():
    with pytest.raises(ValueError, match="choose 'first draft' or 'revised'"):
        example_term_sheet("final")
    c = poll_choices(good())
    assert c["Which sharing rule would you propose?"] == "Shapley value"
    assert c["Share for the clinicians (%)"] == pytest.approx(33.1)
    assert c["How partners reach the data"].startswith("Secure data environment")
    assert c["Joint steering committee"] is True
    assert "Share for the clinicians (%)" not in poll_choices(TermSheet(partners=["Hospital", "AI company"]))
    with pytest.raises(ValueError):
        poll_choices("x")


def test_poll_export_round_trip(tmp_path):
    from aicollab.poll import collect

    path = T.export_for_poll(good(), path=tmp_path)
    assert path.exists()
    result = collect(tmp_path)
    answers = dict(zip(result.capstone["question"], result.capstone["answer"]))
    assert answers["Which sharing rule would you propose?"] == "Shapley value"
    assert answers["Share for the clinicians (%)"] == "33.1"
    assert result.rejected.empty


# ---- the JupyterLab form -----------------------------------------------------------------


def test_form_checks_keeps_bad_input_and_saves(tmp_path):
    form = T.TermSheetForm(good(), folder=tmp_path)
    assert repr(form) == "Term-sheet form: 'Lung-nodule triage tool' (4 partners)"
    assert form._on_check() is True
    assert form.findings is not None and "0 high" in form.message.value
    # bad input: shares no longer add up -> plain message, draft and last good state kept
    form._share_sliders["Clinicians"].value = 90.0
    assert "must add up to 100" in form.share_total.value
    assert form._on_check() is False
    assert "Check this" in form.message.value and "add up to" in form.message.value
    assert form._share_sliders["Clinicians"].value == 90.0
    assert form.term_sheet == good()
    assert form._on_save() is None and not list(tmp_path.iterdir())
    # fix it and save
    form._share_sliders["Clinicians"].value = 33.1
    path = form._on_save()
    assert path == tmp_path / "term-sheet-lung-nodule-triage-tool.html" and path.exists()
    assert "Saved term-sheet-lung-nodule-triage-tool.html" in form.message.value
    # an empty title is refused, the typed text stays
    form.title.value = "  "
    assert form._on_check() is False and "title must not be empty" in form.message.value.lower()


def test_form_partner_changes_rebuild_sliders(tmp_path):
    form = T.TermSheetForm(folder=tmp_path)
    form.partners_text.value = "Radiologists, Trust"
    assert form._on_check() is False and "Use these partners" in form.message.value
    form._on_partners()
    assert list(form._share_sliders) == ["Radiologists", "Trust"]
    form._share_sliders["Radiologists"].value = 40
    form._share_sliders["Trust"].value = 60
    assert form._on_check() is True
    assert form.term_sheet.partners == {"Radiologists": "clinicians", "Trust": "hospital"}
    assert form.answers()["Share for the clinicians (%)"] == 40
    # the room-poll button saves the current draft's answers next to the notebook
    button = form.poll_box.children[0]
    button.click()
    assert "Saved." in form.poll_box.children[1].value
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_compare_drafts_lists_only_changes():
    diff = T.compare_drafts(bad(), good())
    assert list(diff.columns) == ["id", "area", "before", "after"]
    assert diff["after"].isin(["ok", "n/a"]).all() and (diff["before"] != "ok").all()
    assert diff["before"].iloc[0] == "high"
    assert {"T04", "T05", "T08"} <= set(diff["id"])
    assert T.compare_drafts(good(), good()).empty
    with pytest.raises(ValueError, match="two TermSheets"):
        T.compare_drafts(good(), "x")


# ---- the JSON draft format and the kernel-free form's data --------------------------------


def test_draft_format_round_trips_and_reads_what_the_form_writes(tmp_path):
    for ts in (good(), bad(), TermSheet()):
        assert TermSheet.from_dict(ts.to_dict()) == ts
        path = T.save_draft(ts, tmp_path / "d.json")
        assert T.load_draft(path) == ts
    # roles may be left out (guessed from the name) and shares too (equal split)
    ts = TermSheet.from_dict({"title": "T", "partners": [{"name": "Radiologists"}, {"name": "Acme Ltd"}]})
    assert dict(ts.partners) == {"Radiologists": "clinicians", "Acme Ltd": "company"}
    assert dict(ts.shares) == {"Radiologists": 50.0, "Acme Ltd": 50.0}


@pytest.mark.parametrize(
    "draft, message",
    [
        ([1, 2], "must be a JSON object"),
        ({"kit": "aicollab-room-poll"}, "not a term-sheet draft of this kit"),
        ({"version": 2}, "format version 2; this kit reads version 1"),
        ({"colour": "red"}, 'unknown term-sheet field "colour"'),
        ({"partners": "A, B"}, '"partners" must be a list'),
        ({"partners": [{"name": "A"}, "B"]}, "partner 2 must be an object"),
        ({"partners": [{"name": "A", "age": 3}, {"name": "B"}]}, 'unknown field "age" for partner 1'),
        ({"partners": [{"name": "A"}, {"name": " a "}]}, 'partner "a" is listed twice'),
        ({"partners": [{"name": "A", "share": "50"}, {"name": "B", "share": 50}]}, 'share of "A" must be a number'),
        ({"partners": [{"name": "A", "share": 50}, {"name": "B"}]}, 'no share given for "B"'),
        ({"partners": [{"name": "A", "share": -2.5}, {"name": "B", "share": 102.5}]}, "is negative (-2.5%)"),
        ({"partners": [{"name": "A", "credit_roles": 3}, {"name": "B"}]}, 'CRediT roles of "A" must be a list'),
    ],
)
def test_bad_drafts_get_plain_messages(draft, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        TermSheet.from_dict(draft)


def test_load_draft_explains_missing_and_broken_files(tmp_path):
    with pytest.raises(ValueError, match="there is no file"):
        T.load_draft(tmp_path / "nope.json")
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="b.json is not a term-sheet draft: it is not JSON"):
        T.load_draft(tmp_path / "b.json")
    (tmp_path / "s.json").write_text('{"partners": [{"name": "A", "share": 10}, {"name": "B", "share": 10}]}')
    with pytest.raises(ValueError, match="s.json could not be opened: the shares add up to 20.0%"):
        T.load_draft(tmp_path / "s.json")
    with pytest.raises(ValueError, match="ending in .json"):
        T.save_draft(good(), tmp_path / "d.txt")


def test_form_config_is_the_single_source_of_the_forms_words():
    from importlib import resources

    cfg = T.form_config()
    # The script gets the rules as JSON: compare what it receives with the file itself.
    sent = json.loads(json.dumps(cfg))
    on_disk = json.loads(resources.files("aicollab.termsheet").joinpath("rulebook.json").read_text(encoding="utf-8"))
    for doc in ("about", "language", "numbers"):  # what documents the file for people stays at home
        del on_disk[doc]
    del on_disk["text"]["about"], on_disk["file"]["about"]
    assert sent["rulebook"] == on_disk
    assert sent["inputs"]["formats"]["draft"]["max_bytes"] == 262144  # the shared input rules, whole
    assert {c["id"]: c["messages"] for c in sent["rulebook"]["checks"]} == T.MESSAGES
    assert sent["tables"]["rule_names"]["shapley"] == "Shapley value"
    assert sent["menus"]["value_rules"] == [[k, v] for k, v in T.VALUE_RULES.items()]
    assert [k for k, _ in cfg["menus"]["data_access"]] == list(T.DATA_ACCESS)
    assert cfg["start"] == bad().to_dict() and cfg["blank"]["title"] == "My partnership"
    assert cfg["flag_fields"] == list(T.FLAG_LABELS)
    # nothing the rulebook holds is sent a second time beside it
    assert not {"messages", "checks", "severities", "sources", "share_tolerance", "max_partners"} & set(sent)


def test_static_form_output_is_deterministic_and_offline():
    a, b = T.static_form(), T.static_form()
    assert a.markup == b.markup
    assert "aicollab-tsform-config" in a.markup and 'data-aicollab-tool="termsheet"' in a.markup
    assert not re.search(r"(src|href)=[\"']https?://", a.markup)
    assert "</script" not in a.markup.split('class="aicollab-tsform-config">', 1)[1].split("</script>", 1)[0]
    assert repr(a) == "Term-sheet form (runs in the browser), starting from 'Lung-nodule triage tool'"
    with pytest.raises(ValueError, match="expects a TermSheet"):
        T.form_config("my draft")


def test_form_keeps_explicit_roles_and_saves_a_draft_the_book_can_open(tmp_path):
    start = TermSheet.from_dict(
        {
            "title": "Imaging",
            "partners": [
                {"name": "Radiology department", "role": "hospital", "share": 60},
                {"name": "Acme", "role": "company", "share": 40},
            ],
        }
    )
    form = T.TermSheetForm(start, folder=tmp_path)
    assert form._on_check() is True
    assert form.term_sheet.partners == {"Radiology department": "hospital", "Acme": "company"}  # not re-guessed
    path = form._on_save_draft()
    assert path == tmp_path / "term-sheet-draft-imaging.json"
    assert T.load_draft(path) == form.term_sheet
    assert "load_draft(&#x27;term-sheet-draft-imaging.json&#x27;)" in form.message.value
    form.title.value = ""
    assert form._on_save_draft() is None and "title must not be empty" in form.message.value.lower()
