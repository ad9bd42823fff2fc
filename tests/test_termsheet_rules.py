"""The term sheet's rulebook (rulebook.json), its interpreter and the draft's input boundary (Python side).

The browser's interpreter is compared with this one in tests/test_termsheet_browser.py.
"""

from __future__ import annotations

import copy
import json
import math
import re
import sys
from pathlib import Path

import pytest

from aicollab import inputs
from aicollab import termsheet as T
from aicollab.termsheet import boundary, rulebook
from aicollab.termsheet.rulebook import RULEBOOK

sys.path.insert(0, str(Path(__file__).parent))
from termsheet_cases import hostile_files, random_hostile_files  # noqa: E402

# ---- the file itself -----------------------------------------------------------------------------


def test_the_rulebook_is_sound_and_its_checker_finds_broken_copies():
    assert rulebook.problems() == []
    broken = copy.deepcopy(RULEBOOK)
    t06 = next(c for c in broken["checks"] if c["id"] == "T06")
    t06["cases"][1]["fill"] = {}  # "some" needs {missing}
    t06["cases"].append({"if": True, "severity": "ok", "message": "ok"})  # the last case must be unconditional
    broken["checks"][0]["sources"].append("nobody2099")
    broken["checks"][1]["cases"][0]["if"] = {"greater": [1, 0]}
    broken["checks"][2]["cases"][0]["message"] = "nothing"
    broken["checks"][3]["messages"]["spare"] = "Never said."
    broken["checks"][4]["cases"][0]["if"] = {"let": "nobody"}
    found = "\n".join(rulebook.problems(broken))
    for expected in (
        "T06: message 'some' needs {missing}",
        "T06: the last case must have no 'if'",
        "T01: source 'nobody2099'",
        "unknown operation 'greater'",
        "T03: no message 'nothing'",
        "T04: message 'spare' is never used",
        "no let named 'nobody'",
    ):
        assert expected in found, (expected, found)


def test_the_language_table_documents_exactly_the_interpreters_operations():
    assert set(RULEBOOK["language"]) == set(rulebook.OPS) | {"literal"}


def test_the_text_rules_name_classes_of_the_shared_input_rules():
    """The draft's text rules name character classes of aicollab/inputs/rules.json (the one
    place for them); a class that does not exist there would fail the import of the package."""
    known = set(inputs.rules()["characters"])
    for part in ("collapse", "refuse", "allow", "ignore_when_comparing"):
        assert RULEBOOK["text"][part] and set(RULEBOOK["text"][part]) <= known, part


def test_messages_and_sources_come_from_the_rulebook():
    assert T.MESSAGES == {c["id"]: c["messages"] for c in RULEBOOK["checks"]}
    assert list(T.CHECKS) == [f"T{i:02d}" for i in range(1, 28)]
    assert list(T.SEVERITIES) == ["high", "medium", "low", "ok"]
    used = {s for c in RULEBOOK["checks"] for s in c["sources"]}
    assert used == set(T.SOURCES)  # every source is cited, and only those are listed


# ---- what the checks say (issue 12's trust review, F1 and F17) -----------------------------------


def test_no_check_rests_on_the_preprints_machine_summary():
    """T17 no longer credits "co-governance" to the survey's authors: the phrase exists only in a
    third-party AI summary of the preprint, which the kit does not follow (register D04)."""
    text = json.dumps(RULEBOOK)
    assert "ye2025preprint" not in text and "co-governance" not in text
    assert "ye2025preprint" not in (T.__doc__ or "")
    assert T.CHECKS["T17"] == ("Governance", "upd2020fairness;grootjans2025cocreate")
    assert "survey" not in T.MESSAGES["T17"]["fail"]


def test_t19_gives_grootjans_dimensions_without_the_kits_glosses():
    """T19 names the paper's three dimensions and no longer presents the kit's own readings of
    them ("what each commits, how each adapts, ...") as the authors' description."""
    fail = T.MESSAGES["T19"]["fail"]
    assert "resourcing, adaptation and reconfiguration" in fail
    assert "what each commits" not in fail and "how each adapts" not in fail


def test_t22_says_the_survey_asked_one_question_about_both_safeguards():
    fail = T.MESSAGES["T22"]["fail"]
    assert "74%" in fail and "de-identifying" in fail and "one question" in fail
    assert "confidentiality agreements alone" in fail  # the 74% is not a figure for confidentiality alone


def test_t09_asks_who_agreed_the_rules_inputs():
    assert "who agreed the inputs" in T.MESSAGES["T09"]["ok"]


# ---- numbers ----------------------------------------------------------------------------------


def test_sum_adds_from_the_left_as_a_javascript_loop_does():
    values = [0.1, 0.2, 0.3]
    assert rulebook.add_left_to_right(values) == (0.1 + 0.2) + 0.3 == 0.6000000000000001
    assert rulebook.add_left_to_right(values) != math.fsum(values)  # what a compensated sum() gives
    assert rulebook.add_left_to_right([10.27, 25.14, 3.54]) != rulebook.add_left_to_right([3.54, 25.14, 10.27])


@pytest.mark.parametrize(
    "x, text",
    [(0.25, "0.3"), (12.25, "12.3"), (0.15, "0.1"), (-0.0, "0.0"), (-0.25, "-0.3"), (33.1, "33.1"), (99.95, "100.0")],
)
def test_one_decimal_rounds_the_exact_value_half_away_from_zero(x, text):
    assert rulebook.one_decimal(x) == text


@pytest.mark.parametrize(
    "x, text",
    [
        (0, "0"),
        (-0.0, "0"),
        (2.5, "2.5"),
        (36.0, "36"),
        (1e-6, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (1e15, "1000000000000000"),
        (12345678901234567890, "12345678901234567000"),
        (1e21, "1e+21"),
        (float("nan"), "NaN"),
    ],
)
def test_numbers_in_messages_are_written_as_the_browser_writes_them(x, text):
    assert inputs.number_text(x) == text
    assert rulebook.one_decimal(x) == text if abs(x) >= 1e21 else True


# ---- text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("Clini\x00cians", "an invisible character (U+0000 at position 6)"),
        ("A\u200b", "an invisible character (U+200B at position 2)"),
        ("\u202eynapmoc IA", "an invisible character (U+202E at position 1)"),
        ("\u3164", "an invisible character (U+3164 at position 1)"),
        ("Lung \ud800", "a broken character (U+D800 at position 6)"),
        ("x" * 101, "too long (101 characters; at most 100)"),
    ],
)
def test_names_with_invisible_broken_or_too_many_characters_are_refused(value, message):
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        T.TermSheet(title="t", partners=[value, "Hospital"])
    assert str(info.value).startswith("the name of partner 1: ")


@pytest.mark.parametrize(
    "names", [["Clinicians", "CLINICIANS"], ["Caf\u00e9", "Cafe\u0301"], ["A", "A\u200d"], ["Straße", "STRASSE"]]
)
def test_look_alike_names_are_one_partner(names):
    with pytest.raises(ValueError, match="is listed twice"):
        T.TermSheet(title="t", partners=names)


def test_text_is_normalised_and_quoted_visibly():
    ts = T.TermSheet(title="  Cafe\u0301\u2028 triage ", partners=["Cafe\u0301 team", "Hospital"])
    assert ts.title == "Caf\u00e9 triage" and list(ts.partners)[0] == "Caf\u00e9 team"
    assert boundary.key("ＣＬＩＮＩ\u00adCIANS ") == boundary.key("clinicians")


def test_the_jupyterlab_form_ends_a_bracketed_message_with_a_full_stop():
    """Issue 17, 14d: the JupyterLab form words a mistake as the browser form does: a ")" at the
    end of the model's message is followed by a full stop."""
    form = T.TermSheetForm(T.example_term_sheet("first draft"))
    next(iter(form._share_sliders.values())).value = 30.0
    form.check_button.click()
    text = re.sub(r"<[^>]+>", "", form.message.value)
    assert re.search(r"\(within ±0\.5\)\. Your draft is kept", text), text


# ---- files ---------------------------------------------------------------------------------------


def _good_bytes(encoding: str = "utf-8") -> bytes:
    return json.dumps(T.example_term_sheet("revised").to_dict(), ensure_ascii=False).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_or_without_a_bom_and_utf16_with_one_open(tmp_path, encoding):
    path = tmp_path / "d.json"
    path.write_bytes(_good_bytes(encoding))
    assert T.load_draft(path) == T.example_term_sheet("revised")


@pytest.mark.parametrize(
    "data, problem",
    [
        ("[" * 100_000 + "]" * 100_000, "it is nested more than 6 levels deep (line 1, column 7)"),
        ('{"title":' * 5000 + "1" + "}" * 5000, "it is nested more than 6 levels deep"),
        ('{"review_every_months": ' + "9" * 5000 + "}", "the number at line 1, column 25 has 5000 digits (at most 20)"),
        ('{"review_every_months": -1e400}', "is too large for a term sheet (more than 1000000000000000 either way)"),
        ('{"title": "Agreed", "title": "Other"}', 'the key "title" is given twice (line 1, column 21)'),
        ('{"partners": [{"name": "A", "share": NaN}]}', "it is not JSON (line 1, column 38)"),
        ("", "it is empty"),
        ("\ufeff\ufeff{}", "it is not JSON (line 1, column 1)"),
    ],
)
def test_hostile_json_is_refused_plainly_and_names_the_file(tmp_path, data, problem):
    path = tmp_path / "hostile.json"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        T.load_draft(path)
    message = str(info.value)
    assert message.startswith("the file hostile.json is not a term-sheet draft: ") and problem in message
    assert "4300" not in message and len(message) <= 400
    assert isinstance(info.value, inputs.InputError)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(2**30)  # a 1 GB sparse file: reading it would take long
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(ValueError, match=r"huge\.json is not a term-sheet draft: it is too big \(1048576 KB"):
        T.load_draft(path)


def test_every_hostile_file_is_opened_or_refused_in_plain_words():
    """No traceback, no raw Python error, no endless message: each hostile file opens, or its
    refusal is one of the kit's InputErrors that names the file in at most 400 characters."""
    for name, data in hostile_files() + random_hostile_files(150, seed=5):
        try:
            ts = T.read_draft(data, name)
        except inputs.InputError as exc:
            message = str(exc)
            assert name in message and len(message) <= 400, (name, message[:200])
            assert not re.search(r"Traceback|codec|Expecting|Exceeds the limit|object at 0x", message), message
        else:
            T.summary_html(ts)  # what opens can be shown and saved
            json.dumps(ts.to_dict(), ensure_ascii=False).encode("utf-8")
