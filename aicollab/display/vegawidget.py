"""A chart widget for live apps: one Vega view whose data is swapped in place.

Why not Altair's ``JupyterChart``: its offline mode inlines the whole vega bundle (~0.9 MB)
into every widget's state. Why not an ``Output`` widget that redisplays the chart: every
redraw flashes, and outputs routed into an ``Output`` widget leak into the cell under nbval.

This widget sends the chart's spec once and afterwards only its data rows. In the browser
the view replaces the named dataset's rows (``view.data``), so the bars move without the chart
being rebuilt (no flicker). The front end is a file, ``static/vegawidget.js``; it draws with the
kit's script (``kit.js``), loaded from the Jupyter server through the kit's server extension,
like every chart of the kit.
"""

from __future__ import annotations

import anywidget
import traitlets

from .assets import STATIC_DIR


class VegaWidget(anywidget.AnyWidget):
    """Draw a Vega-Lite ``spec`` whose named dataset ``data_name`` is fed from ``values``.

    Set ``values`` (a list of row dicts) to update the chart in place; set ``spec`` only when
    the chart's structure changes (e.g. a player is added).
    """

    _esm = STATIC_DIR / "vegawidget.js"
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.List().tag(sync=True)
    data_name = traitlets.Unicode("table").tag(sync=True)
