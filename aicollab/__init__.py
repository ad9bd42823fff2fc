"""aicollab: the logic behind the healthcare-AI collaboration teaching kit.

Every computation a lesson shows lives here, in small modules, so that notebooks stay thin
and the same numbers can be tested in pytest, shown in JupyterLab and reproduced in the
static book:

- ``aicollab.data``: loaders for the survey and study tables in ``datasets/`` and Wilson intervals.
- ``aicollab.value``: the value-sharing model (coalition values, Shapley, Nash, core checks).
- ``aicollab.deals``: turning a share into deal terms a clinician recognises.
- ``aicollab.charts``: Altair chart builders with the kit's colour-blind-safe palette.
- ``aicollab.render``: the offline Altair renderer every notebook enables.
- ``aicollab.app`` / ``aicollab.static_app``: the JupyterLab app and its kernel-free twin
  (``aicollab.vegawidget`` is the app's in-place chart widget).
- ``aicollab.scenarios``, ``aicollab.sharing_examples``: illustrative presets and worked examples.
- ``aicollab.stakeholders``, ``aicollab.survey_views``, ``aicollab.barriers``,
  ``aicollab.cocreation``, ``aicollab.termsheet``: the lessons' tables, charts and checks.
- ``aicollab.quiz`` (kernel-free self-checks), ``aicollab.checks`` (exercise feedback),
  ``aicollab.exercises`` (learner-version generator), ``aicollab.poll`` (room poll).
- ``aicollab.serverext``: serves the vendored chart library from the Jupyter server.
"""

__version__ = "0.1.0"


def setup() -> None:
    """Prepare a notebook for the kit: offline charts, the kit's theme, stable table display.

    Every lesson calls this in its first code cell. It is safe to call more than once.
    """
    import pandas as pd

    from . import charts, render

    render.enable()
    charts.enable_theme()
    # A kernel's display width is fixed, but set it anyway so stored outputs never depend
    # on where the notebook ran.
    pd.set_option("display.width", 100)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.precision", 2)
