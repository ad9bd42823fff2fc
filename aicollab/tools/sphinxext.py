"""Sphinx extension with the kit's fixes to the generated HTML (proposed: aicollab/sphinxext.py).

Enable it in _config.yml: ``sphinx: extra_extensions: [sphinx_exercise, aicollab.tools.sphinxext]``.

1. Duplicate <script> tags. Sphinx 7.4 lists an inline script that an extension registers
   after the builder started (``app.add_js_file(None, body=...)``) twice: once from the
   builder's own list (filename ``None``) and once from the registry (filename ``''``), and
   the two do not compare equal. sphinx-thebe registers ``const THEBE_JS_URL = ...`` that way,
   so every page of the book threw "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has
   already been declared" (found by tests/e2e/test_book_pages.py). This handler keeps the
   first of each identical script.
"""

from __future__ import annotations

from typing import Any


def _script_key(js: Any) -> tuple:
    filename = getattr(js, "filename", js) or ""
    attributes = getattr(js, "attributes", {}) or {}
    return (str(filename), tuple(sorted((str(k), str(v)) for k, v in attributes.items())))


def dedupe_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for js in scripts:
        key = _script_key(js)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique  # in place: the builder restores its own copy after each page


def setup(app: Any) -> dict[str, Any]:
    # Late priority: after extensions that add page-specific scripts in html-page-context.
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
