"""The book at phone width: what test_book_phone.py measures in each page (issue 16).

Nothing here is a test. ``PHONE`` is the browser context of a common phone (390 x 844 CSS px,
touch, device scale factor 3). ``measure(page)`` returns the page's geometry after its charts
have drawn (every ``<details>`` opened first, so folded charts are measured too), and
``layout_problems`` turns it into one line per problem:

- the page is wider than the screen (``scrollWidth`` of the document or the body > 390);
- a chart is not drawn (no marks), sticks out of the screen, or is wider than its figure;
- a chart's control (slider, checkbox, select, radio button) or a form's control (quizzes, the
  ranking and term-sheet forms) is smaller than 24 x 24 px (WCAG 2.5.8, which axe does not
  check) or sticks out of the screen; a control's name is cut off;
- a table wider than the screen does not scroll in a box of its own that fits the screen;
- any other visible element sticks out of the screen outside such a box (the theme's closed
  side drawers excepted: they sit off-screen by design and do not scroll the page).

``touch_problems(page)`` taps, as a finger would, the first slider of every chart at 90% of
its track and the first checkbox of the page: the value must change, and the chart must be
drawn again. ``rotate_problems(page)`` turns the phone to landscape and back after moving a
slider: the charts must fit each time and the slider keep its value.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

PHONE_WIDTH, PHONE_HEIGHT = 390, 844
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
MIN_TARGET = 24  # px, WCAG 2.5.8 (target size, minimum)
#: Off-canvas parts of the theme: closed drawers placed beside the screen, never scrolled to.
OFF_CANVAS = ".bd-sidebar-primary, .bd-sidebar-secondary, .pst-async-banner-revealer, .skip-link"

JS_OPEN_FOLDS = """() => { let n = 0;
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; n++; });
  return n; }"""

JS_MEASURE = """([vw, offCanvas, controlSel]) => {
  const box = (e) => { const b = e.getBoundingClientRect();
    return {left: Math.round(b.left * 10) / 10, right: Math.round(b.right * 10) / 10,
            width: Math.round(b.width * 10) / 10, height: Math.round(b.height * 10) / 10}; };
  const name = (e) => ((e.getAttribute('aria-label') || (e.labels && e.labels.length ? e.labels[0].textContent : '')
    || e.textContent || e.name || e.id || e.tagName) + '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  // A box that scrolls sideways on its own (its content may be wider than the screen).
  const scroller = (e) => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll' || s === 'hidden') return p; } return null; };
  const visible = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  const charts = [...document.querySelectorAll('figure.aicollab-chart')].map((f, i) => {
    const target = f.querySelector('.aicollab-vega');
    const g = target && target.querySelector('svg.marks, canvas.marks, .chart-wrapper > svg, .chart-wrapper > canvas');
    return {index: i, label: f.getAttribute('aria-label') || '', figure: box(f), clientWidth: f.clientWidth,
            graphic: g ? box(g) : null,
            marks: target ? target.querySelectorAll('svg g[class*="mark-"] > *, canvas').length : 0,
            fitted: !!(target && target.classList.contains('aicollab-fitted')),
            rendered: !!(target && target.getAttribute('data-aicollab-rendered') === 'true')};
  });
  // Visually hidden inputs (1 x 1 px, e.g. a file input opened by its button-like label) are
  // not touched; their label is, and is listed itself.
  const controls = [...document.querySelectorAll(controlSel)].filter(visible)
    .filter(e => { const b = e.getBoundingClientRect(); return b.width > 2 || b.height > 2; }).map(e => {
    const s = scroller(e);
    return {kind: e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase(), name: name(e), box: box(e),
            scroller: s ? box(s) : null, where: e.closest('.vega-bind') ? 'chart' : (e.closest('form') ? 'form' : 'page')};
  });
  const names = [...document.querySelectorAll('.vega-bind-name')].filter(visible).map(e => ({
    name: e.textContent.trim().slice(0, 60), box: box(e), cut: e.scrollWidth > e.clientWidth + 1}));
  const tables = [...document.querySelectorAll('table')].filter(visible).filter(t => t.getBoundingClientRect().right > vw + 0.5).map(t => {
    const s = scroller(t);
    return {caption: (t.caption ? t.caption.textContent : t.textContent).trim().slice(0, 60), box: box(t), scroller: s ? box(s) : null};
  });
  // Visible elements beyond the right edge that no sideways-scrolling box holds (outermost only).
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest(offCanvas) || !visible(e)) continue;
    const b = e.getBoundingClientRect();
    if (b.right <= vw + 0.5 || scroller(e)) continue;
    const p = e.parentElement;
    if (p && p !== document.body && p.getBoundingClientRect().right > vw + 0.5 && !scroller(p) && !p.closest(offCanvas)) continue;
    wide.push({tag: e.tagName.toLowerCase(), cls: String(e.getAttribute('class') || '').slice(0, 60),
               text: (e.textContent || '').trim().slice(0, 60), right: Math.round(b.right)});
  }
  return {scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body ? document.body.scrollWidth : 0,
          innerWidth: window.innerWidth, charts, controls, names, tables, wide: wide.slice(0, 10)};
}"""

#: Every control a reader touches: the charts' bindings and the forms' inputs and buttons.
CONTROLS = (
    ".vega-bind input, .vega-bind select, form input:not([type=hidden]), form select, form textarea, "
    "form button, label.aicollab-tsf-button, .aicollab-ranking button, .aicollab-tsform button, .aicollab-weights button"
)

JS_CHART_SVG = "(i) => { const t = document.querySelectorAll('.aicollab-vega')[i]; const g = t && t.querySelector('svg'); return g ? g.outerHTML : ''; }"

JS_VIEWS_SETTLED = """async () => {
  await Promise.all((window.aicollabViews || []).map(v => v.runAsync().catch(() => null)));
}"""


def settle(page: Any, ms: int = 400) -> None:
    """Let re-fits triggered by a layout change finish (the fitter re-draws asynchronously)."""
    page.wait_for_timeout(ms)
    with contextlib.suppress(Exception):
        page.evaluate(JS_VIEWS_SETTLED)
    page.wait_for_timeout(100)


def measure(page: Any, width: int = PHONE_WIDTH) -> dict:
    """Open every fold, wait for the re-fits, wait for fonts, then measure (see JS_MEASURE)."""
    if page.evaluate(JS_OPEN_FOLDS):
        settle(page)
    with contextlib.suppress(Exception):
        page.evaluate("() => document.fonts.ready.then(() => true)")
    return page.evaluate(JS_MEASURE, [width, OFF_CANVAS, CONTROLS])


def layout_problems(m: dict, width: int = PHONE_WIDTH) -> list[tuple[str, str]]:
    """(kind, problem) for each problem in a ``measure`` result; kind is page, chart, control or table."""
    edge = width + 0.5
    found: list[tuple[str, str]] = []
    if m["scrollWidth"] > width or m["bodyScrollWidth"] > width:
        found.append(
            ("page", f"the page is wider than the screen (scrollWidth {m['scrollWidth']}, body {m['bodyScrollWidth']})")
        )
    for e in m["wide"]:
        found.append(
            ("page", f"{e['tag']}.{e['cls']} sticks out of the screen (right edge {e['right']} px): {e['text']!r}")
        )
    for c in m["charts"]:
        name = f"chart {c['index'] + 1} '{c['label'][:50]}'"
        g = c["graphic"]
        if not c["rendered"] or not g or not c["marks"]:
            found.append(("chart", f"{name} is not drawn (rendered={c['rendered']}, marks={c['marks']})"))
            continue
        if g["left"] < -0.5 or g["right"] > edge:
            found.append(
                ("chart", f"{name} sticks out of the screen ({g['left']}-{g['right']} px, {g['width']} px wide)")
            )
        if g["width"] > c["clientWidth"] + 1:
            found.append(("chart", f"{name} is wider ({g['width']} px) than its figure ({c['clientWidth']} px)"))
    for c in m["controls"]:
        b = c["box"]
        what = f"{c['where']} control {c['kind']} '{c['name']}'"
        if b["width"] < MIN_TARGET - 0.5 or b["height"] < MIN_TARGET - 0.5:
            found.append(
                ("control", f"{what} is {b['width']:.0f} x {b['height']:.0f} px (under {MIN_TARGET} x {MIN_TARGET})")
            )
        # Outside the screen is fine inside a box that scrolls sideways and fits the screen itself.
        frame = c["scroller"] or b
        if frame["left"] < -0.5 or frame["right"] > edge:
            found.append(("control", f"{what} sticks out of the screen ({b['left']}-{b['right']} px)"))
    for n in m["names"]:
        if n["cut"] or n["box"]["right"] > edge or n["box"]["left"] < -0.5:
            found.append(
                ("control", f"the control name '{n['name']}' is cut off ({n['box']['left']}-{n['box']['right']} px)")
            )
    for t in m["tables"]:
        s = t["scroller"]
        if not s:
            found.append(
                (
                    "table",
                    f"table '{t['caption']}' ({t['box']['width']} px) is wider than the screen and does not scroll in its own box",
                )
            )
        elif s["right"] > edge or s["left"] < -0.5:
            found.append(("table", f"table '{t['caption']}' scrolls in a box that is itself wider than the screen"))
    return found


def tap(page: Any, locator: Any, fraction: float = 0.5) -> None:
    """Tap ``locator`` with a finger (touchscreen), at ``fraction`` of its width."""
    locator.scroll_into_view_if_needed()
    b = locator.bounding_box()
    page.touchscreen.tap(b["x"] + b["width"] * fraction, b["y"] + b["height"] / 2)


def touch_problems(page: Any) -> tuple[list[str], int]:
    """Tap each chart's first slider (at 90% of its track) and the page's first checkbox.

    Returns (problems, number of taps). A slider must take the tapped value and redraw its chart;
    the checkbox must toggle. Each control is put back afterwards.
    """
    found: list[str] = []
    taps = 0
    charts = page.locator(".aicollab-vega")
    for i in range(charts.count()):
        slider = charts.nth(i).locator(".vega-bind input[type=range]").first
        if not slider.count():
            continue
        before, svg_before = slider.input_value(), page.evaluate(JS_CHART_SVG, i)
        tap(page, slider, 0.9)
        taps += 1
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and page.evaluate(JS_CHART_SVG, i) == svg_before:
            page.wait_for_timeout(100)
        after = slider.input_value()
        if after == before:
            found.append(f"chart {i + 1}: tapping its first slider at 90% did not move it (value {before})")
        elif page.evaluate(JS_CHART_SVG, i) == svg_before:
            found.append(
                f"chart {i + 1}: the slider moved by touch ({before} -> {after}) but the chart was not redrawn"
            )
        slider.fill(before)  # back to the page's first state
    box = page.locator(".vega-bind input[type=checkbox], form input[type=checkbox]").first
    if box.count():
        was = box.is_checked()
        tap(page, box)
        taps += 1
        if box.is_checked() == was:
            found.append("tapping the first checkbox did not toggle it")
        else:
            tap(page, box)
    return found, taps


def rotate_problems(page: Any) -> list[str]:
    """Move the first slider, turn the phone to landscape and back: charts fit, the value stays."""
    found: list[str] = []
    slider = page.locator(".aicollab-vega .vega-bind input[type=range]").first
    if not slider.count():
        return ["no slider to move on this page"]
    views = page.evaluate("() => (window.aicollabViews || []).length")
    slider.fill(slider.evaluate("(e) => (e.value === e.min ? e.max : e.min)"))
    value = slider.input_value()
    for w, h in ((PHONE_HEIGHT, PHONE_WIDTH), (PHONE_WIDTH, PHONE_HEIGHT)):
        page.set_viewport_size({"width": w, "height": h})
        settle(page, 1200)
        m = page.evaluate(JS_MEASURE, [w, OFF_CANVAS, CONTROLS])
        found += [f"at {w} x {h}: {p}" for kind, p in layout_problems(m, w) if kind == "chart"]
        if slider.input_value() != value:
            found.append(f"at {w} x {h}: the slider lost its value ({value} -> {slider.input_value()})")
        after = page.evaluate("() => (window.aicollabViews || []).length")
        if after != views:
            found.append(
                f"at {w} x {h}: {after} chart views registered instead of {views} (a re-fit must replace, not add)"
            )
    return found
