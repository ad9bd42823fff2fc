"""Where the kit's browser assets live, and how they are read (no plotting import needed).

The vendored chart bundle, the kit's scripts and its stylesheets are files in
``aicollab/display/static/``, installed with the package; no module holds CSS or JavaScript
as a Python string (tests/test_render.py checks this). The book copies that folder to its
``_static/``; a Jupyter server serves it at ``<base_url>aicollab/static/`` through the kit's
server extension (:mod:`aicollab.tools.serverext`). Notebook outputs name these files but
never contain them: see :mod:`aicollab.display.render`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: Where the Jupyter server extension serves the static files (relative to the base URL).
STATIC_ROUTE = "aicollab/static/"
#: The folder of static files inside the installed package.
STATIC_DIR = Path(str(files("aicollab.display") / "static"))


def read_asset(name: str) -> str:
    """The text of one static file, e.g. ``read_asset("files.js")``."""
    path = STATIC_DIR / name
    if path.parent != STATIC_DIR or not path.is_file():
        raise ValueError(f"{name!r} is not one of the kit's static files (in {STATIC_DIR})")
    return path.read_text(encoding="utf-8")


def asset_body(name: str) -> str:
    """A static file without its leading ``/* ... */`` comment and outer blank lines.

    The comment at the top of each script and stylesheet says what it is for; a page that
    inlines the file (a saved summary, a standalone chart, the bootstrap in an output) does
    not need to carry it.
    """
    text = read_asset(name).strip()
    if text.startswith("/*"):
        text = text[text.index("*/") + 2 :].strip()
    return text


def inline_css(name: str) -> str:
    """A stylesheet's rules for a ``<style>`` element (:func:`asset_body` of a ``.css`` file)."""
    return asset_body(name)
