"""Fixtures of the end-to-end browser suite. See README.md beside this file.

- ``browser`` (module): headless Debian Chromium; skips with a reason when it is missing. Held
  per module, never for the whole session, because Playwright's sync API cannot run twice in
  a thread and other modules of the kit start their own (e2e_support._SharedBrowser).
- ``book`` (session): the built book (``_build/html``), its content pages and its HTTP server.
  One per pytest-xdist worker; the build itself is shared through a file lock
  (e2e_support.ensure_book_built).
- ``book_visits`` (session): every page opened once (console, requests, charts, axe).
- ``canary_site`` (session): small generated pages with known problems, to prove the checks fail.
- ``jupyter_lab`` (session) / ``lab_context`` (module): a real JupyterLab on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import e2e_support as e2e

# The canary notebook is opened by the JupyterLab test; nbval must not collect it.
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives headless Chromium (skipped with a reason when /usr/bin/chromium is missing)"
    )
    config.addinivalue_line(
        "markers",
        "jupyterlab: opens every lesson in a real JupyterLab (slowest part; deselect with -m 'not jupyterlab')",
    )


def _require_chromium() -> None:
    reason = e2e.chromium_missing_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    with e2e.shared_browser.hold() as chromium:
        yield chromium


@dataclasses.dataclass
class Book:
    build: e2e.BookBuild
    server: e2e.StaticServer
    pages: list[str]
    redirects: dict[str, str]
    stale: list[str]

    @property
    def html_dir(self) -> Path:
        return self.build.html_dir

    def url(self, page: str) -> str:
        return self.server.url(page)


@pytest.fixture(scope="session")
def book() -> Book:
    """Build (or reuse) the book and serve ``_build/html`` on 127.0.0.1.

    Skips first when Chromium is missing, so such a machine does not build for nothing.
    """
    _require_chromium()
    failure = None
    try:
        build = e2e.ensure_book_built()
    except e2e.BookBuildError as exc:
        failure = str(exc)
    if failure:
        pytest.fail(failure, pytrace=False)
    found = e2e.discover_pages(build.html_dir)
    with e2e.StaticServer(build.html_dir) as server:
        print(
            f"\n[e2e] book: {build.reason}"
            + (f", built in {build.seconds:.1f} s" if build.built else "")
            + f"; {len(found.pages)} pages served at {server.base_url}"
            + (f"; not tested, left over from earlier builds: {', '.join(found.stale)}" if found.stale else "")
        )
        yield Book(build, server, found.pages, found.redirects, found.stale)


@dataclasses.dataclass
class PageVisit:
    report: e2e.PageReport
    axe_violations: list[dict]


@pytest.fixture(scope="session")
def book_visits(book) -> dict[str, PageVisit]:
    """Every content page, opened once per worker: what it logged and requested, its charts,
    and axe-core's verdict (run after the charts drew). Shared by test_book_pages.py and
    test_book_a11y.py, so a worker that runs both loads each page only once."""
    visits = {}
    with e2e.shared_browser.hold() as browser:
        for page_name in book.pages:
            with e2e.open_page(browser, book.url(page_name), page_name) as (page, report):
                violations = e2e.run_axe(page)
            visits[page_name] = PageVisit(report, violations)
    print(
        "\n[e2e] pages: "
        + ", ".join(f"{v.report.page} ({v.report.figures} charts, {v.report.load_ms:.0f} ms)" for v in visits.values())
    )
    return visits


# --------------------------------------------------------------------------------------------
# Canary pages: the kit's real renderer and vega bundle, with known good and bad content.
# --------------------------------------------------------------------------------------------


def _page(body: str, title: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>{title}</title><link rel="icon" href="data:,">'
        '<script src="kit.js"></script></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def build_canary_site(out: Path) -> dict[str, str]:
    import altair as alt
    import pandas as pd

    from aicollab.display import charts, render

    charts.enable_theme()
    # As in the book: kit.js in each page's head; it loads the bundle and stylesheets from next to itself.
    for name in (render.KIT_SCRIPT, render.BUNDLE_NAME, "chart.css"):
        shutil.copy(Path(render.__file__).parent / "static" / name, out / name)
    df = pd.DataFrame({"x": list(range(10)), "y": [v * v for v in range(10)], "g": ["a", "b"] * 5})

    threshold = alt.param(
        name="threshold", value=30, bind=alt.binding_range(min=0, max=100, step=10, name="Threshold ")
    )
    show_b = alt.param(name="show_b", value=True, bind=alt.binding_checkbox(name="Show group b "))
    pick = alt.param(name="pick", value="a", bind=alt.binding_select(options=["a", "b"], name="Highlight group "))
    cut = alt.param(name="cut", value=3, bind=alt.binding_radio(options=[3, 6, 9], name="Outline bars below "))
    interactive = (
        alt.Chart(df, title="Canary: four bindings", description="Ten bars driven by four inputs.")
        .mark_bar(stroke="#000000")
        .encode(
            x="x:O",
            y="y:Q",
            color=alt.condition(alt.datum.y > threshold, alt.value("#E69F00"), alt.value("#0072B2")),
            opacity=alt.condition(alt.datum.g == pick, alt.value(1.0), alt.value(0.5)),
            strokeWidth=alt.condition(alt.datum.x < cut, alt.value(2), alt.value(0)),
        )
        .add_params(threshold, show_b, pick, cut)
        .transform_filter((alt.datum.g == "a") | show_b)
    )
    static = alt.Chart(df, title="Canary: static", description="Ten bars.").mark_bar().encode(x="x:O", y="y:Q")

    unused = alt.param(name="unused", value=50, bind=alt.binding_range(min=0, max=100, step=10, name="Does nothing "))
    inert = (
        alt.Chart(df, title="Canary: inert slider", description="A slider bound to nothing.")
        .mark_bar()
        .encode(x="x:O", y="y:Q")
        .add_params(unused)
    )

    broken = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": "Canary: broken",
        "data": {"values": [{"a": 1}]},
        "mark": "no-such-mark",
        "encoding": {"x": {"field": "a"}},
    }

    pages = {
        "good.html": _page(
            render.chart_html(interactive.to_dict()) + render.chart_html(static.to_dict()), "Good canary"
        ),
        "inert.html": _page(render.chart_html(inert.to_dict()), "Inert canary"),
        "broken.html": _page(render.chart_html(broken), "Broken canary"),
        # Known problems: a request to another host, a console error, an uncaught exception and
        # an input without a label. The host name can never be resolved (see CHROMIUM_ARGS).
        "leaky.html": _page(
            '<img src="http://external.example/pixel.png" alt="">'
            "<script>console.error('canary console error')</script>"
            "<script>throw new Error('canary page error')</script>"
            '<input type="text">' + render.chart_html(static.to_dict()),
            "Leaky canary",
        ),
    }
    for name, html in pages.items():
        (out / name).write_text(html, encoding="utf-8")
    return pages


@pytest.fixture(scope="session")
def canary_site(tmp_path_factory):
    _require_chromium()
    out = tmp_path_factory.mktemp("canary-site")
    build_canary_site(out)
    with e2e.StaticServer(out) as server:
        yield server


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def jupyter_lab():
    _require_chromium()
    failure = None
    try:
        lab = e2e.JupyterLabServer().start()
    except e2e.JupyterLabError as exc:
        failure = str(exc)
    if failure:
        pytest.fail(failure, pytrace=False)
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def lab_context(browser, jupyter_lab):
    """One browser context for the notebooks of the module (each notebook gets its own page)."""
    context, guard = e2e.new_context(browser, viewport={"width": 1400, "height": 900})
    yield context, guard
    context.close()
