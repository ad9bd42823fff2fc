"""Lesson 4's kernel-free "save these weights for the room poll" button, in headless Chromium.

The button must save exactly the weights the chart's sliders show, in a file that
:func:`aicollab.poll.collect` counts; a chart that is not drawn yet, or all-zero weights, get a
plain message and no file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aicollab.display import render
from aicollab.display.static_app import static_value_chart, static_weights_poll
from aicollab.model.scenarios import default_partnership

sys.path.insert(0, str(Path(__file__).parent))
from browser_helpers import chromium, guarded_page, kit_page, save_and_collect  # noqa: E402

pytestmark = pytest.mark.browser
#: The button once kit.js has loaded weights-poll.js and mounted it.
MOUNTED = ".aicollab-weights-poll[data-aicollab-mounted]"


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def _page(tmp_path: Path, with_chart: bool = True) -> Path:
    p = default_partnership()
    chart = render.chart_html(static_value_chart(p).to_dict()) if with_chart else ""
    f = tmp_path / "weights.html"
    f.write_text(kit_page(chart + static_weights_poll(p).markup, "Value"), encoding="utf-8")
    return f


def test_button_saves_the_sliders_weights(browser, tmp_path: Path):
    context = browser.new_context(accept_downloads=True)
    blocked: list[str] = []
    page = guarded_page(context, blocked)
    page.goto(_page(tmp_path).as_uri())
    page.wait_for_selector("[data-aicollab-rendered=true]")
    page.wait_for_selector(MOUNTED)
    page.evaluate("""() => { const el = document.querySelector('input[type=range][name="w_0"]');
      el.value = '7.5'; el.dispatchEvent(new Event('input', {bubbles: true})); }""")
    doc, result = save_and_collect(page, "Save these weights for the room poll", tmp_path / "inbox")
    context.close()
    assert not blocked
    assert len(result.submissions) == 1 and result.skipped.empty and result.rejected.empty
    saved = doc["weights"]
    expected = dict(default_partnership().resources)
    expected["Image data sharing"] = 7.5
    assert saved == pytest.approx(expected)


def test_no_chart_or_zero_weights_get_a_message_and_no_file(browser, tmp_path: Path):
    context = browser.new_context(accept_downloads=True)
    page = guarded_page(context, [])
    downloads: list = []
    page.on("download", lambda d: downloads.append(d))
    page.goto(_page(tmp_path, with_chart=False).as_uri())
    page.wait_for_selector(MOUNTED)
    page.click("button:has-text('Save these weights for the room poll')")
    assert "has not been drawn yet" in page.inner_text(".aicollab-weights-alert")
    page.goto(_page(tmp_path).as_uri())
    page.wait_for_selector("[data-aicollab-rendered=true]")
    page.wait_for_selector(MOUNTED)
    page.evaluate("""() => document.querySelectorAll('input[type=range][name^="w_"]').forEach(el => {
      el.value = '0'; el.dispatchEvent(new Event('input', {bubbles: true})); })""")
    page.click("button:has-text('Save these weights for the room poll')")
    assert "Every weight is 0" in page.inner_text(".aicollab-weights-alert")
    page.wait_for_timeout(300)
    context.close()
    assert downloads == []
