"""Regenerate the vendored JavaScript the kit serves instead of a CDN.

The book and JupyterLab both draw charts with vega, vega-lite and vega-embed. Hospital
networks often block public CDNs, so the kit ships one bundle, produced by the pinned
vl-convert-python (no network needed), at ``aicollab/static/vega-bundle.js``.

The bundle declares top-level names (``const _`` among them) that clash with Sphinx's own
``_`` in the book's pages, so it is wrapped in a function; it still sets ``window.vega``,
``window.vegaLite`` and ``window.vegaEmbed``.

Usage: python scripts/vendor_js.py  (then commit the changed file)
"""

from pathlib import Path

import vl_convert

VL_VERSION = "6.4"
TARGET = Path(__file__).resolve().parents[1] / "aicollab" / "static" / "vega-bundle.js"

HEADER = (
    '/* vega 6, vega-lite {vl}, vega-embed 7: vl_convert.javascript_bundle(vl_version="{vl}") '
    "from vl-convert-python {ver}, wrapped in a function so its top-level names cannot clash "
    "with the page (Sphinx defines `_`). Regenerate: python scripts/vendor_js.py */\n"
)


def main() -> None:
    bundle = vl_convert.javascript_bundle(vl_version=VL_VERSION)
    from importlib.metadata import version

    text = HEADER.format(vl=VL_VERSION, ver=version("vl-convert-python")) + "(function(){\n" + bundle + "\n})();\n"
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
