"""Every self-check: a correct answer, a wrong one, an unanswered one and one of the wrong
kind each get the right status and a specific message, and nothing ever raises.

The correct answers below are typed from the paper and the kit's worked examples, so these
tests also cross-check the data files and the engine the checks compute from.
"""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd
import pytest

from aicollab.data import load_discrepancies, side_by_side, survey_section, with_intervals
from aicollab.display.charts import percent_bars
from aicollab.feedback.answers import _KEYWORD_LIMIT, _keyword_found
from aicollab.feedback.checks import EXERCISES, Feedback, check, feedback
from aicollab.lessons.cocreation import journeys

PLAYERS = ["Hospital data", "Algorithm", "Clinical validation"]
_D, _A, _V = PLAYERS
GAME = {
    frozenset(): 0,
    frozenset({_D}): 0,
    frozenset({_A}): 0,
    frozenset({_V}): 0,
    frozenset({_D, _A}): 40,
    frozenset({_D, _V}): 10,
    frozenset({_A, _V}): 20,
    frozenset({_D, _A, _V}): 100,
}
STORY = {"total": 100, "hospital_alone": 10, "company_alone": 20}
#: The lesson's invented journeys, as exercise 5.2 builds them (one definition for lesson and exercises).
JOURNEYS = journeys().set_index("journey")[["resourcing", "adaptation", "reconfiguration"]]
LONG = JOURNEYS.reset_index().melt(id_vars="journey", var_name="dimension", value_name="score")
GATE = "Clinical needs and issues"
#: How many register entries the most-flagged table has (a learner who types `.max()` gets this).
TOP_TABLE_ENTRIES = int(load_discrepancies()["table"].value_counts().max())

#: Context each check needs (the notebook passes the same keyword arguments).
CONTEXT = {
    "4.2": {"players": PLAYERS, "v": GAME},
    "4.3": {"story": STORY},
    "5.2": {"journeys": JOURNEYS},
    "5.3": {"journeys": JOURNEYS},
    "6.1": {"gate": GATE},
}


def _problems_chart(**kw):
    problems = survey_section(3, "perceived_problems")
    return percent_bars(
        with_intervals(problems),
        title="Problems clinicians see",
        description="Five bars for the problems clinicians named in Table 3.",
        **kw,
    )


def _pairs_chart(colour="group"):
    pairs = side_by_side("problems")
    return percent_bars(
        with_intervals(pairs),
        label="pair_label",
        colour=colour,
        title="Barriers by group",
        description="Paired bars for clinicians and researchers by barrier.",
    )


def _heatmap(**props):
    base = alt.Chart(LONG).mark_rect().encode(x="dimension:N", y="journey:N", color="score:Q")
    defaults = {"title": "Journeys", "description": "Heat map of illustrative scores for three journeys."}
    defaults.update(props)
    return base.properties(**{k: v for k, v in defaults.items() if v is not None})


GOOD_REFLECTIONS = {
    "0.4": "I am a radiologist, so I sit with the clinicians. I could bring labelled images and clinical questions, and I would want authorship and training in return.",
    "1.4": "Patients are missing: they would bring their priorities and say what use of their data they trust, and ask who is responsible for a mistake. I would give them a seat on the project board.",
    "3.4": "The lists differ: researchers chose from eleven options and clinicians from five. Only 120 researchers answered, so their intervals are wide, and they are different people whose wording and jobs differ.",
    "4.4": "If the hospital negotiates as one party, clinicians may get nothing, which is the recognition theme of Alami et al. I would write an agreement at the start that credits them with authorship and a share.",
    "5.4": "Journey B adapts well but lacks resourcing: I would ask for protected time and a budget, sign a data agreement, reconfigure roles and scope with a steering group, and review agreed milestones every month.",
    "6.4": "Clinicians contribute labelled data and the company funds engineering. Value is shared by a Shapley split paid as a fee plus royalty. ICMJE criteria decide authorship. IP ownership is agreed at the start with a licence back. Data are de-identified and patients' privacy protected. We review at each milestone and may reconfigure.",
}

# exercise id -> (correct answer, wrong answer, wrong-kind answer, words the wrong-answer message must contain)
CASES = {
    "0.1": (5142, 5262, "5142", "everyone who took part"),
    "0.2": (120 / 5262 * 100, 120 / 5142 * 100, "2.28%", "divided by the number of clinicians"),
    "0.3": (10, 161, "ten", "number of rows"),
    "0.4": (GOOD_REFLECTIONS["0.4"], "Clinician.", 42, "Write two or three sentences"),
    "1.1": (5, 40, "five", "number of people interviewed"),
    "1.2": ("Healthcare industry partners", "Healthcare professionals", 3, "legal obstacles"),
    "1.3": ("Image data sharing", "AI Product feedback", 89, "52%"),
    "1.4": (GOOD_REFLECTIONS["1.4"], "Patients.", {"answer": "patients"}, "Write two or three sentences"),
    "2.1": (357, 100, "357", "single-choice"),
    "2.2": ((1.69, 9.16), (63.69, 66.29), 4, "does not match"),
    "2.3": (
        _problems_chart(),
        _problems_chart(low=None, high=None),
        survey_section(3, "perceived_problems"),
        "whiskers",
    ),
    "2.4": (10, TOP_TABLE_ENTRIES, "10", "`.idxmax()`"),
    "3.1": (3805.08, 74, "3805", "percentage"),
    "3.2": ("No industry standards", "Knowledge gap", 61, "differs by 41 points"),
    "3.3": (_pairs_chart(), _pairs_chart(colour=None), "chart", "not coloured by group"),
    "3.4": (GOOD_REFLECTIONS["3.4"], "Be careful.", 3, "Write two or three sentences"),
    "4.1": (89 / 357 * 100, 89, "24.9", "share of clinicians who named"),
    "4.2": (
        pd.Series({_D: 35.0, _A: 40.0, _V: 25.0}),
        pd.Series({_D: 100 / 3, _A: 100 / 3, _V: 100 / 3}),
        35,
        "equal split",
    ),
    "4.3": (45, 55, "45", "company's share"),
    "4.4": (GOOD_REFLECTIONS["4.4"], "They lose.", True, "Write two or three sentences"),
    "5.1": ("Reconfiguration", "Resourcing", 3, "roles, goals, scope or governance"),
    "5.2": ("Journey B", "Journey A", 4, "Journey A is rated 4 on resourcing"),
    "5.3": (_heatmap(), _heatmap(description=None), LONG, "description"),
    "5.4": (GOOD_REFLECTIONS["5.4"], "More meetings.", 5, "Write two or three sentences"),
    "6.1": (250.4, 165.3, "250", "unchanged partnership"),
    "6.2": (3.3068, 0.033068, "3.3%", "fraction of 1"),
    "6.3": (
        {"Clinicians": 165, "Hospital": 96, "Research institution": 102, "AI company": 137},
        {"Clinicians": 300, "Hospital": 50, "Research institution": 50, "AI company": 100},
        [165, 96, 102, 137],
        "would walk away",
    ),
    "6.4": (GOOD_REFLECTIONS["6.4"], "Share fairly.", 500, "Write two or three sentences"),
}

REFLECTIVE = {eid for eid, ex in EXERCISES.items() if ex.var == "reflection"}


def test_every_exercise_has_cases():
    assert sorted(CASES) == sorted(EXERCISES)
    assert len(EXERCISES) >= 21


@pytest.mark.parametrize("eid", sorted(CASES))
def test_correct_answer(eid):
    fb = feedback(eid, CASES[eid][0], **CONTEXT.get(eid, {}))
    if eid in REFLECTIVE:
        assert fb.status == "reflection", fb.text
        assert "model answer" in fb.message and _KEYWORD_LIMIT in fb.message
    else:
        assert fb.status == "correct", fb.text
        assert fb.text.startswith(f"Exercise {eid}. Correct! ")


@pytest.mark.parametrize("eid", sorted(CASES))
def test_wrong_answer_gets_specific_help(eid):
    _, wrong, _, words = CASES[eid]
    fb = feedback(eid, wrong, **CONTEXT.get(eid, {}))
    assert fb.status == ("short" if eid in REFLECTIVE else "incorrect"), fb.text
    assert words in fb.message, fb.text


@pytest.mark.parametrize("eid", sorted(CASES))
@pytest.mark.parametrize("blank", [..., None, "", "   "], ids=["ellipsis", "none", "empty", "spaces"])
def test_unanswered(eid, blank):
    fb = feedback(eid, blank, **CONTEXT.get(eid, {}))
    assert fb.status == "unanswered"
    assert fb.text.startswith(f"Exercise {eid}. Not answered yet: ")
    assert f"`{EXERCISES[eid].var} =`" in fb.message


@pytest.mark.parametrize("eid", sorted(CASES))
def test_wrong_kind_of_answer_gets_a_plain_message(eid):
    fb = feedback(eid, CASES[eid][2], **CONTEXT.get(eid, {}))
    assert fb.status == "wrong_type", fb.text
    assert "Traceback" not in fb.text and "Error" not in fb.text


def test_specific_wrong_type_messages():
    assert "remove the quotes" in feedback("0.1", "5142").message
    assert "thousands comma" in feedback("0.1", (5, 142)).message
    assert "yes/no" in feedback("0.1", True).message
    assert "expects text" in feedback("1.2", 3).message
    assert "without quotes" in feedback("2.4", "Table 10").message
    assert "not a chart" in feedback("2.3", survey_section(3, "perceived_problems")).message
    assert "one number" in feedback("3.1", [1, 2, 3]).message


def test_one_element_series_counts_as_a_number():
    offered = survey_section(2, "resources_offered")
    assert feedback("2.1", offered[["percent"]].sum()).correct


def test_near_misses_are_recognised():
    assert "clinicians only" in feedback("0.1", 5262).message
    assert "research institution professionals" in feedback("0.1", 120).message
    assert "questionnaires were sent out" in feedback("0.1", 5148).message
    assert "fraction of 1" in feedback("0.2", 120 / 5262).message
    assert "columns" in feedback("0.3", 18).message
    assert "swapped" in feedback("2.2", (9.16, 1.69)).message
    assert "fractions" in feedback("2.2", (0.017, 0.092)).message
    assert "`.idxmax()` instead of `.max()`" in feedback("2.4", TOP_TABLE_ENTRIES).message
    assert "did not divide by 100" in feedback("3.1", 5142 * 74).message
    assert "equal split" in feedback("4.3", 50, story=STORY).message
    from aicollab.model import allocate
    from aicollab.model.scenarios import default_partnership

    gated = default_partnership().with_changes(essential=default_partnership().essential | {GATE})
    assert (
        "proportional rule" in feedback("6.1", float(allocate(gated, "proportional")["Clinicians"]), gate=GATE).message
    )
    assert (
        "percentage of the total"
        in feedback("6.1", float(allocate(gated, "shapley")["Clinicians"]) / 5, gate=GATE).message
    )
    assert (
        "hands out"
        in feedback("6.3", {"Clinicians": 1, "Hospital": 1, "Research institution": 1, "AI company": 1}).message
    )
    assert "not one of the partners" in feedback("6.3", {"Doctors": 500}).message
    assert "no amount for" in feedback("6.3", {"Clinicians": 500}).message
    assert "pounds" in feedback("6.2", 3.3068 / 1000).message


def test_reflection_hints_name_the_missing_key_points():
    fb = feedback("0.4", "I would like to learn more about this topic and how it could help my patients a lot.")
    assert fb.status == "reflection"
    assert "It uses no words linked to: " in fb.message
    assert "A model answer makes these points: " in fb.message


#: Vague answers that contain many of the keywords (issue 12): a keyword check must not call them complete.
VAGUE = {
    "0.4": "I think the hospital and the research people could share data and time, and we would all learn something.",
    "1.4": "Patients and the public matter, and their view and trust and safety should be part of it; involve them and "
    "let them consult on responsibility.",
    "3.4": "There are options and a question, the sample is small and the wording is different, so the experience of "
    "roles may vary, as printed.",
    "4.4": "Close the deal before anyone loses interest and agree terms with credit; start with this, zero doubt.",
    "5.4": "We should take some time to see if it fits, maybe adapt, meet and check the role of everyone later on "
    "when it is all clearer.",
    "6.4": "Everyone contributes data and we agree a fee and royalty and a discount, credit for the authors, our own "
    "licence, patient privacy protected, and we review things at a milestone now and then when convenient, maybe.",
}


def _model_points(eid):
    """The model answer's points, taken from the check's reply to an empty-of-keywords answer."""
    fb = feedback(
        eid, "Lorem ipsum dolor sit amet, quas vim iriure nominavi, ius no homero sententiae persequeris " * 2
    )
    assert "uses none of the words" in fb.message, fb.message
    line = next(part for part in fb.message.split("\n") if part.startswith("A model answer makes these points: "))
    return line.removeprefix("A model answer makes these points: ").rstrip(".").split("; ")


@pytest.mark.parametrize("eid", sorted(VAGUE))
@pytest.mark.parametrize("kind", ["vague", "good"])
def test_reflective_feedback_never_claims_a_complete_answer(eid, kind):
    answer = VAGUE[eid] if kind == "vague" else GOOD_REFLECTIONS[eid]
    fb = feedback(eid, answer)
    assert fb.status == "reflection", fb.text
    message = fb.message.lower()
    assert "every key point" not in message and "complete" not in message and "you cover" not in message
    assert _KEYWORD_LIMIT in fb.message
    # every point of the model answer is listed, whatever the answer's words
    for point in _model_points(eid):
        assert point in fb.message, (point, fb.message)
    # the learner's words are reported as words, never as the model answer's claims
    assert "Your answer uses words linked to: " in fb.message


def test_every_reflective_exercise_is_covered_by_the_honesty_test():
    assert set(VAGUE) == REFLECTIVE


def test_keywords_match_at_the_start_of_a_word_only():
    assert _keyword_found("lose", "we might lose it") and not _keyword_found("lose", "close the deal")
    assert not _keyword_found("time", "sometimes") and not _keyword_found("own", "known")
    assert not _keyword_found("role", "control") and not _keyword_found("fit", "benefit")
    assert _keyword_found("recogni", "Recognition matters")


def test_checks_that_need_context_say_so():
    fb = feedback("4.2", pd.Series({_D: 35.0, _A: 40.0, _V: 25.0}))
    assert fb.status == "problem" and "players" in fb.message


def test_unknown_exercise_and_unexpected_values_never_raise():
    assert feedback("9.9", 1).status == "problem"
    assert feedback("Exercise 2.1", 357).correct
    weird = [object(), lambda: 1, float("nan"), float("inf"), pd.DataFrame({"a": range(50)}), {"a": 1}, [[1]], b"x"]
    for eid in EXERCISES:
        for value in weird:
            fb = feedback(eid, value, **CONTEXT.get(eid, {}))
            assert isinstance(fb, Feedback)
            assert fb.status in {"incorrect", "wrong_type", "problem", "short"}, (eid, value, fb.text)


def test_html_and_plain_text_carry_the_same_message():
    for eid, (good, wrong, kind, _) in CASES.items():
        for answer in (good, wrong, kind, ...):
            fb = feedback(eid, answer, **CONTEXT.get(eid, {}))
            bundle = fb._repr_mimebundle_()
            text = re.sub(r"<br>", "\n", bundle["text/html"])
            text = html.unescape(re.sub(r"<[^>]+>", "", text))
            plain = bundle["text/plain"].replace("`", "")
            assert text == plain, (eid, text, plain)
            assert 'role="status"' in bundle["text/html"]


def test_feedback_is_deterministic():
    for eid, (good, wrong, _, _) in CASES.items():
        ctx = CONTEXT.get(eid, {})
        assert feedback(eid, good, **ctx) == feedback(eid, good, **ctx)
        assert feedback(eid, wrong, **ctx).to_html() == feedback(eid, wrong, **ctx).to_html()


def test_check_prints_plain_text_outside_jupyter(capsys):
    assert check("2.1", 357) is None
    out = capsys.readouterr().out
    assert out.startswith("Exercise 2.1. Correct!")
    check("2.1")
    assert "Not answered yet" in capsys.readouterr().out


def test_check_displays_html_and_text_in_ipython():
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        with capture_output() as captured:
            shell.run_cell("from aicollab.feedback import check\ncheck('2.1', ...)")
        bundle = captured.outputs[0].data
        assert set(bundle) == {"text/html", "text/plain"}
        assert bundle["text/plain"].startswith("Exercise 2.1. Not answered yet:")
    finally:
        InteractiveShell.clear_instance()
