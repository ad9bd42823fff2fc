"""The book on a phone: every page at 390 x 844 CSS px, touch, device scale factor 3 (issue 16).

The built book is served over HTTP from 127.0.0.1 as a static host would serve it (the
``book`` fixture's server, which also records every request it answers with an error). Each
content page is opened once in a phone-sized context (phone_visits below); the tests judge what
was recorded, so a failure lists every page with that problem:

- nothing is wider than the screen (the document's and the body's ``scrollWidth`` <= 390, and
  no visible element sticks out, the theme's closed side drawers excepted);
- every chart is drawn and lies inside the screen and its figure (vega-fit.js fits it);
- every control of a chart or a form is at least 24 x 24 px and on screen, and no control's name
  is cut off; tables wider than the screen scroll in a box of their own;
- the first slider of every chart moves when tapped (and redraws its chart), the first checkbox
  of a page toggles when tapped (all pages: about one second per page with sliders);
- no console error, no uncaught exception, no request to another host, no HTTP error on the
  server's side, for the whole session (headless Chromium asks for /favicon.ico only now and then,
  so the icon itself is checked by test_book_pages.py on branch display, which vendors it);
- axe-core finds no serious or critical violation at this size;
- a quiz, the ranking form (lesson 3) and the term-sheet form (lesson 6) work by touch, and the
  page still fits once their results are shown (made to fail once by injected styles);
- on lesson 4 (six charts, sliders, checkboxes), turning the phone to landscape and back re-fits
  the charts and keeps a moved slider's value.

Canary pages (the kit's renderer, stylesheet and fitter, with known defects) prove that each
check fails when what it guards is missing. Measurements: phone_support.py.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
from pathlib import Path

import phone_support as ph
import pytest

import e2e_support as e2e

pytestmark = pytest.mark.browser

ROTATION_PAGE = "notebooks/04_value_and_ip.html"


@dataclasses.dataclass
class PhoneVisit:
    report: e2e.PageReport
    layout: list[tuple[str, str]]
    touch: list[str]
    taps: int
    axe: list[dict]
    charts: int
    seconds: float


def visit(browser, url: str, name: str, axe: bool = True) -> PhoneVisit:
    """Open ``url`` at phone size and record everything the tests below judge."""
    start = time.monotonic()
    with e2e.open_page(browser, url, name, context_options=ph.PHONE) as (page, report):
        measured = ph.measure(page)
        touch, taps = ph.touch_problems(page)
        violations = e2e.run_axe(page) if axe else []
    return PhoneVisit(
        report,
        ph.layout_problems(measured),
        touch,
        taps,
        violations,
        len(measured["charts"]),
        time.monotonic() - start,
    )


@pytest.fixture(scope="module")
def phone_visits(browser, book) -> dict[str, PhoneVisit]:
    visits = {name: visit(browser, book.url(name), name) for name in book.pages}
    print(
        f"\n[e2e] phone: {len(visits)} pages in {sum(v.seconds for v in visits.values()):.0f} s, "
        f"{sum(v.charts for v in visits.values())} charts, {sum(v.taps for v in visits.values())} taps; "
        + ", ".join(f"{name} {v.seconds:.1f} s" for name, v in visits.items())
    )
    return visits


def _problems(visits: dict[str, PhoneVisit], kind: str) -> list[str]:
    return [f"{name}: {text}" for name, v in visits.items() for k, text in v.layout if k == kind]


def test_no_page_is_wider_than_a_phone(phone_visits):
    problems = _problems(phone_visits, "page")
    assert not problems, "at 390 px:\n" + "\n".join(problems)


def test_every_chart_is_drawn_inside_the_screen(phone_visits):
    problems = _problems(phone_visits, "chart")
    # The lessons draw about twenty charts: seeing none means the pages or the check broke.
    assert sum(v.charts for v in phone_visits.values()) >= 15
    assert not problems, "at 390 px:\n" + "\n".join(problems)


def test_every_control_is_big_enough_on_screen_and_named_in_full(phone_visits):
    problems = _problems(phone_visits, "control")
    assert not problems, "at 390 px:\n" + "\n".join(problems)


def test_wide_tables_scroll_in_their_own_box(phone_visits):
    problems = _problems(phone_visits, "table")
    assert not problems, "at 390 px:\n" + "\n".join(problems)


def test_sliders_and_checkboxes_work_by_touch(phone_visits):
    problems = [f"{name}: {p}" for name, v in phone_visits.items() for p in v.touch]
    assert sum(v.taps for v in phone_visits.values()) >= 5, "no slider or checkbox found to tap"
    assert not problems, "\n".join(problems)


def test_pages_log_no_error_and_stay_on_this_machine(phone_visits):
    problems = []
    for name, v in phone_visits.items():
        r = v.report
        if r.status is not None and r.status >= 400:
            problems.append(f"{name}: HTTP {r.status}")
        problems += [f"{name}: console error: {m}" for m in r.console_errors]
        problems += [f"{name}: uncaught exception: {m}" for m in r.page_errors]
        problems += [f"{name}: request to another host (blocked): {b}" for b in r.blocked]
        problems += [f"{name}: {p}" for p in r.chart_problems()]
    assert not problems, "at 390 px:\n" + "\n".join(problems)


def test_the_server_answered_every_request(book, phone_visits):
    """On the server's side, so a failed request counts even where the page does not report it."""
    assert not book.server.failures, "requests that failed on the book's server:\n" + "\n".join(
        sorted(set(book.server.failures))
    )


def test_no_serious_or_critical_axe_violations_at_phone_size(phone_visits):
    failing = []
    for name, v in phone_visits.items():
        bad = [x for x in v.axe if x["impact"] in e2e.FAILING_IMPACTS]
        if bad:
            failing.append(e2e.format_axe(bad, name))
    assert not failing, "axe-core violations of impact serious/critical at 390 px:\n" + "\n".join(failing)


def test_turning_the_phone_refits_charts_and_keeps_slider_values(browser, book):
    if ROTATION_PAGE not in book.pages:
        pytest.fail(f"{ROTATION_PAGE} is not in the book: choose another page with sliders for this test")
    with e2e.open_page(browser, book.url(ROTATION_PAGE), ROTATION_PAGE, context_options=ph.PHONE) as (page, report):
        problems = ph.rotate_problems(page)
    assert not problems, "\n".join(problems)


FORMS_PAGES = ("notebooks/03_barriers.html", "notebooks/06_capstone.html")


def test_quizzes_and_forms_are_used_by_touch_and_their_results_fit(browser, book):
    """A quiz, the ranking form and the term-sheet form, used with a finger at 390 px.

    The layout tests above measure the pages as they load; the results these tools show (quiz
    feedback, the ranking table, the term-sheet checker's findings) appear only after a learner
    acts, so here they are produced by taps and typing, and the page is measured again.
    """
    missing = [p for p in FORMS_PAGES if p not in book.pages]
    assert not missing, f"{missing} not in the book: choose other pages with a quiz and the forms"
    problems = []
    for name in FORMS_PAGES:
        with e2e.open_page(browser, book.url(name), name, context_options=ph.PHONE) as (page, report):
            quiz = page.locator("form.aicollab-quiz").first
            ph.tap(page, quiz.locator(".aicollab-quiz-option label").last)
            if not quiz.locator("input[type=radio]").last.is_checked():
                problems.append(f"{name}: tapping a quiz answer's label did not choose it")
            ph.tap(page, quiz.locator("button.aicollab-quiz-check"))
            if not quiz.locator(".aicollab-quiz-feedback").inner_text().strip():
                problems.append(f"{name}: tapping 'Check my answer' showed no feedback")
            if "03_" in name:
                page.wait_for_selector("form.aicollab-ranking-form", timeout=10_000)
                ph.tap(page, page.locator("button:has-text('Clear my ranking')"))
                first = page.locator("form.aicollab-ranking-form select").first
                ph.tap(page, first)  # a phone opens its own picker; the choice is then made
                first.select_option("1")
                if page.locator(".aicollab-ranking-table tbody tr").count() < 1:
                    problems.append(f"{name}: choosing a rank showed no ranking table")
            else:
                page.wait_for_selector("form.aicollab-tsf", timeout=10_000)
                share = page.locator(".aicollab-tsf-partners tbody tr").first.locator("[name=share]")
                ph.tap(page, share)
                share.fill("0")
                share.press("Enter")
                if not page.inner_text(".aicollab-tsf-message").strip().startswith("Checked:"):
                    problems.append(f"{name}: typing a share and Enter did not check the draft")
            ph.settle(page)
            problems += [f"{name}, after using its forms: {t}" for _, t in ph.layout_problems(ph.measure(page))]
        problems += [f"{name}: console error: {m}" for m in report.console_errors + report.page_errors]
    assert not problems, "\n".join(problems)


def test_jupyterlab_only_notes_are_not_in_the_book(book):
    """The lessons' generated sources-and-terms cell (aicollab.tools.labnotes) is tagged remove-cell."""
    from aicollab.tools import labnotes

    shown = [p for p in book.pages if labnotes.HEADING.lstrip("# ") in (book.html_dir / p).read_text(errors="replace")]
    assert not shown, f"the JupyterLab-only cell appears in {shown}"


# -- Canaries: each check fails on a page with the defect it guards against ------------------


def _page(body: str, *, css: bool = True, fit: bool = True, head: str = "", fit_first: bool = False) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Phone canary</title><link rel="icon" href="data:,">'
        # Sphinx's basic.css keeps inline code on one line; the kit's stylesheet must undo that.
        "<style>code.literal span.pre { white-space: nowrap; }</style>"
        + ('<link rel="stylesheet" href="aicollab.css">' if css else "")
        # As in the book: vega-fit.js, then kit.js (which loads the bundle when a chart needs it);
        # fit_first=False loads the bundle first and the fitter after it, the other order it supports.
        + ('<script src="vega-fit.js"></script><script src="kit.js"></script>' if fit_first else "")
        + ('<script src="vega-bundle.js"></script>' if not fit_first else "")
        + ('<script src="vega-fit.js"></script>' if fit and not fit_first else "")
        + ('<script src="kit.js"></script>' if not fit_first else "")
        + head
        + f'</head><body><main class="bd-article"><h1>Phone canary</h1>{body}</main></body></html>'
    )


@pytest.fixture(scope="module")
def phone_canary(tmp_path_factory):
    import altair as alt
    import pandas as pd

    from aicollab.display import charts, render

    out = tmp_path_factory.mktemp("phone-canary")
    static = Path(render.__file__).parent / "static"
    for name in (render.BUNDLE_NAME, render.KIT_SCRIPT, "chart.css", "vega-fit.js", "aicollab.css"):
        shutil.copy(static / name, out / name)
    charts.enable_theme()
    df = pd.DataFrame({"x": list(range(12)), "y": [v * v for v in range(12)]})
    level = alt.param(
        name="level", value=20, bind=alt.binding_range(min=0, max=120, step=10, name="Highlight bars above ")
    )
    show = alt.param(name="show", value=True, bind=alt.binding_checkbox(name="Show the bars "))
    chart = (
        alt.Chart(df, title="A wide chart with a slider", description="Twelve bars, 700 px wide.", width=700)
        .mark_bar()
        .encode(
            x="x:O",
            y="y:Q",
            color=alt.condition(alt.datum.y > level, alt.value("#E69F00"), alt.value("#0072B2")),
            opacity=alt.condition(show, alt.value(1.0), alt.value(0.2)),
        )
        .add_params(level, show)
    )
    figure = render.chart_html(chart.to_dict())
    wide_table = "<table><tr>" + "".join(f"<td>column{i}</td>" for i in range(40)) + "</tr></table>"
    literal = '<p><code class="literal"><span class="pre">lab/tree/a-very-long-folder-name/another-long-folder-name/notebooks/00_welcome.ipynb</span></code></p>'
    quiz = '<form><input type="radio" name="q" id="q1"><label for="q1">An answer</label></form>'
    good_body = figure + f'<div style="overflow-x: auto" tabindex="0">{wide_table}</div>' + literal + quiz
    pages = {
        "good.html": _page(good_body),
        "unfitted.html": _page(figure, fit=False),
        # A page whose script loads the bundle later (branch display's kit.js): the fitter comes first.
        "fit-first.html": _page(figure, fit_first=True),
        "bare.html": _page(figure + wide_table + literal + quiz, css=False),
        "untouchable.html": _page(figure, head="<style>.vega-bind { pointer-events: none; }</style>"),
        "missing.html": _page('<img src="missing.png" alt="">' + quiz),
    }
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    with e2e.StaticServer(out) as server:
        yield server


def test_phone_checks_pass_on_a_good_page(browser, phone_canary):
    failures = len(phone_canary.failures)
    v = visit(browser, phone_canary.url("good.html"), "good.html")
    assert v.charts == 1 and v.taps == 2, (v.charts, v.taps)
    assert not (v.layout or v.touch or v.report.console_errors or v.report.blocked), (v.layout, v.touch)
    assert not [x for x in v.axe if x["impact"] in e2e.FAILING_IMPACTS], e2e.format_axe(v.axe, "good.html")
    assert phone_canary.failures[failures:] == []


def test_phone_checks_catch_an_unfitted_chart(browser, phone_canary):
    v = visit(browser, phone_canary.url("unfitted.html"), "unfitted.html", axe=False)
    charts = [t for k, t in v.layout if k == "chart"]
    assert any("sticks out of the screen" in t for t in charts), v.layout
    assert any("is wider" in t and "than its figure" in t for t in charts), v.layout


def test_the_fitter_works_when_loaded_before_the_bundle(browser, phone_canary):
    v = visit(browser, phone_canary.url("fit-first.html"), "fit-first.html", axe=False)
    assert v.charts == 1 and not [t for k, t in v.layout if k == "chart"], v.layout


def test_phone_checks_catch_small_controls_wide_pages_and_unscrolled_tables(browser, phone_canary):
    v = visit(browser, phone_canary.url("bare.html"), "bare.html", axe=False)
    kinds = {k for k, _ in v.layout}
    assert {"page", "table", "control"} <= kinds, v.layout
    texts = "\n".join(t for _, t in v.layout)
    assert "the page is wider than the screen" in texts
    assert re.search(r"chart control checkbox 'Show the bars' is \d+ x 13 px \(under 24 x 24\)", texts), texts
    assert "form control radio 'An answer' is 13 x 13 px" in texts, texts
    assert "does not scroll in its own box" in texts


def test_phone_checks_catch_a_slider_that_ignores_touch(browser, phone_canary):
    v = visit(browser, phone_canary.url("untouchable.html"), "untouchable.html", axe=False)
    assert any("did not move it" in p for p in v.touch), v.touch
    assert any("did not toggle" in p for p in v.touch), v.touch


def test_server_records_a_missing_file(browser, phone_canary):
    visit(browser, phone_canary.url("missing.html"), "missing.html", axe=False)
    assert "404 GET /missing.png" in phone_canary.failures, phone_canary.failures
