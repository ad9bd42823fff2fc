"""Honest timings (issue 12): every lesson's minutes follow the rule, and every agenda adds up.

The rule lives in aicollab.tools.timing and is stated in CONTRIBUTING.md; lesson metadata,
the overview lines, the instructor notes' timing lines and the agendas are generated from it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from aicollab.tools import timing as T

ROOT = Path(__file__).resolve().parents[1]


def _stored(lesson: Path) -> dict:
    return json.loads(lesson.read_text(encoding="utf-8"))["metadata"]["aicollab"]["timing"]


def test_everything_generated_from_the_rule_is_up_to_date_and_every_agenda_fits():
    problems = T.stale(ROOT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson, exercises", T.lesson_pairs(ROOT), ids=lambda p: getattr(p, "name", str(p)))
def test_each_lesson_metadata_matches_the_rule_and_its_overview_shows_it(lesson, exercises):
    meta = _stored(lesson)
    assert meta == T.measure(lesson, exercises).metadata()
    assert exercises is not None and meta["exercise_minutes"] > 0, "every lesson has timed exercises"
    first = "".join(json.loads(lesson.read_text(encoding="utf-8"))["cells"][0]["source"])
    shown = re.findall(r"^\*\*Time:\*\*.*$", first, re.MULTILINE)
    assert shown == [T.overview_line(meta)]
    # a lesson's teaching time is never below what its own instructor notes ask for
    for section in meta["sections"]:
        assert section["workshop_minutes"] >= section["note_minutes"], section
    assert meta["teaching_minutes"] >= meta["lesson_floor_minutes"]


def test_every_agenda_fits_its_length_from_the_stored_metadata():
    lessons = {lesson.name[:2]: _stored(lesson) for lesson, _ in T.lesson_pairs(ROOT)}
    plan = json.loads((ROOT / "book" / "facilitator" / "agenda_plan.json").read_text(encoding="utf-8"))
    agendas = T.plan_agendas(plan, lessons)
    assert set(agendas) == {"90", "half-day", "full-day"}
    for fmt, rows in agendas.values():
        kept = sum(r.minutes for r in rows if not r.optional)
        assert kept <= fmt["length"], (fmt["title"], kept)
        print(f"agenda {fmt['title']}: {kept} of {fmt['length']} minutes kept")


def _notebook(cells):
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text, **meta):
    return {"cell_type": "markdown", "id": "x", "metadata": meta, "source": text}


def _code(html=None, tags=()):
    outputs = [] if html is None else [{"output_type": "display_data", "data": {"text/html": html}, "metadata": {}}]
    return {"cell_type": "code", "id": "y", "metadata": {"tags": list(tags)}, "outputs": outputs, "source": ""}


def test_the_rule_on_a_small_lesson(tmp_path):
    words = " ".join(["word"] * 240)  # 2 minutes at 120 words per minute
    lesson = _notebook(
        [
            _md("# Title\n\n:::{admonition} Overview\n**Time:** whatever is here is not read\n:::"),
            _md(f"## A section\n\n{words}"),
            _code('<figure class="aicollab-chart">'),  # interactive: 2
            _code('<form class="aicollab-quiz">'),  # self-check: 1
            _code("<table></table>"),  # output: 0.5
            _code('<figure class="aicollab-chart">', tags=["remove-output"]),  # JupyterLab only: 0
            {**_md("## Sources and terms\n\n" + words * 5), "metadata": {"tags": ["remove-cell"]}},  # not in the book
            _md(":::{admonition} Discussion\n:class: note\nTalk.\n:::"),  # 1 word (+ 5 in a workshop)
            _md("## Noted section\n\n:::{admonition} Instructor note\nAbout 9 minutes. " + words + "\n:::"),
        ]
    )
    path = tmp_path / "07_small.ipynb"
    path.write_text(json.dumps(lesson))
    t = T.measure(path, None)
    intro, section, noted = t.sections
    assert intro.words == 1  # "Title" (the generated time line is not read)
    assert section.self_study == 6  # ceil(2 + 1/120 + 2 + 1 + 0.5 + 3/120)
    assert section.workshop == 11  # plus one discussion
    assert noted.words == 2 and noted.note_minutes == 9 and noted.workshop == 9 and noted.self_study == 1
    assert t.teaching_minutes == 25 and t.self_study_minutes == 10  # 1 + 11 + 9 = 21 -> 25; 1 + 6 + 1 = 8 -> 10


def test_a_whole_lesson_note_sets_a_floor(tmp_path):
    path = tmp_path / "07_small.ipynb"
    note = ":::{admonition} Instructor note\nAbout 45 minutes in all: group work.\n:::"
    path.write_text(json.dumps(_notebook([_md("# Title"), _md("## Work\n\n" + note)])))
    t = T.measure(path, None)
    assert t.lesson_floor == 45 and t.teaching_minutes == 45 and t.sections[1].note_minutes == 0


def test_exercise_minutes_by_declared_kind(tmp_path):
    lesson = tmp_path / "07_small.ipynb"
    lesson.write_text(json.dumps(_notebook([_md("# Title")])))
    ex = tmp_path / "07_small_exercises.ipynb"
    cells = [
        _md("# Exercises\n\n" + " ".join(["w"] * 118)),  # just under a minute to read, plus 2 to open
        _md("## Exercise 7.1: one\n\nType a value.", aicollab={"exercise_kind": "value"}),
        _md("```{solution-start} exercise-7-1\n```"),
        _md("Key points " + " ".join(["k"] * 500), tags=["solution"]),
        _md("```{solution-end}\n```"),
        _md("## Exercise 7.2: two\n\nWrite.", aicollab={"exercise_kind": "long_reflection"}),
    ]
    ex.write_text(json.dumps(_notebook(cells)))
    t = T.measure(lesson, ex)
    assert [(e.id, e.kind, e.minutes) for e in t.exercises] == [("7.1", "value", 4), ("7.2", "long_reflection", 11)]
    assert t.exercise_open_minutes == 3 and t.exercise_minutes == 20  # 3 + 4 + 11 = 18 -> 20
    cells[1]["metadata"] = {}
    ex.write_text(json.dumps(_notebook(cells)))
    with pytest.raises(ValueError, match="exercise 7.1 declares no known exercise_kind"):
        T.measure(lesson, ex)


def test_an_agenda_that_does_not_fit_fails(tmp_path):
    """Make the check fail on purpose: keep one more lesson section in the 90-minute agenda."""
    for part in ("notebooks", "solutions", "book/facilitator"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert T.stale(tmp_path) == []
    plan_path = tmp_path / "book" / "facilitator" / "agenda_plan.json"
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    short = next(f for f in plan["formats"] if f["id"] == "90")
    short["items"].insert(1, {"what": "Lesson 02 in full", "lesson": "02", "sections": "all"})
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    problems = T.stale(tmp_path)
    assert any("'90-minute session' keeps" in p and "lasts 90" in p for p in problems), problems
    # and a changed lesson makes its metadata stale until `aicollab timing update` runs
    lesson = tmp_path / "notebooks" / "02_reading_the_survey.ipynb"
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    nb["cells"].insert(2, _md("## A new section\n\n" + " ".join(["word"] * 600)))
    lesson.write_text(json.dumps(nb), encoding="utf-8")
    assert any("02_reading_the_survey.ipynb is out of date" in p for p in T.stale(tmp_path))


def test_contributing_states_the_rule_the_code_applies():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## How long a lesson takes") :]
    assert f"words ÷ {T.READING_WPM}" in section
    for kind, minutes in T.EXERCISE_MINUTES.items():
        assert f"| `{kind}` | {minutes:g} |" in section, kind
    assert f"| {T.DISCUSSION_MINUTES:g} (0 when studying alone) |" in section
    assert f"{T.EXERCISE_OPEN_MINUTES:g} minutes to open the notebook" in section
    for what, minutes in (
        ("interactive chart", "interactive"),
        ("self-check", "self_check"),
        ("other displayed", "output"),
    ):
        line = next(line for line in section.splitlines() if what in line)
        assert line.rstrip().endswith(f"| {T.INTERACTION_MINUTES[minutes]:g} |"), line


def test_command_line(tmp_path, capsys):
    assert T.main(["check"], root=ROOT) == 0
    assert T.main(["check"], root=tmp_path) == 2  # not a kit folder: a one-line message, no traceback
    assert "aicollab timing:" in capsys.readouterr().out
