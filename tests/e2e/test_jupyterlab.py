"""Every lesson runs in a real JupyterLab: charts draw, widgets display, no errors, no network.

A JupyterLab server (isolated settings, random port and token, internet features off; see
e2e_support.JupyterLabServer) serves the repository. Each notebook matching
``AICOLLAB_E2E_NOTEBOOKS`` (default ``notebooks/*.ipynb``) is opened at /lab/tree/<path>, its
stored outputs are cleared, and Run > Run All Cells is clicked. The test then requires: the run
finished (kernel idle, no ``[*]``) within the per-notebook timeout, every
``figure.aicollab-chart`` rendered, every widget output shows a view (no "Error displaying
widget"/"Loading widget..."), every kernel-free term-sheet form started, no error output or traceback, no uncaught exception in the page,
no request to another host, and no save of the notebook (PUT/PATCH/DELETE on /api/contents:
running a lesson must not rewrite the repository). The lessons' MyST must read as in the book
(lab_myst.problems: every markdown cell rendered by jupyterlab-myst, no raw directive, role or
option left, instructor notes folded, every glossary term resolved); a canary notebook shows
the check passing with jupyterlab-myst and failing without it. Console errors are printed but do not fail (JupyterLab logs some
of its own).
Deselect with ``-m "not jupyterlab"``.
"""

from __future__ import annotations

import lab_myst
import pytest

import e2e_support as e2e

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab, pytest.mark.slow]

CANARY = "tests/e2e/fixtures/canary_widgets.ipynb"
MYST_CANARY = "tests/e2e/fixtures/canary_myst.ipynb"
LESSONS = sorted(
    p.relative_to(e2e.REPO_ROOT).as_posix()
    for p in e2e.REPO_ROOT.glob(e2e.NOTEBOOK_GLOB)
    if ".ipynb_checkpoints" not in p.parts
)


def test_lessons_to_open_are_found():
    """An empty list would make the parametrized test below vanish instead of failing."""
    assert LESSONS, f"no notebook matches {e2e.NOTEBOOK_GLOB}: the JupyterLab check would test nothing"


def _myst_checks(rel_path: str):
    return lambda page, report: lab_myst.problems(page, rel_path, e2e.REPO_ROOT, report.console_errors)


def _check(lab_context, jupyter_lab, rel_path, tmp_path) -> e2e.NotebookReport:
    context, guard = lab_context
    report = e2e.run_notebook_in_lab(
        context, guard, jupyter_lab, rel_path, screenshot_dir=tmp_path, extra_checks=_myst_checks(rel_path)
    )
    print(
        f"\n[e2e] {rel_path}: {report.seconds:.1f} s, {report.rendered}/{report.figures} charts, "
        f"{report.widgets} widget views, {report.forms} kernel-free forms; phases (s) {report.phases}"
        + (f"; console errors (not failing): {report.console_errors}" if report.console_errors else "")
    )
    return report


@pytest.mark.parametrize(
    "rel_path",
    LESSONS,
)
def test_lesson_runs_in_jupyterlab(lab_context, jupyter_lab, rel_path, tmp_path):
    report = _check(lab_context, jupyter_lab, rel_path, tmp_path)
    assert not report.problems, (
        f"{rel_path} in JupyterLab:\n  "
        + "\n  ".join(report.problems)
        + (f"\n  screenshot: {report.screenshot}" if report.screenshot else "")
    )


def test_canary_notebook_shows_charts_and_widgets(lab_context, jupyter_lab, tmp_path):
    """The checks above see what they claim to: the canary has a chart, ipywidgets and an anywidget."""
    report = _check(lab_context, jupyter_lab, CANARY, tmp_path)
    assert not report.problems, report.problems
    assert (report.figures, report.rendered) == (1, 1)
    assert report.widgets == 3, f"expected IntSlider, interact and anywidget views, saw {report.widgets}"


def test_myst_canary_reads_as_in_the_book(lab_context, jupyter_lab, tmp_path):
    """Admonition, folded instructor note, exercise, gated solution, a term and its glossary: no problem."""
    report = _check(lab_context, jupyter_lab, MYST_CANARY, tmp_path)
    assert not report.problems, report.problems


@pytest.fixture(scope="module")
def lab_without_myst():
    """A second JupyterLab with the jupyterlab-myst front end switched off (page_config.json)."""
    lab = e2e.JupyterLabServer(disabled_extensions=("jupyterlab-myst",))
    try:
        lab.start()
    except e2e.JupyterLabError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield lab
    finally:
        lab.stop()


def test_myst_check_fails_without_jupyterlab_myst(lab_context, lab_without_myst, tmp_path):
    """Without the extension the same canary shows raw MyST, and the check says so, cell by cell."""
    context, guard = lab_context
    report = e2e.run_notebook_in_lab(
        context, guard, lab_without_myst, MYST_CANARY, extra_checks=_myst_checks(MYST_CANARY)
    )
    problems = "\n".join(report.problems)
    print(f"\n[e2e] without jupyterlab-myst: {problems}")
    lines = {p.split(" shows raw MyST", 1)[0]: p for p in report.problems if " shows raw MyST" in p}
    for cell, shown in {
        1: ("{admonition}", "{cite:p}", "{term}", ":class:"),
        2: ("{admonition}", ":class:"),
        3: ("{exercise}", ":label:", ":nonumber:"),
        4: ("a code block of language {solution-start}",),
        5: ("a code block of language {solution-end}",),
        7: ("a code block of language {glossary}",),
    }.items():
        line = lines.get(f"markdown cell {cell}", "")
        assert all(s in line for s in shown), f"cell {cell}: expected {shown} among:\n{problems}"
    assert "markdown cell 6" not in lines, "MyST shown as code is not raw MyST"
    assert "markdown cell 1: rendered without jupyterlab-myst" in problems
    assert "0 folded instructor notes shown, but the notebook has 1" in problems
