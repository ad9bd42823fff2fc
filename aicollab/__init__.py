"""aicollab: the logic behind the healthcare-AI collaboration teaching kit.

Every computation a lesson shows lives here, in small modules, so that notebooks stay thin
and the same numbers can be tested in pytest, shown in JupyterLab and reproduced in the
static book:

- ``aicollab.data``: loaders for the survey and study tables in ``datasets/`` and Wilson intervals.
- ``aicollab.model``: the value-sharing model (coalition values, Shapley, Nash, core checks).
- ``aicollab.model.deals``: turning a share into deal terms a clinician recognises.
- ``aicollab.display.charts``: Altair chart builders with the kit's colour-blind-safe palette.
- ``aicollab.display.render``: the offline Altair renderer every notebook enables.
- ``aicollab.display.app`` / ``aicollab.display.static_app``: the JupyterLab app and its kernel-free twin
  (``aicollab.display.vegawidget`` is the app's in-place chart widget).
- ``aicollab.model.scenarios``, ``aicollab.lessons.sharing_examples``: illustrative presets and worked examples.
- ``aicollab.lessons.stakeholders``, ``aicollab.lessons.survey_views``, ``aicollab.lessons.barriers``,
  ``aicollab.lessons.cocreation``, ``aicollab.termsheet``: the lessons' tables, charts and checks.
- ``aicollab.feedback.quiz`` (kernel-free self-checks), ``aicollab.feedback.checks`` (exercise feedback),
  ``aicollab.tools.exercises`` (learner-version generator), ``aicollab.poll`` (room poll).
- ``aicollab.tools.serverext``: serves the vendored chart library from the Jupyter server.
"""

__version__ = "0.1.0"


def setup() -> None:
    """Prepare a notebook for the kit: offline charts, the kit's theme, stable table display.

    Every lesson calls this in its first code cell. It is safe to call more than once.
    """
    import pandas as pd

    from aicollab.display import charts, render

    render.enable()
    charts.enable_theme()
    _friendly_errors()
    # A kernel's display width is fixed, but set it anyway so stored outputs never depend
    # on where the notebook ran.
    pd.set_option("display.width", 100)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.precision", 2)


def _raised_by_kit(tb) -> bool:
    """True when the innermost frame of a traceback is code of this package."""
    import os
    import traceback

    frames = traceback.extract_tb(tb)
    if not frames:
        return False
    package = os.path.dirname(os.path.abspath(__file__))
    return os.path.abspath(frames[-1].filename).startswith(package + os.sep)


def friendly_error_html(error: BaseException) -> str:
    """The plain message a learner sees instead of a traceback (HTML)."""
    import html

    return (
        '<div role="alert" class="aicollab-input-error" style="border-left:4px solid #D55E00;'
        'padding:0.4rem 0.8rem;color:#7a2e00"><b>Check your input:</b> '
        f"{html.escape(str(error))}</div>"
    )


def _friendly_errors() -> None:
    """In IPython, show the kit's input errors as one plain sentence instead of a traceback.

    Functions of the kit raise ``ValueError`` with a message that says what is wrong with what
    the learner typed. A wall of traceback hides that sentence, so when a ``ValueError`` is
    raised by the kit's own code, the cell shows just the message (``%tb`` still shows the
    full traceback). Any other error, and any error from outside the kit, is shown as usual.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there in a notebook
        return
    shell = get_ipython()
    if shell is None:
        return

    def handler(shell, etype, evalue, tb, tb_offset=None):
        if not _raised_by_kit(tb):
            shell.showtraceback((etype, evalue, tb), tb_offset=tb_offset)
            return None
        from IPython.display import display

        bundle = {"text/html": friendly_error_html(evalue), "text/plain": f"Check your input: {evalue}"}
        display(bundle, raw=True)
        return None

    shell.set_custom_exc((ValueError,), handler)
