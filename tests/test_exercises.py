"""The exercise system: learner notebooks run, stay in sync with the solutions, and the
generator behaves on small synthetic notebooks (region replacement, removed answers,
idempotence, clear errors). Also checks the structure the book relies on, and builds a tiny
Sphinx project to prove that the learner edition hides gated solutions completely.

The solutions notebooks themselves are checked by nbval (``pytest --nbval solutions``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from aicollab.feedback.checks import EXERCISES
from aicollab.tools import exercises as ex

from kernel_helpers import execute

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES_DIR = ROOT / "exercises"
SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))
EXERCISE_FILES = sorted(EXERCISES_DIR.glob("*.ipynb"))
LESSON_SLUGS = [
    "00_welcome",
    "01_who_is_at_the_table",
    "02_reading_the_survey",
    "03_barriers",
    "04_value_and_ip",
    "05_co_creation_journeys",
    "06_capstone",
]
EXERCISE_HEADING = re.compile(r"^##+ Exercise (\d+\.\d+): \S", re.MULTILINE)


# ----------------------------------------------------------------------------------------
# The committed learner notebooks
# ----------------------------------------------------------------------------------------


def _run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    execute(
        nb,
        kernel_name="python3",
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    return nb


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=[p.name for p in EXERCISE_FILES])
def test_learner_notebook_runs_top_to_bottom_without_error(path):
    nb = _run(path)
    errors = [
        f"cell {i} ({cell.get('id')}): {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors, "\n".join(errors)
    stderr = [
        out.text
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream" and out.name == "stderr" and "Traceback" in out.text
    ]
    assert not stderr
    # Every exercise is unanswered in the learner version, and its check says so kindly.
    feedback = [
        out.data["text/plain"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("data", {}).get("text/plain", "").startswith("Exercise ")
    ]
    ids = EXERCISE_HEADING.findall("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    assert len(feedback) == len(ids) >= 3
    assert all("Not answered yet:" in text for text in feedback), feedback


def test_every_solution_has_a_learner_version_and_vice_versa():
    assert [p.name for p in SOLUTION_FILES] == [p.name for p in EXERCISE_FILES]
    assert [p.name for p in SOLUTION_FILES] == [f"{slug}_exercises.ipynb" for slug in LESSON_SLUGS]


def test_regenerating_into_a_temporary_folder_matches_the_committed_exercises(tmp_path):
    report = ex.generate(SOLUTIONS, tmp_path)
    assert all(line.startswith("wrote") for line in report)
    for path in SOLUTION_FILES:
        committed = EXERCISES_DIR / path.name
        assert (tmp_path / path.name).read_bytes() == committed.read_bytes(), (
            f"{committed.relative_to(ROOT)} is stale: run 'aicollab exercises generate'"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in EXERCISE_FILES]


def test_check_command_passes_on_the_repository():
    result = subprocess.run(
        [sys.executable, "-m", "aicollab", "exercises", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_learner_notebooks_contain_no_solution_text():
    for path in EXERCISE_FILES:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text, path.name
        assert "{solution" not in text, path.name
        assert "Key points of" not in text, path.name
        assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code"), path.name
        solution_nb = nbformat.read(SOLUTIONS / path.name, as_version=4)
        # Model answers (the long reflection strings) are gone.
        for cell in (c for c in solution_nb.cells if c.cell_type == "code"):
            for answer in re.findall(r'reflection = """(.{40})', cell.source):
                assert answer not in text, path.name


# ----------------------------------------------------------------------------------------
# Structure of the solutions notebooks (what the book and the checks rely on)
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SOLUTION_FILES, ids=[p.name for p in SOLUTION_FILES])
def test_solutions_notebook_structure(path):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "needs a # Title first"
    first_code = next(c for c in cells if c.cell_type == "code")
    assert "aicollab.setup()" in first_code.source, "the first code cell must call aicollab.setup()"
    assert "## Where next" in cells[-1].source and "notebooks/" in cells[-1].source, "end with a pointer to the lesson"
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    ids = EXERCISE_HEADING.findall(markdown)
    assert 3 <= len(ids) <= 4, ids
    lesson = int(path.name[:2])
    assert all(i.startswith(f"{lesson}.") for i in ids)
    for eid in ids:
        label = eid.replace(".", "-")
        assert f":label: exercise-{label}" in markdown
        assert f"{{solution-start}} exercise-{label}" in markdown
        assert re.search(rf'check\("{re.escape(eid)}"', "\n".join(c.source for c in cells if c.cell_type == "code"))
    headings = [int(len(m.group(1))) for m in re.finditer(r"^(#+) ", markdown, re.MULTILINE)]
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:])), "heading levels must not skip"
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_exercise_counts_and_registry_agree():
    used = []
    for path in SOLUTION_FILES:
        nb = nbformat.read(path, as_version=4)
        used += re.findall(r'check\("(\d+\.\d+)"', "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    assert len(used) >= 21
    assert sorted(used) == sorted(EXERCISES), "every check in aicollab.feedback.checks is used exactly once"


def test_solutions_are_stored_with_outputs_and_every_check_passes():
    for path in SOLUTION_FILES:
        nb = nbformat.read(path, as_version=4)
        feedback = [
            out["data"]["text/plain"]
            for c in nb.cells
            if c.cell_type == "code"
            for out in c.outputs
            if out.get("data", {}).get("text/plain", "").startswith("Exercise ")
        ]
        assert feedback, f"{path.name}: run aicollab outputs regenerate {path.relative_to(ROOT)}"
        for text in feedback:
            # a model answer uses words for every topic of its own key points, and is never told it is complete
            reflective_ok = "Thank you" in text and "It uses no words linked to" not in text and "not reasoning" in text
            assert "Correct!" in text or reflective_ok, text


# ----------------------------------------------------------------------------------------
# The generator on small synthetic notebooks
# ----------------------------------------------------------------------------------------


def _nb(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    made = []
    for i, (kind, source, *rest) in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
        cell["id"] = f"c{i}"
        if rest:
            cell.metadata["tags"] = rest[0]
        made.append(cell)
    nb.cells = made
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def _sources(nb):
    return [c.source for c in nb.cells]


def test_region_assignments_become_stubs_and_other_lines_are_dropped():
    nb = _nb(
        (
            "code",
            'x = 1\n### BEGIN SOLUTION\ntotal = x + 2\nprint(total)\nfor i in range(3):\n    pass\nshare = total / 10\n### END SOLUTION\ncheck("1.1", share)',
        )
    )
    out = ex.learner_version(nb, "demo.ipynb")
    assert out.cells[0].source == (
        'x = 1\ntotal = ...  # your answer here\n# YOUR CODE HERE\nshare = ...  # your answer here\ncheck("1.1", share)'
    )


def test_multiline_tuple_annotated_and_indented_regions():
    source = (
        "### BEGIN SOLUTION\n"
        "chart = make(\n    a=1,\n    b=2,\n)\n"
        "low, high = interval(4, 120)\n"
        "n: int = 5\n"
        'df["x"] = 1\n'
        "n += 1\n"
        "### END SOLUTION\n"
        "def f():\n"
        "    ### BEGIN SOLUTION\n"
        "    print('hi')\n"
        "    ### END SOLUTION\n"
        "f()"
    )
    out = ex.learner_version(_nb(("code", source)), "demo.ipynb").cells[0].source
    assert out == (
        "chart = ...  # your answer here\n"
        "low = ...  # your answer here\n"
        "high = ...  # your answer here\n"
        "n = ...  # your answer here\n"
        "# YOUR CODE HERE\n"
        "def f():\n"
        "    # YOUR CODE HERE\n"
        "    pass\n"
        "f()"
    )
    compile(out, "learner", "exec")  # still valid Python


def test_cells_without_regions_are_kept_and_outputs_cleared():
    nb = _nb(("markdown", "# Title"), ("code", "x = 1\nx"))
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1)]
    nb.cells[1].execution_count = 1
    nb.cells[1].metadata["nbgrader"] = {"solution": True}
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    out = ex.learner_version(nb, "demo.ipynb")
    assert _sources(out) == ["# Title", "x = 1\nx"]
    assert out.cells[1].outputs == [] and out.cells[1].execution_count is None
    assert "nbgrader" not in out.cells[1].metadata and "execution" not in out.cells[1].metadata
    assert [c.id for c in out.cells] == ["c0", "c1"]


def test_markdown_answers_and_solution_markup_are_removed_but_exercises_kept():
    nb = _nb(
        ("markdown", "## Exercise 1.1: Count\n\n:::{exercise}\n:label: exercise-1-1\n:nonumber:\n\nCount them.\n:::"),
        ("markdown", "```{solution-start} exercise-1-1\n:class: dropdown\n```"),
        ("code", "### BEGIN SOLUTION\nn = 5\n### END SOLUTION\ncheck('1.1', n)"),
        ("markdown", "**Key points**: five groups.", ["solution"]),
        ("markdown", "```{solution-end}\n```"),
        ("markdown", "```{solution} exercise-1-1\n:class: dropdown\n\nA model answer.\n```"),
        ("code", "print('instructor demo')", ["solution"]),
        ("markdown", "## Where next"),
    )
    out = ex.learner_version(nb, "demo.ipynb")
    assert [c.id for c in out.cells] == ["c0", "c2", "c7"]
    assert ":::{exercise}" in out.cells[0].source
    assert out.cells[1].source == "n = ...  # your answer here\ncheck('1.1', n)"


def test_generation_is_idempotent_and_deterministic():
    nb = _nb(
        ("markdown", "# T"),
        ("code", "### BEGIN SOLUTION\na = 1\nb = a * 2\nprint(b)\n### END SOLUTION"),
        ("markdown", "```{solution} x\nsecret\n```"),
    )
    once = ex.learner_version(nb, "demo.ipynb", source_path="solutions/demo.ipynb")
    twice = ex.learner_version(once, "exercises/demo.ipynb")
    assert ex.render(once) == ex.render(twice)
    assert ex.render(once) == ex.render(ex.learner_version(nb, "demo.ipynb", source_path="solutions/demo.ipynb"))
    text = ex.render(once).decode()
    assert text.endswith("}\n")
    assert text.index('"cell_type"') < text.index('"id"') < text.index('"metadata"') < text.index('"source"')
    assert once.metadata[ex.META_KEY]["generated_from"] == "solutions/demo.ipynb"
    assert nb.cells[1].source.startswith("### BEGIN SOLUTION"), "the input notebook is not modified"


def test_real_solutions_are_idempotent():
    for path in SOLUTION_FILES:
        learner = ex.learner_version(nbformat.read(path, as_version=4), path.name, f"solutions/{path.name}")
        assert ex.render(ex.learner_version(learner, path.name)) == ex.render(learner)


@pytest.mark.parametrize(
    ("cells", "fragments"),
    [
        (
            [("markdown", "# T"), ("code", "a = 1\n### BEGIN SOLUTION\nb = 2\n")],
            ["broken.ipynb", "cell 2", "'c1'", "line 2", "'### BEGIN SOLUTION' has no matching '### END SOLUTION'"],
        ),
        (
            [("code", "b = 2\n### END SOLUTION\n")],
            ["broken.ipynb", "cell 1", "'c0'", "line 2", "without a '### BEGIN SOLUTION'"],
        ),
        (
            [("code", "### BEGIN SOLUTION\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION")],
            ["cell 1", "line 2", "cannot be nested"],
        ),
        ([("code", "### BEGIN SOLUTION\nb = (2\n### END SOLUTION")], ["cell 1", "not valid Python on its own"]),
        ([("code", "### BEGIN SOLUTION\n%timeit f()\n### END SOLUTION")], ["cell 1", "line 2", "magics"]),
        ([("markdown", "## Exercise 1.1: X\n\n```{solution} ex\nanswer\n```")], ["cell 1", "mixes solution markup"]),
        (
            [("markdown", "```{solution-start} ex\n```"), ("code", "x = 1")],
            ["cell 1", "{solution-start} has no matching {solution-end}"],
        ),
        ([("markdown", "```{solution-end}\n```")], ["cell 1", "{solution-end} without a {solution-start}"]),
        ([("markdown", "### BEGIN SOLUTION\ntext\n### END SOLUTION")], ["cell 1", "markdown cell"]),
    ],
    ids=[
        "begin-without-end",
        "end-without-begin",
        "nested",
        "syntax",
        "magic",
        "mixed-markup",
        "open-gated",
        "end-gated-only",
        "markdown-markers",
    ],
)
def test_malformed_input_gives_a_clear_error(cells, fragments):
    with pytest.raises(ex.SolutionRegionError) as info:
        ex.learner_version(_nb(*cells), "broken.ipynb")
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message


def _write(folder: Path, name: str, nb) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_cli_check_reports_stale_missing_and_extra_files(tmp_path, capsys):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    _write(sol, "a.ipynb", _nb(("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION")))
    _write(sol, "b.ipynb", _nb(("code", "y = 2")))
    assert ex.main(["generate", "--solutions", str(sol), "--exercises", str(exe)]) == 0
    assert ex.main(["check", "--solutions", str(sol), "--exercises", str(exe)]) == 0
    capsys.readouterr()
    _write(sol, "a.ipynb", _nb(("code", "### BEGIN SOLUTION\nz = 1\n### END SOLUTION")))
    (exe / "b.ipynb").unlink()
    _write(exe, "c.ipynb", _nb(("code", "w = 3")))
    assert ex.main(["check", "--solutions", str(sol), "--exercises", str(exe)]) == 1
    out = capsys.readouterr().out
    assert "differs" in out and "a.ipynb" in out
    assert "missing" in out and "b.ipynb" in out
    assert "extra" in out and "c.ipynb" in out
    assert "aicollab exercises generate" in out


def test_cli_generate_removes_orphans_it_made_and_reports_malformed_input(tmp_path, capsys):
    sol, exe = tmp_path / "solutions", tmp_path / "exercises"
    _write(sol, "a.ipynb", _nb(("code", "x = 1")))
    _write(sol, "gone.ipynb", _nb(("code", "x = 1")))
    assert ex.main(["generate", "--solutions", str(sol), "--exercises", str(exe)]) == 0
    (sol / "gone.ipynb").unlink()
    _write(exe, "handmade.ipynb", _nb(("code", "x = 1")))
    assert ex.main(["generate", "--solutions", str(sol), "--exercises", str(exe)]) == 0
    out = capsys.readouterr().out
    assert not (exe / "gone.ipynb").exists() and "removed" in out
    assert (exe / "handmade.ipynb").exists() and "stray" in out
    _write(sol, "bad.ipynb", _nb(("code", "### BEGIN SOLUTION\nx = 1")))
    assert ex.main(["generate", "--solutions", str(sol), "--exercises", str(exe)]) == 2
    err = capsys.readouterr().err
    assert "bad.ipynb" in err and "cell 1" in err and "no matching" in err


# ----------------------------------------------------------------------------------------
# The learner edition of the book: hide_solutions with gated solutions (sphinx-exercise #89)
# ----------------------------------------------------------------------------------------

_PAGE = """# Page

## Exercise 1.1: Count

:::{exercise}
:label: exercise-1-1
:nonumber:

Count the EXERCISE-TEXT.
:::

```{solution-start} exercise-1-1
:label: solution-1-1
:class: dropdown
```

GATED-SOLUTION-TEXT

```{solution-end}
```

```{solution} exercise-1-1
:class: dropdown

PLAIN-SOLUTION-TEXT
```

AFTER-TEXT
"""


def _sphinx_build(tmp_path: Path, hide: bool) -> str:
    src = tmp_path / ("hidden" if hide else "shown")
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_exercise', 'aicollab.tools.exercises']\n"
        "myst_enable_extensions = ['colon_fence']\n"
        f"hide_solutions = {hide}\n"
        "html_theme = 'basic'\n"
    )
    (src / "index.md").write_text(_PAGE)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(src), str(src / "_build")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (src / "_build" / "index.html").read_text()


@pytest.mark.slow
def test_sphinx_extension_hides_gated_solutions_only_in_the_learner_edition(tmp_path):
    shown = _sphinx_build(tmp_path, hide=False)
    assert "EXERCISE-TEXT" in shown and "GATED-SOLUTION-TEXT" in shown and "PLAIN-SOLUTION-TEXT" in shown
    assert "AFTER-TEXT" in shown and "dropdown" in shown
    hidden = _sphinx_build(tmp_path, hide=True)
    assert "EXERCISE-TEXT" in hidden and "AFTER-TEXT" in hidden
    assert "GATED-SOLUTION-TEXT" not in hidden and "PLAIN-SOLUTION-TEXT" not in hidden
    assert "Solution to" not in hidden


#: What the learner edition's config may change, and nothing else: no solutions on the page
#: (hide_solutions), and no way to fetch the solutions notebook from the page (no copied
#: sources, no download button, no launch buttons).
LEARNER_ONLY = {
    ("title",),
    ("launch_buttons",),
    ("sphinx", "recursive_update"),
    ("sphinx", "config", "hide_solutions"),
    ("sphinx", "config", "html_copy_source"),
    ("sphinx", "config", "html_theme_options"),
}


def _without(config: dict, paths) -> dict:
    import copy

    config = copy.deepcopy(config)
    for path in paths:
        node = config
        for key in path[:-1]:
            node = node.get(key, {})
        node.pop(path[-1], None)
    return config


def test_learner_config_differs_from_the_default_only_where_it_must():
    yaml = pytest.importorskip("yaml")
    learner_path = ROOT / "_config.learner.yml"
    if not learner_path.exists():
        pytest.fail(
            "_config.learner.yml is missing; the README's learner-edition command needs it "
            "(a tested copy is in docs_drafts/_config.learner.yml)"
        )
    default = yaml.safe_load((ROOT / "_config.yml").read_text())
    learner = yaml.safe_load(learner_path.read_text())
    assert "aicollab.tools.exercises" in default["sphinx"]["extra_extensions"], (
        "add aicollab.tools.exercises to sphinx.extra_extensions, or the learner build crashes (sphinx-exercise #89)"
    )
    assert default["sphinx"]["config"]["hide_solutions"] is False
    assert learner["sphinx"]["config"]["hide_solutions"] is True
    assert learner["sphinx"]["config"]["html_copy_source"] is False
    assert learner["sphinx"]["config"]["html_theme_options"]["use_download_button"] is False
    assert learner["sphinx"]["recursive_update"] is True
    assert not any(learner["launch_buttons"].get(k) for k in ("binderhub_url", "jupyterhub_url", "colab_url"))
    assert not default["launch_buttons"].get("colab_url"), "no Colab button: Colab cannot serve the chart library"
    assert _without(learner, LEARNER_ONLY) == _without(default, LEARNER_ONLY), (
        "keep _config.learner.yml identical to _config.yml apart from the learner-only settings"
    )
