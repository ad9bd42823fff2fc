"""The kit's kernel-free forms on the built book's pages, with the network closed.

The form's own behaviour is tested in detail on a small page (tests/test_termsheet_browser.py);
here the point is the book itself: the page loads the vendored script through
``html_js_files``, the form starts, and a learner can check a draft and see the same findings
as the Python checker, with no request to another host and no console error.
"""

from __future__ import annotations

import pytest

from aicollab import termsheet as T

import e2e_support as e2e

pytestmark = pytest.mark.browser

PAGE = "notebooks/06_capstone.html"


def test_capstone_form_works_in_the_book(browser, book):
    if PAGE not in book.pages:
        pytest.fail(f"{PAGE} is not in the built book: the capstone lesson must be")
    with e2e.open_page(browser, book.url(PAGE), PAGE) as (page, report):
        page.wait_for_selector("form.aicollab-tsf", timeout=10_000)
        assert page.locator(".aicollab-tsform-loading").count() == 0
        share = page.locator(".aicollab-tsf-partners tbody tr").first.locator("[name=share]")
        share.fill("ten")
        share.press("Enter")
        assert "must be a number such as 25 or 12.5" in page.inner_text(".aicollab-tsf-alert")
        assert share.input_value() == "ten"
        share.fill("0")
        share.press("Enter")
        summary = T.check(T.example_term_sheet("first draft")).attrs["summary"]
        assert page.inner_text(".aicollab-tsf-message").strip() == f"Checked: {summary}."
        assert page.locator(".aicollab-tsf-results tbody tr").count() > 5
    assert not report.blocked, report.blocked
    assert not report.page_errors, report.page_errors
    assert not report.console_errors, report.console_errors


def test_every_kernel_free_form_in_the_book_starts(browser, book):
    """Lesson 3's ranking form and lesson 6's term-sheet form (and any later one) build their <form>."""
    pages = [
        p
        for p in book.pages
        if any(
            marker in (book.html_dir / p).read_text(encoding="utf-8")
            for marker in ('data-aicollab-tool="termsheet"', 'data-aicollab-tool="ranking"')
        )
    ]
    assert {"notebooks/03_barriers.html", PAGE} <= set(pages), pages
    for name in pages:
        with e2e.open_page(browser, book.url(name), name) as (page, report):
            page.wait_for_function(e2e.JS_FORMS_SETTLED, timeout=10_000)
            forms = page.evaluate(e2e.JS_FORM_STATE)
        assert forms and all(f["mounted"] for f in forms), (name, forms)
        assert not report.page_errors and not report.console_errors and not report.blocked, report


def test_weights_button_saves_the_charts_weights_in_the_book(browser, book, tmp_path):
    """Lesson 4: the kernel-free button saves the static chart's slider weights as a room-poll file."""
    import json

    from aicollab import poll
    from aicollab.model.scenarios import default_partnership

    name = "notebooks/04_value_and_ip.html"
    with e2e.open_page(browser, book.url(name), name, context_options={"accept_downloads": True}) as (page, report):
        with page.expect_download() as dl:
            page.click("button:has-text('Save these weights for the room poll')")
        dl.value.save_as(tmp_path / dl.value.suggested_filename)
    assert not report.page_errors and not report.console_errors and not report.blocked, report
    result = poll.collect(tmp_path)
    assert len(result.submissions) == 1 and result.skipped.empty
    saved = json.loads((tmp_path / dl.value.suggested_filename).read_text(encoding="utf-8"))["weights"]
    assert saved == dict(default_partnership().resources)
