"""Display: how the kit's numbers reach a screen.

- :mod:`~aicollab.display.render`: the offline Altair renderer and displayable HTML.
- :mod:`~aicollab.display.charts`: the colour-blind-safe palette and shared chart builders.
- :mod:`~aicollab.display.app`: the value-sharing app for JupyterLab (ipywidgets), with its
  in-place chart widget (:mod:`~aicollab.display.vegawidget`).
- :mod:`~aicollab.display.static_app`: the app's kernel-free twin for the static book.
- :mod:`~aicollab.display.assets` and ``static/``: the vendored chart library, the kernel-free
  tools' scripts and the stylesheets.

Nothing is imported here, so ``import aicollab`` stays light; import the module you need.
"""
