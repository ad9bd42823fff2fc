"""How the kit's charts and kernel-free tools are written into notebook outputs.

Why it exists: Altair's default renderer writes HTML that fetches vega, vega-lite and
vega-embed from a public CDN; on a hospital network that blocks CDNs every chart is blank.
Altair 6's ``mimetype`` renderer is no better (its output is not valid nbformat and neither
Jupyter Book 1 nor JupyterLab 4.6 draws it).

What an output holds (:func:`tool_html`): the tool's markup, its data as JSON in a
``<script type="application/json" class="aicollab-config">`` and, after it, one small inline
script that is the same for every tool (``static/bootstrap.js``). Nothing else: the drawing
code, the forms' scripts and every stylesheet are files in ``aicollab/display/static/``,
loaded by URL, so editing them changes no stored notebook (tests/test_render.py proves it).

- In the built book, ``_config.yml`` loads ``kit.js`` on every page (and links the
  stylesheets); the bootstrap hands the tool to it.
- In JupyterLab (or Notebook 7), the bootstrap loads ``kit.js`` once from the Jupyter server,
  which serves the static folder at ``<base_url>aicollab/static/`` through the kit's server
  extension (``aicollab.tools.serverext``, enabled by the set-up script).

``kit.js`` then loads what the tool needs from next to itself: the vendored vega bundle for a
chart (so one bundle serves the book and JupyterLab, and nothing is requested from another
host), ``quiz.js``, ``ranking-form.js`` and so on, and the tool's stylesheet where the page
lacks it. Failures (no kit on the page, server extension not enabled) end in a plain message
in the tool's ``.aicollab-status`` element.

``enable()`` registers an Altair renderer named ``aicollab`` that writes charts this way: a
``<figure>`` with the chart's title and text description, and the Vega-Lite spec as JSON. The
output contains no random ids, so nbval can compare it run after run.

Everything embedded in an inline ``<script>`` goes through :func:`script_json`.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from typing import Any

from .assets import STATIC_ROUTE, asset_body

RENDERER_NAME = "aicollab"
#: The vendored vega, vega-lite and vega-embed bundle (in ``aicollab/display/static/``).
BUNDLE_NAME = "vega-bundle.js"
#: The kit's script: mounts every tool and draws charts (loaded by URL, never inlined in outputs).
KIT_SCRIPT = "kit.js"
#: The one inline script of every tool's output.
BOOTSTRAP_SCRIPT = "bootstrap.js"

# "<", ">" and "&" end or open markup inside <script> ("</script>", "<!--", "<script"); U+2028
# and U+2029 end a line in older JavaScript parsers; a lone surrogate cannot be written as UTF-8.
_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def _finite(value: Any) -> Any:
    """``value`` with every NaN and infinity replaced by None (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside any inline ``<script>`` element, and still valid JSON.

    The one escaping rule for everything the kit embeds in a page (charts' specs, the tools'
    settings): ``<``, ``>``, ``&``, U+2028, U+2029 and any lone surrogate are written as
    ``\\uXXXX``, so no value can end the script, open a comment or a new script
    (``</script>``, ``<!--<script>``), or make the page unencodable; ``JSON.parse`` gives the
    original text back. Keys are sorted and there is no whitespace, so the output is
    deterministic. NaN and infinities, which JSON cannot carry, become ``null`` (Vega's
    missing value, as Altair writes them for data frames).
    """
    try:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_IN_SCRIPT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@functools.cache
def bootstrap_html() -> str:
    """The inline ``<script>`` that follows every tool in an output (``static/bootstrap.js``).

    Written on one line (indentation and line breaks become single spaces: the file ends every
    statement with ``;`` and has no ``//`` comment), so each output stores it as one short string.
    """
    source = asset_body(BOOTSTRAP_SCRIPT)
    if re.search(r"(^|\s)//", source):
        raise ValueError(f"{BOOTSTRAP_SCRIPT} must not use // comments: it is written on one line")
    body = " ".join(line.strip() for line in source.splitlines() if line.strip())
    if re.search(r"</script|<!--|<script", body, re.IGNORECASE):
        raise ValueError(f"{BOOTSTRAP_SCRIPT} contains '</script', '<script' or '<!--', which would break the page")
    if f"{STATIC_ROUTE}{KIT_SCRIPT}" not in body:
        raise ValueError(f"{BOOTSTRAP_SCRIPT} must load {STATIC_ROUTE}{KIT_SCRIPT} in JupyterLab")
    return f"<script>{body}</script>"


def tool_html(tool: str, body: str, *, config: Any = None, tag: str = "div", attrs: str = "") -> str:
    """The output of one kernel-free tool: its element, its JSON settings and the bootstrap.

    ``tool`` names what ``kit.js`` mounts (``chart``, ``quiz``, ``ranking``, ``weights-poll``,
    ``termsheet``, ``termsheet-view``); ``body`` is the element's markup (already escaped);
    ``config``, when given, is embedded with :func:`script_json` as
    ``<script type="application/json" class="aicollab-config">`` at the end of the element;
    ``attrs`` are further attributes of the element (e.g. ``class="..."``).
    """
    data = (
        ""
        if config is None
        else f'<script type="application/json" class="aicollab-config">{script_json(config)}</script>'
    )
    extra = f" {attrs.strip()}" if attrs.strip() else ""
    return f'<{tag}{extra} data-aicollab-tool="{html.escape(tool, quote=True)}">{body}{data}</{tag}>{bootstrap_html()}'


def _title_text(spec: dict[str, Any]) -> str:
    """The chart's title as plain text ('' when it has none)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "")


def chart_html(spec: dict[str, Any]) -> str:
    """Return the HTML fragment that draws ``spec`` offline (``kit.js`` draws it with vega-embed).

    The title and ``description`` of the spec become the figure's accessible name and a
    visible caption, so the chart has a text alternative even before (or without) drawing.
    """
    title = _title_text(spec)
    description = str(spec.get("description") or "")
    label = html.escape(title or description or "Chart", quote=True)
    caption = f'<figcaption class="aicollab-caption">{html.escape(description)}</figcaption>' if description else ""
    data = f'<script type="application/json" class="aicollab-config">{script_json(spec)}</script>'
    # The spec goes before the caption: a <figcaption> must be the figure's first or last child.
    body = f'<div class="aicollab-vega aicollab-status" role="presentation"></div>{data}{caption}'
    return tool_html("chart", body, tag="figure", attrs=f'class="aicollab-chart" aria-label="{label}"')


def inline_script(name: str) -> str:
    """A ``<script>`` element holding the static file ``name``, for standalone pages only.

    A page saved or opened on its own (no book, no Jupyter server) must carry its scripts;
    notebook outputs never do (they use :func:`tool_html`).
    """
    text = asset_body(name)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ValueError(f"{name} contains '</script' or '<!--', which would end the inline script early")
    return f"<script>{text}</script>"


def inline_style(name: str) -> str:
    """A ``<style>`` element holding the stylesheet ``name``, for standalone pages only.

    Marked with ``data-aicollab-css`` so that ``kit.js`` does not link the same file again.
    """
    text = asset_body(name)
    if re.search(r"</style", text, re.IGNORECASE):
        raise ValueError(f"{name} contains '</style', which would end the inline stylesheet early")
    return f'<style data-aicollab-css="{html.escape(name, quote=True)}">{text}</style>'


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

    Lessons call ``aicollab.setup()``, which calls this; calling it twice is harmless. (Altair
    is imported here only, so the tools' HTML helpers above stay light to import.)
    """
    import altair as alt

    alt.renderers.register(RENDERER_NAME, _renderer)
    alt.renderers.enable(RENDERER_NAME)
