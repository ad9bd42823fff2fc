"""Kernel-free interactivity in the book: Vega bindings work from the keyboard and change charts.

On every page with Vega bindings (``.vega-bind input[type=range]``, checkboxes, selects, radio
buttons) each input must have an accessible name and move with the keyboard (ArrowRight/ArrowLeft,
Space, ArrowDown); every slider must change the chart's rendered SVG somewhere in its range, and
every chart must react to at least one of its inputs. A checkbox, choice or radio group that
changes nothing in the page's initial state is printed as a note, not failed: whether it has an
effect can depend on the other inputs (an input marked essential whose owner already holds an
essential input changes no value). Only pages whose HTML
contains a chart spec with "bind" are opened (e2e_support.page_may_have_bindings); on those, the
bindings found in the live page are what is exercised.
"""

from __future__ import annotations

import pytest

import e2e_support as e2e

pytestmark = pytest.mark.browser


def _describe(results: list[e2e.BindingResult]) -> str:
    return ", ".join(f"{r.kind} '{r.name}' {' -> '.join(r.values)}" for r in results)


def test_bindings_move_with_keyboard_and_change_charts(browser, book):
    problems, exercised, notes = [], [], []
    candidates = [p for p in book.pages if e2e.page_may_have_bindings(book.html_dir / p)]
    # The lessons have sliders (lessons 01, 02, 03, 04): finding none means the detection broke.
    assert candidates, "no page of the book has a chart with Vega bindings: the page scan or the build is broken"
    for page_name in candidates:
        with e2e.open_page(browser, book.url(page_name), page_name) as (page, report):
            if not page.locator(e2e.BINDING_SELECTOR).count():
                continue
            results = e2e.exercise_bindings(page)
        exercised.append(f"{page_name}: {_describe(results)}")
        problems += [f"{page_name}: {r.chart}: {p}" for r in results for p in r.problems]
        problems += [
            f"{page_name}: {chart}: none of its inputs changed the rendered chart"
            for chart in e2e.charts_without_reaction(results)
        ]
        notes += [f"{page_name}: {r.chart}: {n}" for r in results for n in r.notes]
    assert exercised, f"pages {candidates} seemed to have sliders, but none was found in the browser"
    print("\n[e2e] bindings exercised:\n  " + "\n  ".join(exercised))
    if notes:
        print("[e2e] inputs that changed nothing in the initial state (not failing):\n  " + "\n  ".join(notes))
    assert not problems, "\n".join(problems)


def test_binding_check_passes_on_good_canary(browser, canary_site):
    with e2e.open_page(browser, canary_site.url("good.html")) as (page, report):
        results = e2e.exercise_bindings(page)
    assert sorted(r.kind for r in results) == ["checkbox", "radio", "range", "select"], _describe(results)
    assert all(r.chart_changed and not r.problems for r in results), [r.problems for r in results]
    slider = next(r for r in results if r.kind == "range")
    assert slider.keys[:2] == ["ArrowRight", "ArrowLeft"] and slider.values[:3] == ["30", "40", "30"]
    assert "Threshold" in slider.name


def test_binding_check_catches_inert_slider(browser, canary_site):
    with e2e.open_page(browser, canary_site.url("inert.html")) as (page, report):
        results = e2e.exercise_bindings(page, max_steps=3)
    assert len(results) == 1
    assert not results[0].chart_changed
    assert any("never changed" in p for p in results[0].problems), results[0].problems
