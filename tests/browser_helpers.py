"""Shared pieces of the small-page browser tests (headless Debian Chromium through Playwright).

The book-wide browser suite lives in tests/e2e/; these helpers serve the tests that put the
kit's outputs into a small page of their own (test_termsheet_browser.py, test_ranking_browser.py,
test_weights_poll_browser.py, test_kit_browser.py).
"""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("AICOLLAB_E2E_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


#: The tools' stylesheets, as the book links them (kit.js links termsheet.css where a term sheet is shown).
TOOL_STYLESHEETS = (
    "chart.css",
    "quiz.css",
    "ranking-form.css",
    "weights-poll.css",
    "termsheet-form.css",
    "termsheet.css",
)


def kit_page(body: str, title: str = "Kit test", head: str = "") -> str:
    """A small HTML page that loads the kit's script as the built book does (in its head, from
    ``aicollab/display/static/``), with ``body`` (notebook outputs) in its <main>. The kit finds
    the tools' scripts and the vega bundle next to itself. The stylesheets are inlined (marked,
    so the kit does not link them again): axe-core re-reads linked stylesheets over
    XMLHttpRequest, which a file:// page refuses with a console error."""
    from aicollab.display.assets import STATIC_DIR
    from aicollab.display.render import KIT_SCRIPT, inline_style

    styles = "".join(inline_style(name) for name in TOOL_STYLESHEETS)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="icon" href="data:,">{styles}<script src="{(STATIC_DIR / KIT_SCRIPT).as_uri()}"></script>'
        f"{head}</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not os.path.exists(CHROMIUM):
        return f"system Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (python) is not installed"
    return None


def chromium():
    """A generator for a module-scoped fixture: one headless Chromium, closed afterwards."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def guarded_page(context, blocked: list[str]):
    """A new page whose requests to anything but local files and in-page data are blocked and listed."""
    page = context.new_page()

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    page.route("**/*", guard)
    return page


def save_and_collect(page, button: str, folder):
    """Click the room-poll button whose text is ``button``, save the download into ``folder``
    (a new, empty folder) and return (the file's JSON, :func:`aicollab.poll.collect` of the folder)."""
    import json

    from aicollab import poll

    folder.mkdir()
    with page.expect_download() as dl:
        page.click(f"button:has-text('{button}')")
    path = folder / dl.value.suggested_filename
    dl.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8")), poll.collect(folder)
