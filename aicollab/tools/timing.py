"""How long each lesson takes, by one rule, and the agendas built from those times.

The rule is stated for authors in CONTRIBUTING.md ("How long a lesson takes") and written once,
here, as the constants below. :func:`measure` applies it to a lesson notebook and its exercise
notebook (from ``solutions/``) and returns a :class:`LessonTiming`:

- **teaching**, per ``##`` section: learner-facing markdown read at :data:`READING_WPM` words per
  minute (instructor notes and HTML comments are not read aloud to learners, so they are left
  out), plus :data:`INTERACTION_MINUTES` for each interactive chart or form, each self-check and
  each other displayed output (a table, a printed line). In a workshop each *Discussion*
  admonition adds :data:`DISCUSSION_MINUTES`, and where an *Instructor note* gives its own time
  ("About 6 minutes"), the section takes the larger of the two. A note that gives the time for
  the whole lesson ("About 45 minutes in all") sets a floor for the lesson's teaching time.
  Studying alone there are no discussions and the notes do not apply.
- **exercises**: :data:`EXERCISE_OPEN_MINUTES` to open the notebook, the exercise text read at
  the same speed, and :data:`EXERCISE_MINUTES` per exercise by the kind its heading cell
  declares in its metadata (``{"aicollab": {"exercise_kind": "one_line"}}``).

The results live in each lesson's metadata (``metadata.aicollab.timing``); the lesson's overview
line ("**Time:** ..."), the instructor notes' timing lines and the facilitator guide's agendas
are generated from that metadata by :func:`update` (``aicollab timing update``), and
:func:`stale` (``aicollab timing check``, and the tests) reports anything out of date or any
agenda that does not fit its length. The agendas' content (which sections and exercises each
format keeps, what is optional) is in ``book/facilitator/agenda_plan.json``.

Stored outputs are part of what a learner sees, so run ``aicollab outputs regenerate`` before
``aicollab timing update`` when a lesson's outputs change.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "READING_WPM",
    "INTERACTION_MINUTES",
    "DISCUSSION_MINUTES",
    "EXERCISE_OPEN_MINUTES",
    "EXERCISE_MINUTES",
    "SectionTiming",
    "ExerciseTiming",
    "LessonTiming",
    "measure",
    "lesson_pairs",
    "overview_line",
    "plan_agendas",
    "update",
    "stale",
    "main",
]

# ---- the rule (CONTRIBUTING.md, "How long a lesson takes") ------------------------------

#: Reading speed for clinicians new to the topic, on screen, going back and forth to charts.
READING_WPM = 120
#: Minutes per element a learner works with.
INTERACTION_MINUTES = {"interactive": 2.0, "self_check": 1.0, "output": 0.5}
#: Minutes per Discussion admonition in a workshop (pairs, then a short report); 0 alone.
DISCUSSION_MINUTES = 5.0
#: Minutes to open an exercise notebook and find one's way in it.
EXERCISE_OPEN_MINUTES = 2.0
#: Minutes per exercise, by the kind declared in its heading cell's metadata.
EXERCISE_MINUTES = {
    "value": 3.0,  # type or choose one value
    "one_line": 4.0,  # one line of code given in the text
    "multi_step": 5.0,  # several lines of code given in the text
    "chart": 8.0,  # a chart with a title and a description
    "reflection": 6.0,  # two or three sentences
    "long_reflection": 10.0,  # about five sentences
}
#: Output classes (in stored HTML) that a learner works with rather than reads.
_INTERACTIVE = ("aicollab-chart", "aicollab-ranking", "aicollab-weights-poll", "aicollab-tsform")
_QUIZ = "aicollab-quiz"
#: Where the rule is written for people.
RULE_REF = "CONTRIBUTING.md, How long a lesson takes"

_NOTE = re.compile(r":::\{admonition\} Instructor note.*?^:::\s*$", re.DOTALL | re.MULTILINE)
_DISCUSSION = re.compile(r":::\{admonition\} Discussion\b")
_NOTE_MINUTES = re.compile(r"\babout (\d+) minutes\b", re.IGNORECASE)
_WHOLE_LESSON = re.compile(r"\babout (\d+) minutes (?:in all|for the whole lesson)\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORD = re.compile(r"[A-Za-z0-9£€$%]+(?:['’.,-][A-Za-z0-9%]+)*")
_TIME_LINE = re.compile(r"^\*\*Time:\*\*.*$", re.MULTILINE)


@dataclass
class SectionTiming:
    """One ``##`` section: minutes in a workshop and alone, and what they come from."""

    title: str
    words: int = 0
    interactive: int = 0
    self_checks: int = 0
    outputs: int = 0
    discussions: int = 0
    note_minutes: int = 0

    @property
    def reading(self) -> float:
        return self.words / READING_WPM + (
            self.interactive * INTERACTION_MINUTES["interactive"]
            + self.self_checks * INTERACTION_MINUTES["self_check"]
            + self.outputs * INTERACTION_MINUTES["output"]
        )

    @property
    def self_study(self) -> int:
        return math.ceil(self.reading - 1e-9)

    @property
    def workshop(self) -> int:
        return max(math.ceil(self.reading + self.discussions * DISCUSSION_MINUTES - 1e-9), self.note_minutes)


@dataclass
class ExerciseTiming:
    """One exercise: its id, declared kind, words of text and minutes (without opening the notebook)."""

    id: str
    kind: str
    words: int

    @property
    def minutes(self) -> int:
        return math.ceil(EXERCISE_MINUTES[self.kind] + self.words / READING_WPM - 1e-9)


@dataclass
class LessonTiming:
    """A lesson's sections and exercises, with the totals shown in its overview."""

    lesson: str
    sections: list[SectionTiming] = field(default_factory=list)
    exercises: list[ExerciseTiming] = field(default_factory=list)
    exercise_intro_words: int = 0
    lesson_floor: int = 0

    @property
    def teaching_minutes(self) -> int:
        return _round5(max(sum(s.workshop for s in self.sections), self.lesson_floor))

    @property
    def self_study_minutes(self) -> int:
        return _round5(sum(s.self_study for s in self.sections))

    @property
    def exercise_open_minutes(self) -> int:
        return (
            math.ceil(EXERCISE_OPEN_MINUTES + self.exercise_intro_words / READING_WPM - 1e-9) if self.exercises else 0
        )

    @property
    def exercise_minutes(self) -> int:
        return _round5(self.exercise_open_minutes + sum(e.minutes for e in self.exercises))

    def metadata(self) -> dict:
        """What is stored in the notebook's ``metadata.aicollab.timing``: minutes only, so that a
        small edit to the prose rarely changes it."""
        return {
            "rule": RULE_REF,
            "teaching_minutes": self.teaching_minutes,
            "self_study_minutes": self.self_study_minutes,
            "exercise_minutes": self.exercise_minutes,
            "lesson_floor_minutes": self.lesson_floor,
            "sections": [
                {
                    "title": s.title,
                    "workshop_minutes": s.workshop,
                    "self_study_minutes": s.self_study,
                    "discussions": s.discussions,
                    "note_minutes": s.note_minutes,
                }
                for s in self.sections
            ],
            "exercise_open_minutes": self.exercise_open_minutes,
            "exercises": [{"id": e.id, "kind": e.kind, "minutes": e.minutes} for e in self.exercises],
        }


def _round5(minutes: float) -> int:
    return int(5 * math.ceil(minutes / 5 - 1e-9))


_MARKUP_LINE = re.compile(r"^\s*(?::::.*|:[\w-]+:.*|```.*)$", re.MULTILINE)
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def _words(text: str) -> int:
    """Words a learner reads: no HTML comments, directive fences or options; a citation counts as one."""
    text = _ROLE.sub(" citation ", _MARKUP_LINE.sub(" ", _COMMENT.sub(" ", text)))
    return len(_WORD.findall(text))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _outputs(cell: dict) -> tuple[int, int, int]:
    """(interactive, self-checks, other outputs) shown by a code cell in the book."""
    tags = cell.get("metadata", {}).get("tags", []) or []
    if "remove-output" in tags:  # a JupyterLab-only app; its kernel-free version is counted
        return 0, 0, 0
    interactive = quiz = other = 0
    for out in cell.get("outputs", []):
        html = out.get("data", {}).get("text/html", "")
        html = "".join(html) if isinstance(html, list) else html
        if any(f'class="{c}' in html for c in _INTERACTIVE):
            interactive += 1
        elif f'class="{_QUIZ}' in html:
            quiz += 1
        elif out.get("output_type") in ("stream", "display_data", "execute_result"):
            other += 1
    return interactive, quiz, other


def _sections(cells: list[dict]) -> tuple[list[SectionTiming], int]:
    sections = [SectionTiming("Introduction")]
    floor = 0
    for cell in cells:
        if "remove-cell" in (cell.get("metadata", {}).get("tags", []) or []):
            continue  # not in the book (the JupyterLab-only sources-and-terms cell): nobody reads it there
        text = _source(cell)
        if cell.get("cell_type") == "markdown":
            heading = re.match(r"^## (.+)$", text, re.MULTILINE)
            if heading and not text[: heading.start()].strip():
                sections.append(SectionTiming(heading.group(1).strip()))
            current = sections[-1]
            for note in _NOTE.findall(text):
                whole = _WHOLE_LESSON.search(note)
                if whole:
                    floor = max(floor, int(whole.group(1)))
                    continue
                found = _NOTE_MINUTES.search(note)
                if found:
                    current.note_minutes += int(found.group(1))
            learner = _TIME_LINE.sub(" ", _NOTE.sub(" ", text))  # the time line is generated from the result
            current.words += _words(learner)
            current.discussions += len(_DISCUSSION.findall(learner))
        elif cell.get("cell_type") == "code":
            i, q, o = _outputs(cell)
            current = sections[-1]
            current.interactive += i
            current.self_checks += q
            current.outputs += o
    return sections, floor


def _exercises(cells: list[dict], path: Path) -> tuple[list[ExerciseTiming], int]:
    exercises: list[ExerciseTiming] = []
    intro = 0
    in_solution = False
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        text = _source(cell)
        if "{solution-start}" in text:
            in_solution = True
            continue
        if "{solution-end}" in text:
            in_solution = False
            continue
        tags = cell.get("metadata", {}).get("tags", []) or []
        if in_solution or "solution" in tags:
            continue
        heading = re.match(r"^## Exercise (\d+\.\d+)", text)
        if heading:
            kind = (cell.get("metadata", {}).get("aicollab", {}) or {}).get("exercise_kind")
            if kind not in EXERCISE_MINUTES:
                raise ValueError(
                    f"{path.name}: exercise {heading.group(1)} declares no known exercise_kind in its heading "
                    f"cell's metadata (got {kind!r}; the kinds are: {', '.join(EXERCISE_MINUTES)})"
                )
            exercises.append(ExerciseTiming(heading.group(1), kind, _words(text)))
        elif exercises and not text.lstrip().startswith("## "):
            exercises[-1].words += _words(text)
        elif not exercises:
            intro += _words(text)
    return exercises, intro


def measure(lesson_path: Path, exercises_path: Path | None) -> LessonTiming:
    """Apply the rule to a lesson notebook and its exercise notebook (``None`` if it has none)."""
    lesson_path = Path(lesson_path)
    nb = json.loads(lesson_path.read_text(encoding="utf-8"))
    sections, floor = _sections(nb["cells"])
    timing = LessonTiming(lesson_path.name[:2], sections, lesson_floor=floor)
    if exercises_path is not None:
        ex = json.loads(Path(exercises_path).read_text(encoding="utf-8"))
        timing.exercises, timing.exercise_intro_words = _exercises(ex["cells"], Path(exercises_path))
    return timing


def lesson_pairs(root: Path) -> list[tuple[Path, Path | None]]:
    """Each timed lesson (``notebooks/0N_*.ipynb``) with its exercise notebook in ``solutions/``."""
    root = Path(root)
    pairs = []
    for lesson in sorted((root / "notebooks").glob("0[0-9]_*.ipynb")):
        matches = sorted((root / "solutions").glob(f"{lesson.name[:2]}_*_exercises.ipynb"))
        pairs.append((lesson, matches[0] if matches else None))
    return pairs


def overview_line(meta: dict) -> str:
    """The overview's time line, generated from the lesson's timing metadata."""
    teach, alone, ex = meta["teaching_minutes"], meta["self_study_minutes"], meta["exercise_minutes"]
    exercises = f" and {ex} minutes of exercises" if ex else ""
    return f"**Time:** {teach} minutes teaching ({alone} if you study alone, without the discussions){exercises}."


# ---- agendas ----------------------------------------------------------------------------


@dataclass
class AgendaRow:
    minutes: int
    what: str
    materials: str
    optional: bool = False
    lesson: str = ""


def _item_minutes(item: dict, lessons: dict[str, dict]) -> tuple[int, str]:
    """Minutes of one agenda item, from the timing metadata of the lessons it uses."""
    if "minutes" in item:
        return int(item["minutes"]), item.get("materials", "")
    meta = lessons.get(item["lesson"])
    if meta is None:
        raise ValueError(f"agenda item {item['what']!r}: no timed lesson {item['lesson']!r}")
    sections = {s["title"]: s["workshop_minutes"] for s in meta["sections"]}
    exercises = {e["id"]: e["minutes"] for e in meta["exercises"]}
    minutes = 0
    if item.get("sections") == "all":  # the whole lesson, as its overview counts it (before rounding)
        minutes = max(sum(sections.values()), meta["lesson_floor_minutes"])
        item = {**item, "sections": []}
        whole = True
    else:
        whole = False
    for title in item.get("sections", []):
        if title not in sections:
            raise ValueError(
                f"agenda item {item['what']!r}: lesson {item['lesson']} has no section {title!r}; "
                f"its sections are: {'; '.join(sections)}"
            )
        minutes += sections[title]
    chosen = item.get("exercises", [])
    for eid in chosen:
        if eid not in exercises:
            raise ValueError(f"agenda item {item['what']!r}: lesson {item['lesson']} has no exercise {eid!r}")
        minutes += exercises[eid]
    if chosen:
        minutes += meta["exercise_open_minutes"]
    parts = []
    if whole:
        parts.append(f"Lesson {item['lesson']}, all sections")
    elif item.get("sections"):
        parts.append(f"Lesson {item['lesson']}: " + "; ".join(item["sections"]))
    if chosen:
        parts.append(("exercise " if len(chosen) == 1 else "exercises ") + ", ".join(chosen))
    return minutes, ". ".join(parts) if parts else f"Lesson {item['lesson']}"


def plan_agendas(plan: dict, lessons: dict[str, dict]) -> dict[str, tuple[dict, list[AgendaRow]]]:
    """Each agenda format with its rows; ``lessons`` maps "00".. to each lesson's timing metadata."""
    out = {}
    for fmt in plan["formats"]:
        rows = []
        for item in fmt["items"]:
            minutes, materials = _item_minutes(item, lessons)
            rows.append(AgendaRow(minutes, item["what"], materials, bool(item.get("optional")), item.get("lesson", "")))
        out[fmt["id"]] = (fmt, rows)
    return out


def agenda_problems(agendas: dict[str, tuple[dict, list[AgendaRow]]]) -> list[str]:
    """Formats whose kept items do not fit their length."""
    problems = []
    for fmt, rows in agendas.values():
        total = sum(r.minutes for r in rows if not r.optional)
        if total > fmt["length"]:
            problems.append(
                f"agenda {fmt['title']!r} keeps {total} minutes but lasts {fmt['length']}: cut an item or mark it optional"
            )
    return problems


def agenda_markdown(fmt: dict, rows: list[AgendaRow]) -> str:
    """The table (with running totals) and the optional items of one agenda."""
    lines = ["| Minutes | Running total | What | Materials |", "|---|---|---|---|"]
    running = 0
    for r in rows:
        if r.optional:
            continue
        running += r.minutes
        lines.append(f"| {r.minutes} | {running} | {r.what} | {r.materials} |")
    slack = fmt["length"] - running
    lines.append("")
    lines.append(
        f"Kept items: {running} of {fmt['length']} minutes"
        + (f" ({slack} minute{'s' if slack != 1 else ''} of slack for questions and set-up)." if slack else ".")
    )
    optional = [r for r in rows if r.optional]
    if optional:
        lines.append("")
        lines.append("Optional, only if time allows (not counted above):")
        lines.append("")
        for r in optional:
            lines.append(f"- {r.what} ({r.minutes} minutes; {r.materials})")
    return "\n".join(lines)


def _replace_block(text: str, key: str, body: str) -> str:
    start, end = f"<!-- {key} start (generated by aicollab timing update) -->", f"<!-- {key} end -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no generated block {key!r} (markers {start!r} ... {end!r})")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)


def _note_line(lesson: str, meta: dict, agendas: dict[str, tuple[dict, list[AgendaRow]]]) -> str:
    kept = []
    for fmt, rows in agendas.values():
        minutes = sum(r.minutes for r in rows if not r.optional and r.lesson == lesson)
        kept.append(f"{fmt['title']}, {minutes} minutes" if minutes else f"{fmt['title']}, not kept")
    return (
        f"**Timing.** {meta['teaching_minutes']} minutes of teaching and {meta['exercise_minutes']} of "
        f"exercises in a workshop (the lesson's overview). Kept by the agendas: " + "; ".join(kept) + "."
    )


# ---- update and check -------------------------------------------------------------------


def _paths(root: Path) -> dict[str, Path]:
    return {
        "plan": root / "book" / "facilitator" / "agenda_plan.json",
        "agendas": root / "book" / "facilitator" / "agendas.md",
        "notes": root / "book" / "facilitator" / "instructor_notes.md",
    }


def _expected(root: Path) -> tuple[dict[Path, str], list[str]]:
    """Every generated file's expected text, and the agendas that do not fit."""
    root = Path(root)
    files: dict[Path, str] = {}
    lessons: dict[str, dict] = {}
    for lesson_path, ex_path in lesson_pairs(root):
        timing = measure(lesson_path, ex_path)
        lessons[timing.lesson] = timing.metadata()
        nb = json.loads(lesson_path.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {}).setdefault("aicollab", {})["timing"] = timing.metadata()
        first = nb["cells"][0]
        text = _source(first)
        if not _TIME_LINE.search(text):
            raise ValueError(f"{lesson_path.name}: the first cell has no '**Time:**' line in its overview")
        line = overview_line(timing.metadata())
        new = _TIME_LINE.sub(lambda _, line=line: line, text, count=1)
        lines = new.split("\n")
        first["source"] = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        files[lesson_path] = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    paths = _paths(root)
    plan = json.loads(paths["plan"].read_text(encoding="utf-8"))
    agendas = plan_agendas(plan, lessons)
    text = paths["agendas"].read_text(encoding="utf-8")
    for fid, (fmt, rows) in agendas.items():
        text = _replace_block(text, f"agenda {fid}", agenda_markdown(fmt, rows))
    files[paths["agendas"]] = text
    notes = paths["notes"].read_text(encoding="utf-8")
    for lesson, meta in lessons.items():
        notes = _replace_block(notes, f"timing {lesson}", _note_line(lesson, meta, agendas))
    files[paths["notes"]] = notes
    return files, agenda_problems(agendas)


def update(root: Path) -> list[Path]:
    """Write lesson metadata, overview lines, agendas and timing notes; return the files changed."""
    files, problems = _expected(Path(root))
    changed = []
    for path, text in files.items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    if problems:
        raise ValueError("; ".join(problems))
    return changed


def stale(root: Path) -> list[str]:
    """What is out of date or does not fit (empty when everything agrees with the rule)."""
    files, problems = _expected(Path(root))
    out = [
        f"{path.relative_to(root)} is out of date: run `aicollab timing update`"
        for path, text in files.items()
        if path.read_text(encoding="utf-8") != text
    ]
    return out + problems


def main(argv: list[str], root: Path | None = None) -> int:
    """``aicollab timing update|check``: 0 when all is in order, 1 when stale, 2 on bad input."""
    root = Path(root) if root else Path.cwd()
    action = argv[0] if argv else "check"
    try:
        if action == "update":
            for path in update(root):
                print(f"updated  {path.relative_to(root)}")
            return 0
        problems = stale(root)
    except (ValueError, OSError, KeyError, json.JSONDecodeError) as error:
        print(f"aicollab timing: {error}")
        return 2
    for line in problems:
        print(line)
    return 1 if problems else 0
