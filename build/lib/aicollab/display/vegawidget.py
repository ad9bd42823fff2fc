"""A chart widget for live apps: one Vega view whose data is swapped in place.

Why not Altair's ``JupyterChart``: its offline mode inlines the whole vega bundle (~0.9 MB)
into every widget's state. Why not an ``Output`` widget that redisplays the chart: every
redraw flashes, and outputs routed into an ``Output`` widget leak into the cell under nbval.

This widget sends the chart's spec once and afterwards only its data rows. In the browser
the view replaces the named dataset's rows (``view.data``), so the bars move without the chart
being rebuilt (no flicker). The vega library is loaded the same way as the kit's renderer:
already on the page, or from the Jupyter server through the kit's server extension.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = r"""
function loadVega() {
  if (window.vegaEmbed) { return Promise.resolve(); }
  if (!window.aicollabVegaLoading) {
    var config = document.getElementById("jupyter-config-data");
    var base = "/";
    try { base = config ? (JSON.parse(config.textContent).baseUrl || "/") : "/"; } catch (e) { base = "/"; }
    window.aicollabVegaLoading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = base.replace(/\/?$/, "/") + "aicollab/static/vega-bundle.js";
      tag.onload = resolve;
      tag.onerror = function () { window.aicollabVegaLoading = null; reject(new Error("not found")); };
      document.head.appendChild(tag);
    });
  }
  return window.aicollabVegaLoading;
}

async function render({ model, el }) {
  el.classList.add("aicollab-vegawidget");
  var target = document.createElement("div");
  el.appendChild(target);
  var view = null;
  function rows() { return JSON.parse(JSON.stringify(model.get("values") || [])); }
  async function draw() {
    try { await loadVega(); } catch (e) {
      target.setAttribute("data-aicollab-error", "true");
      target.textContent = "The chart library could not be loaded from this Jupyter server. Run the kit's set-up command and restart JupyterLab.";
      return;
    }
    if (view) { view.finalize(); view = null; }
    var result = await window.vegaEmbed(target, model.get("spec"), { renderer: "svg", actions: false });
    view = result.view;
    (window.aicollabViews = window.aicollabViews || []).push(view);
    await update();
    target.setAttribute("data-aicollab-rendered", "true");
  }
  async function update() {
    if (!view) { return; }
    // view.data(name, rows) replaces every row of the named dataset in place.
    await view.data(model.get("data_name"), rows()).runAsync();
  }
  model.on("change:values", update);
  model.on("change:spec", draw);
  await draw();
  return function () { if (view) { view.finalize(); } };
}

export default { render };
"""


class VegaWidget(anywidget.AnyWidget):
    """Draw a Vega-Lite ``spec`` whose named dataset ``data_name`` is fed from ``values``.

    Set ``values`` (a list of row dicts) to update the chart in place; set ``spec`` only when
    the chart's structure changes (e.g. a player is added).
    """

    _esm = _ESM
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.List().tag(sync=True)
    data_name = traitlets.Unicode("table").tag(sync=True)
