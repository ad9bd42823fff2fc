"""The kit's offline Altair renderer.

Why it exists: Altair's default renderer writes HTML that fetches vega, vega-lite and
vega-embed from a public CDN; on a hospital network that blocks CDNs every chart is blank.
Altair 6's ``mimetype`` renderer is no better (its output is not valid nbformat and neither
Jupyter Book 1 nor JupyterLab 4.6 draws it).

What it does: ``enable()`` registers a renderer named ``aicollab`` that emits a small,
deterministic HTML fragment: a ``<figure>`` with the chart's title and text description,
and a script that draws the spec with ``window.vegaEmbed``. Where that function comes from:

- in the built book, ``_config.yml`` loads ``aicollab/display/static/vega-bundle.js`` on every page;
- in JupyterLab (or Notebook 7), the script loads the same file from the Jupyter server,
  which serves it at ``<base_url>aicollab/static/`` through the kit's server extension
  (``aicollab.tools.serverext``, enabled by the set-up script).

So a fresh build, a cached build and a live JupyterLab all use one vendored bundle, and
nothing is requested from another host. The output contains no random ids, so nbval can
compare it run after run.
"""

from __future__ import annotations

import html
import json
from typing import Any

import altair as alt

from .assets import STATIC_ROUTE, read_asset

RENDERER_NAME = "aicollab"
BUNDLE_NAME = "vega-bundle.js"

_EMBED_OPTIONS = {"renderer": "svg", "actions": False}

# The script finds its figure through document.currentScript (set for inline scripts in a
# Sphinx page and for the copies JupyterLab re-inserts), so no element id is needed.
_SCRIPT = """(function () {
  var script = document.currentScript;
  var figure = script && script.previousElementSibling;
  if (!figure) { return; }
  var target = figure.querySelector(".aicollab-vega");
  var spec = %(spec)s;
  function fail(message) {
    target.setAttribute("data-aicollab-error", "true");
    target.textContent = message;
  }
  function draw() {
    window.vegaEmbed(target, spec, %(options)s).then(function (result) {
      (window.aicollabViews = window.aicollabViews || []).push(result.view);
      // Vega writes a radio binding's question as a plain <span>: make the options a named group.
      target.querySelectorAll(".vega-bind-radio").forEach(function (group) {
        var name = group.parentNode.querySelector(".vega-bind-name");
        group.setAttribute("role", "radiogroup");
        if (name) { group.setAttribute("aria-label", name.textContent.trim()); }
      });
      target.setAttribute("data-aicollab-rendered", "true");
    }).catch(function (error) { fail("The chart could not be drawn: " + error); });
  }
  if (window.vegaEmbed) { draw(); return; }
  var config = document.getElementById("jupyter-config-data");
  var base = null;
  try { base = config ? (JSON.parse(config.textContent).baseUrl || "/") : null; } catch (e) { base = null; }
  if (base === null) {
    fail("The chart library is missing from this page. In JupyterLab, run the set-up cell again; in the book, reload the page.");
    return;
  }
  if (!window.aicollabVegaLoading) {
    window.aicollabVegaLoading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = base.replace(/\\/?$/, "/") + "%(route)s%(bundle)s";
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("not found")); };
      document.head.appendChild(tag);
    });
  }
  window.aicollabVegaLoading.then(draw, function () {
    window.aicollabVegaLoading = null;
    fail("The chart library could not be loaded from this Jupyter server. Run the kit's set-up command (it enables the aicollab server extension) and restart JupyterLab.");
  });
})();"""


def _title_text(spec: dict[str, Any]) -> str:
    """The chart's title as plain text ('' when it has none)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "")


def chart_html(spec: dict[str, Any]) -> str:
    """Return the HTML fragment that draws ``spec`` offline.

    The title and ``description`` of the spec become the figure's accessible name and a
    visible caption, so the chart has a text alternative even before (or without) drawing.
    """
    title = _title_text(spec)
    description = str(spec.get("description") or "")
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    # A "</script>" inside the data would end the script early.
    spec_json = spec_json.replace("</", "<\\/")
    script = _SCRIPT % {
        "spec": spec_json,
        "options": json.dumps(_EMBED_OPTIONS, sort_keys=True),
        "route": STATIC_ROUTE,
        "bundle": BUNDLE_NAME,
    }
    label = html.escape(title or description or "Chart", quote=True)
    caption = f'<figcaption class="aicollab-caption">{html.escape(description)}</figcaption>' if description else ""
    return (
        f'<figure class="aicollab-chart" aria-label="{label}">'
        f'<div class="aicollab-vega" role="presentation"></div>{caption}</figure>'
        f"<script>{script}</script>"
    )


def inline_script(name: str) -> str:
    """A ``<script>`` element holding the vendored file ``aicollab/display/static/<name>``.

    For the small scripts of the kernel-free tools: written into the cell's output, they need
    no server route and no network, in the book and in JupyterLab alike.
    """
    text = read_asset(name)
    if "</script" in text.lower():
        raise ValueError(f"{name} contains '</script', which would end the inline script early")
    return f"<script>{text}</script>"


#: Downloads and room-poll files for every kernel-free tool (written before the tool's output).
FILES_SCRIPT = "files.js"


class HtmlOutput:
    """Displayable HTML with a short plain-text fallback (deterministic repr, for nbval).

    What the kit's kernel-free tools return (forms, buttons, findings tables): JupyterLab and
    the book show the HTML; a plain-text view shows the text.
    """

    def __init__(self, markup: str, text: str):
        self.markup, self.text = markup, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.markup, "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    title = _title_text(spec) or "untitled"
    return {"text/html": chart_html(spec), "text/plain": f"<aicollab chart: {title}>"}


def enable() -> None:
    """Make every Altair chart in this kernel use the offline renderer.

    Lessons call ``aicollab.setup()``, which calls this; calling it twice is harmless.
    """
    alt.renderers.register(RENDERER_NAME, _renderer)
    alt.renderers.enable(RENDERER_NAME)
