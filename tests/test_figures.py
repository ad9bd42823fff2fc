"""Every figure stated in prose is bound to the data or marked illustrative (issue 12, §2).

The checker (:mod:`aicollab.tools.figures`) reads every prose surface of the kit; the registry
(:mod:`aicollab.data.figures`) resolves anchors and placeholders to values in ``datasets/``.
These tests run the checker over the whole kit, and over copies with a wrong figure typed in,
to show that such a figure fails ``scripts/test.sh`` with the file, the place and both values.
The coverage line (figures checked / figures stated) is printed at the end of the test run
(conftest.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aicollab import data
from aicollab.data import figures as registry
from aicollab.tools import figures as checker

ROOT = Path(__file__).resolve().parents[1]
#: Where the coverage line is left for conftest.py's terminal summary (tests may run in workers).
COVERAGE_FILE = ROOT / ".pytest_cache" / "aicollab-figures-coverage.txt"


@pytest.fixture(scope="module")
def report():
    return checker.check(ROOT)


def test_every_figure_in_prose_is_bound_or_marked(report):
    COVERAGE_FILE.parent.mkdir(exist_ok=True)
    COVERAGE_FILE.write_text(report.coverage() + "\n", encoding="utf-8")
    problems = "\n".join(f.message() for f in report.failures)
    assert not report.failures, f"{len(report.failures)} figures in prose are wrong or unbound:\n{problems}"


def test_the_checker_sees_every_prose_surface(report):
    files = {f.file for f in report.findings}
    for expected in (
        "notebooks/03_barriers.ipynb",
        "solutions/03_barriers_exercises.ipynb",
        "book/facilitator/instructor_notes.md",
        "book/value_sharing_methods.md",
        "datasets/README.md",
        "aicollab/feedback/checks_survey.py",
        "aicollab/lessons/survey_views.py",
    ):
        assert expected in files, f"no figure found in {expected}: is it still read?"
    statuses = {f.status for f in report.findings}
    assert {"bound", "illustrative", "model", "structural"} <= statuses
    # Most survey figures are bound to the data, not waved through as structural or illustrative.
    bound = sum(f.status == "bound" for f in report.findings)
    assert bound > 250, report.coverage()


# ----------------------------------------------------------------------------- made to fail
def _copy(tmp_path: Path, *paths: str) -> Path:
    for rel in paths:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    return tmp_path


def _edit_notebook(path: Path, old: str, new: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    hits = 0
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if old in src:
            cell["source"] = src.replace(old, new, 1)
            hits += 1
            break
    assert hits, f"{old!r} not found in {path}"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def test_a_copy_of_a_lesson_passes_before_it_is_edited(tmp_path):
    root = _copy(tmp_path, "notebooks/03_barriers.ipynb")
    assert not checker.check(root).failures


def test_a_wrong_anchored_figure_fails_with_both_values(tmp_path):
    root = _copy(tmp_path, "notebooks/03_barriers.ipynb")
    _edit_notebook(root / "notebooks/03_barriers.ipynb", "65%<!--fig t03s1i01-->", "66%<!--fig t03s1i01-->")
    failures = checker.check(root).failures
    assert [f.status for f in failures] == ["wrong"]
    message = failures[0].message()
    assert message.startswith("notebooks/03_barriers.ipynb cell ")
    assert '"66%" is bound to t03s1i01, the data say 65%' in message


def test_a_new_unanchored_figure_fails(tmp_path):
    root = _copy(tmp_path, "notebooks/03_barriers.ipynb")
    _edit_notebook(
        root / "notebooks/03_barriers.ipynb",
        "65%<!--fig t03s1i01-->",
        "65%<!--fig t03s1i01--> (and 66% of them said so twice)",
    )
    failures = checker.check(root).failures
    assert [(f.status, f.token) for f in failures] == [("unbound", "66%")]
    assert "has no anchor" in failures[0].message()


def test_a_wrong_figure_in_a_book_page_fails_with_its_line(tmp_path):
    root = _copy(tmp_path, "book/facilitator/instructor_notes.md")
    page = root / "book/facilitator/instructor_notes.md"
    text = page.read_text(encoding="utf-8")
    line = text[: text.index("<!--fig tf036-->")].count("\n") + 1
    page.write_text(text.replace("69%<!--fig tf036-->", "70%<!--fig tf036-->"), encoding="utf-8")
    (failure,) = checker.check(root).failures
    assert failure.message() == (
        f'book/facilitator/instructor_notes.md line {line}: "70%" is bound to tf036, the data say 69%'
    )


def test_a_wrong_anchored_count_fails(tmp_path):
    # The anchor sits between a count and its noun ("120<!--fig m04--> researchers").
    findings = checker.check_markdown("a survey of 121<!--fig m04--> researchers", "x.md")
    assert [(f.status, f.token, f.expected) for f in findings] == [("wrong", "121", "120")]


def test_an_unknown_id_fails(tmp_path):
    root = _copy(tmp_path, "datasets/README.md")
    page = root / "datasets/README.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAbout 12%<!--fig t99s9i99--> of nobody.\n", encoding="utf-8")
    (failure,) = checker.check(root).failures
    assert failure.status == "unknown" and "t99s9i99" in failure.message()


def test_an_illustrative_number_that_restates_the_model_is_checked_against_it(tmp_path):
    root = _copy(tmp_path, "notebooks/04_value_and_ip.ipynb")
    _edit_notebook(
        root / "notebooks/04_value_and_ip.ipynb",
        "£4m<!--ill deals.annual_net_sales-->",
        "£5m<!--ill deals.annual_net_sales-->",
    )
    (failure,) = checker.check(root).failures
    assert failure.status == "wrong" and "deals.annual_net_sales" in failure.message()
    assert "4e+06" in failure.message()


def test_a_figure_typed_in_a_python_message_fails(tmp_path):
    rel = "aicollab/feedback/checks_survey.py"
    root = _copy(tmp_path, rel)
    path = root / rel
    source = path.read_text(encoding="utf-8")
    assert "{fig:t09s2i03}" in source
    path.write_text(source.replace("{fig:t09s2i03}", "4%", 1), encoding="utf-8")
    (failure,) = checker.check(root).failures
    assert failure.status == "unbound" and failure.python and "{fig:ID}" in failure.message()


def test_a_mistyped_placeholder_fails(tmp_path):
    rel = "aicollab/lessons/stakeholders.py"
    root = _copy(tmp_path, rel)
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("{fig:m03}", "{fig:m99}", 1), encoding="utf-8")
    (failure,) = checker.check(root).failures
    assert failure.status == "unknown" and "m99" in failure.message()


# ----------------------------------------------------------------------------- detection
@pytest.mark.parametrize(
    "text, tokens",
    [
        ("Only 4% of researchers", ["4%"]),
        ("a 65 per cent share", ["65 per cent"]),
        ("5,142 clinicians and 120 researchers", ["5,142", "120"]),
        ("n = 120 in all", ["n = 120"]),
        ("forty stakeholders were interviewed", ["forty"]),
        ("a £150k fee and $2m of sales", ["£150k", "$2m"]),
    ],
)
def test_figures_are_found(text, tokens):
    assert [f.token for f in checker.check_markdown(text, "x.md")] == tokens


@pytest.mark.parametrize(
    "text",
    [
        "the 95% interval",
        "a 95% {term}`Wilson interval`",
        "z = 1.96 for 95%",
        "the hospital gets 0% and the company 100%",
        "percentages that add up to more than 100%",
        "Table 1 says about hospitals",
        "code such as `wilson_interval(4, 120)` is not prose",
        "<!-- an instructor's comment: 65% -->",
    ],
)
def test_structure_and_code_are_not_figures(text):
    findings = checker.check_markdown(text, "x.md")
    assert all(f.status == "structural" for f in findings), findings


def test_no_survey_value_is_none_or_the_whole():
    # 0% and 100% are read as "none" and "the whole", never as findings: that holds while no
    # survey or text figure is either.
    survey = data.load_survey()["percent"]
    text = data.load_text_figures()
    text = text.loc[text["unit"] == "percent", "value"]
    assert 0 < survey.min() and survey.max() < 100
    assert 0 < text.min() and text.max() < 100


def test_illustrative_spans_and_markers():
    text = "<!--ill-begin: an invented deal-->A £1m fee and 30% equity.<!--ill-end--> Then 12%<!--ill-->."
    assert [f.status for f in checker.check_markdown(text, "x.md")] == ["illustrative"] * 3
    assert [f.status for f in checker.check_string("a {ill:50%} start", "x.py", "line 1")] == ["illustrative"]


# ----------------------------------------------------------------------------- the registry
@pytest.mark.parametrize(
    "fig_id, shown",
    [
        ("t03s1i01", "65%"),
        ("n:t03s1i01", "3,342"),
        ("sum:t2_resources_offered", "357%"),
        ("tf036", "69%"),
        ("m03", "5,142"),
        ("m37", "29"),
        ("fw31", "29%"),
        ("lo:t09s2i03", "1.7%"),
        ("hi:t09s2i03", "9.2%"),
        ("t03s1i01+t03s1i02", "128%"),
        ("share:t02s1i01/sum:t2_resources_offered", "24.9%"),
        ("ratio:m03/m04", "42.9"),
        ("items:t9_challenges", "11"),
    ],
)
def test_ids_resolve_to_the_data(fig_id, shown):
    assert registry.display(fig_id) == shown


def test_fill_replaces_placeholders_from_the_data():
    text = "{fig:t09s2i03} of {fig:m04}, {fig:items:t9_challenges|w} options, {fig:lo:t09s2i03|0} up, {ill:30%}"
    assert registry.fill(text) == "4% of 120, eleven options, 2% up, 30%"


@pytest.mark.parametrize("bad", ["t99s1i01", "tf999", "m05", "m13", "nonsense", "sum:t9_nothing", "rows:nothing"])
def test_an_id_that_names_no_value_is_refused(bad):
    with pytest.raises(registry.UnknownFigure):
        registry.figure(bad)


def test_a_data_change_flows_into_filled_messages(tmp_path):
    shutil.copytree(data.data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "study_metadata.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("m04,researchers_n,120,", "m04,researchers_n,121,"))
    assert registry.fill("n = {fig:m04}", data_dir=tmp_path / "data") == "n = 121"


def test_messages_are_filled_where_learners_see_them():
    from aicollab.feedback.checks import feedback
    from aicollab.feedback.registry import EXERCISES

    assert EXERCISES["2.2"].title == "How precise is a percentage from 120 people?"
    reply = feedback("3.4", "A short answer about standards, researchers, lists and people, nothing else to say here.")
    assert "{fig:" not in reply.text and "only 120 researchers answered" in reply.text


def test_no_placeholder_reaches_a_reader():
    # Stored outputs are what nbval compares and what the book shows: every {fig:...} and {ill:...}
    # in a message, quiz or chart description must have been filled before it was displayed.
    leaks = []
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")]):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            text = json.dumps(cell.get("outputs", []))
            if "{fig:" in text or "{ill:" in text:
                leaks.append(f"{path.relative_to(ROOT)} cell {i}")
    assert not leaks, f"placeholders shown to readers: {leaks}"
