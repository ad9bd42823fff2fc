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

from aicollab.data import side_by_side, survey_section, with_intervals
from aicollab.display.charts import percent_bars
from aicollab.feedback.checks import EXERCISES, Feedback, check, feedback

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
JOURNEYS = pd.DataFrame(
    {"resourcing": [3, 2, 1], "adaptation": [3, 1, 2], "reconfiguration": [2, 1, 2]},
    index=pd.Index(["Journey A", "Journey B", "Journey C"], name="journey"),
)
LONG = JOURNEYS.reset_index().melt(id_vars="journey", var_name="dimension", value_name="score")
GATE = "Clinical needs and issues"

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
    "5.4": "Commit protected time and data (resourcing), adapt the tool to our workflow, reconfigure roles and scope with a steering group, and review agreed milestones every month.",
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
    "2.4": (10, 6, "10", "`.idxmax()`"),
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
    "5.2": ("Journey B", "Journey A", 4, "Journey A totals 8"),
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
        assert "model answer" in fb.message and "You cover every key point" in fb.message
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
    assert "`.idxmax()` instead of `.max()`" in feedback("2.4", 6).message
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
    assert "You could also consider:" in fb.message
    assert "model answer" in fb.message


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
