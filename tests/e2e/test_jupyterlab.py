"""Every lesson runs in a real JupyterLab: charts draw, widgets display, no errors, no network.

A JupyterLab server (isolated settings, random port and token, internet features off; see
e2e_support.JupyterLabServer) serves the repository. Each notebook matching
``AICOLLAB_E2E_NOTEBOOKS`` (default ``notebooks/*.ipynb``) is opened at /lab/tree/<path>, its
stored outputs are cleared, and Run > Run All Cells is clicked. The test then requires: the run
finished (kernel idle, no ``[*]``) within the per-notebook timeout, every
``figure.aicollab-chart`` rendered, every widget output shows a view (no "Error displaying
widget"/"Loading widget..."), every kernel-free term-sheet form started, no error output or traceback, no uncaught exception in the page,
no request to another host, and no save of the notebook (PUT/PATCH/DELETE on /api/contents:
running a lesson must not rewrite the repository). Console errors are printed but do not fail (JupyterLab logs some
of its own).
Deselect with ``-m "not jupyterlab"``.
"""

from __future__ import annotations

import pytest

import e2e_support as e2e

pytestmark = [pytest.mark.browser, pytest.mark.jupyterlab, pytest.mark.slow]

CANARY = "tests/e2e/fixtures/canary_widgets.ipynb"
LESSONS = sorted(
    p.relative_to(e2e.REPO_ROOT).as_posix()
    for p in e2e.REPO_ROOT.glob(e2e.NOTEBOOK_GLOB)
    if ".ipynb_checkpoints" not in p.parts
)


def test_lessons_to_open_are_found():
    """An empty list would make the parametrized test below vanish instead of failing."""
    assert LESSONS, f"no notebook matches {e2e.NOTEBOOK_GLOB}: the JupyterLab check would test nothing"


def _check(lab_context, jupyter_lab, rel_path, tmp_path) -> e2e.NotebookReport:
    context, guard = lab_context
    report = e2e.run_notebook_in_lab(context, guard, jupyter_lab, rel_path, screenshot_dir=tmp_path)
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
