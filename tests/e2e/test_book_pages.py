"""Every page of the built book loads cleanly, stays on this machine, and draws all its charts.

Each content page under _build/html (all but genindex, search and _static) is opened once in a
fresh browser context (conftest.book_visits); the tests below judge what was recorded, so a
failure lists every page with that problem.
"""

from __future__ import annotations

import re

import pytest

import e2e_support as e2e

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reports(book_visits) -> list[e2e.PageReport]:
    return [visit.report for visit in book_visits.values()]


def test_book_has_content_pages(book):
    assert book.pages, f"no content page found under {book.html_dir}"
    if book.stale:
        # Sphinx leaves the pages of removed documents behind; CI starts from an empty _build.
        print(f"\n[e2e] stale pages in {book.html_dir} (not tested; rm -rf _build to drop them): {book.stale}")
    assert (book.html_dir / "index.html").exists()
    for page, target in book.redirects.items():
        assert (book.html_dir / page).parent.joinpath(target).exists(), f"{page} redirects to missing {target}"


def test_every_page_names_the_kit_icon(book):
    """Issue 16: a page without an icon makes the browser ask the server for /favicon.ico, a 404
    that every page logs when the book is served over HTTP. The book vendors its own (html_favicon)."""
    missing = []
    for page in book.pages:
        m = re.search(r'<link rel="icon" href="([^"?#]+)', (book.html_dir / page).read_text(encoding="utf-8"))
        if not m or not ((book.html_dir / page).parent / m.group(1)).is_file():
            missing.append(page)
    assert not missing, f"pages without the kit's icon: {missing}"


def test_pages_load_without_console_or_page_errors(reports):
    problems = []
    for r in reports:
        if r.status is not None and r.status >= 400:
            problems.append(f"{r.page}: HTTP {r.status}")
        problems += [f"{r.page}: console error: {m}" for m in r.console_errors]
        problems += [f"{r.page}: uncaught exception: {m}" for m in r.page_errors]
    assert not problems, "\n".join(problems)


def test_pages_request_nothing_from_other_hosts(reports):
    problems = [f"{r.page}: {b}" for r in reports for b in r.blocked]
    assert not problems, "requests to hosts other than 127.0.0.1 (all were aborted):\n" + "\n".join(problems)


def test_every_chart_renders(reports):
    problems = [f"{r.page}: {p}" for r in reports for p in r.chart_problems()]
    assert not problems, "\n".join(problems)


# -- The checks above can fail: canaries with known problems ---------------------------------


def test_checks_pass_on_good_canary(browser, canary_site):
    with e2e.open_page(browser, canary_site.url("good.html")) as (_page, r):
        pass
    assert (r.figures, r.rendered) == (2, 2), r.chart_state
    assert not (r.console_errors or r.page_errors or r.blocked or r.chart_problems()), r


def test_checks_catch_problems_on_leaky_and_broken_canaries(browser, canary_site):
    with e2e.open_page(browser, canary_site.url("leaky.html")) as (_page, leaky):
        pass
    assert any("external.example" in b for b in leaky.blocked), leaky.blocked
    assert any("canary console error" in m for m in leaky.console_errors), leaky.console_errors
    assert any("canary page error" in m for m in leaky.page_errors), leaky.page_errors
    with e2e.open_page(browser, canary_site.url("broken.html")) as (_page, broken):
        pass
    assert broken.figures == 1 and broken.rendered == 0
    assert any("data-aicollab-error" in p for p in broken.chart_problems()), broken.chart_problems()
