"""The kit's outputs in headless Chromium: tools mount from scripts loaded by URL, hostile text is inert.

- Every kind of tool (chart, self-check, ranking form, weights button, term-sheet form and views)
  with hostile text in its data (``<!--<script>``, ``</script>``, ``]]>``, ``&``, U+2028) on one
  page that loads the kit as the book does: each starts, the chart is drawn, the self-check
  answers with the text intact, and the paragraph after the outputs survives (issue 17, defect 3).
- The JupyterLab route: the bootstrap loads kit.js from ``<baseUrl>aicollab/static/``, once, for
  outputs added later too (as JupyterLab re-renders them).
- Failure states end in plain messages: no kit on the page, the server extension not enabled,
  the chart library missing.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from aicollab.display import render
from aicollab.display.assets import STATIC_DIR

sys.path.insert(0, str(Path(__file__).parent))
from test_kit_outputs import tool_outputs  # noqa: E402

from browser_helpers import chromium, guarded_page, kit_page  # noqa: E402

pytestmark = pytest.mark.browser

HOSTILE = "<!--<script>]]> & \u2028 </script><b>"
AFTER = '<p id="after">The page goes on after the outputs.</p>'
SETTLED = """() => [...document.querySelectorAll('[data-aicollab-tool]')].every(b =>
  b.querySelector('[data-aicollab-error]') || b.hasAttribute('data-aicollab-error')
  || (b.dataset.aicollabTool === 'chart' ? b.querySelector('[data-aicollab-rendered]')
      : ['quiz', 'termsheet-view'].includes(b.dataset.aicollabTool) ? b.hasAttribute('data-aicollab-kit')
      : b.hasAttribute('data-aicollab-mounted')))"""
STATE = """() => ({
  tools: [...document.querySelectorAll('[data-aicollab-tool]')].map(b => b.dataset.aicollabTool),
  errors: [...document.querySelectorAll('[data-aicollab-error]')].map(e => e.textContent),
  rendered: document.querySelectorAll('[data-aicollab-rendered=true] svg').length,
  forms: document.querySelectorAll('.aicollab-tsform form.aicollab-tsf, .aicollab-ranking form').length,
  after: !!document.getElementById('after'),
  kitScripts: [...document.scripts].filter(s => /kit\\.js$/.test(s.src)).length,
})"""


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def _open(browser, html: str, tmp_path: Path, name: str = "page.html"):
    page_file = tmp_path / name
    page_file.write_text(html, encoding="utf-8")
    blocked: list[str] = []
    errors: list[str] = []
    context = browser.new_context()
    page = guarded_page(context, blocked)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri())
    return context, page, blocked, errors


def _jupyter_head(base_url: str) -> str:
    config = json.dumps({"baseUrl": base_url})
    return f'<script id="jupyter-config-data" type="application/json">{config}</script>'


def test_every_tool_starts_with_hostile_text_and_the_page_survives(browser, tmp_path):
    outputs = tool_outputs(HOSTILE)
    context, page, blocked, errors = _open(browser, kit_page("".join(outputs.values()) + AFTER), tmp_path)
    page.wait_for_function(SETTLED, timeout=20_000)
    state = page.evaluate(STATE)
    # The self-check answers with the learner-visible text intact.
    quiz = page.locator("form.aicollab-quiz")
    quiz.locator("input[type=radio]").first.check()
    quiz.locator("button.aicollab-quiz-check").click()
    feedback = quiz.locator(".aicollab-quiz-feedback").text_content()
    title = page.locator("figure.aicollab-chart").first.get_attribute("aria-label")
    context.close()
    assert state["errors"] == [], state
    assert sorted(state["tools"]) == sorted(
        ["chart", "chart", "quiz", "ranking", "weights-poll", "termsheet"] + ["termsheet-view"] * 3
    )
    assert state["rendered"] == 2 and state["forms"] == 2 and state["after"], state
    assert feedback == "Correct. Yes " + HOSTILE
    assert title == f"Chart {HOSTILE}"
    assert not errors and not blocked, (errors, blocked)


def test_jupyterlab_route_loads_the_kit_once_for_outputs_added_later(browser, tmp_path):
    """No kit in the page: the bootstrap finds the server's base URL and loads kit.js from
    <baseUrl>aicollab/static/. Outputs inserted afterwards the way JupyterLab renders them (HTML
    set, then each script re-created) mount with the kit already there."""
    server = tmp_path / "server"
    (server / "aicollab").mkdir(parents=True)
    (server / "aicollab" / "static").symlink_to(STATIC_DIR, target_is_directory=True)
    outputs = tool_outputs("plain")
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lab</title>'
        f"{_jupyter_head(server.as_uri() + '/')}</head><body><main><h1>Lab</h1>"
        f'{outputs["chart"]}{outputs["quiz"]}<div id="later"></div>{AFTER}</main></body></html>'
    )
    context, page, blocked, errors = _open(browser, html, tmp_path)
    page.wait_for_function(SETTLED, timeout=20_000)
    page.evaluate(
        """(markup) => { const host = document.getElementById('later');
      for (let k = 0; k < 2; k++) {
        const cell = document.createElement('div'); cell.innerHTML = markup; host.appendChild(cell);
        cell.querySelectorAll('script').forEach(old => { const s = document.createElement('script');
          [...old.attributes].forEach(a => s.setAttribute(a.name, a.value)); s.textContent = old.textContent;
          old.replaceWith(s); });
      } }""",
        outputs["ranking form"] + outputs["chart"],
    )
    page.wait_for_function(SETTLED, timeout=20_000)
    state = page.evaluate(STATE)
    links = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href.split('/').pop())"
    )
    context.close()
    assert state["errors"] == [] and state["rendered"] == 3 and state["forms"] == 2, state
    assert state["kitScripts"] == 1, state
    assert sorted(links) == ["chart.css", "quiz.css", "ranking-form.css"]
    assert not errors and not blocked, (errors, blocked)


def test_failures_get_plain_messages(browser, tmp_path):
    outputs = tool_outputs("plain")
    body = outputs["chart"] + outputs["quiz"] + outputs["term-sheet form"] + AFTER

    # 1. Neither the book's kit nor a Jupyter server (e.g. a notebook viewer).
    plain = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>{body}</body></html>'
    )
    context, page, _, _ = _open(browser, plain, tmp_path, "nokit.html")
    state = page.evaluate(STATE)
    context.close()
    assert len(state["errors"]) == 3 and state["after"], state
    assert all("needs the kit's script, which this page does not load" in e for e in state["errors"]), state

    # 2. JupyterLab without the kit's server extension: nothing at <baseUrl>aicollab/static/.
    (tmp_path / "empty").mkdir()
    lab = plain.replace("<title>x</title>", "<title>x</title>" + _jupyter_head((tmp_path / "empty").as_uri()))
    context, page, _, _ = _open(browser, lab, tmp_path, "noext.html")
    page.wait_for_function("() => document.querySelectorAll('[data-aicollab-error]').length === 3", timeout=10_000)
    state = page.evaluate(STATE)
    context.close()
    assert all(
        "could not be loaded from this Jupyter server" in e and "aicollab jupyter enable" in e for e in state["errors"]
    )

    # 3. The kit is there but the chart library is not (a partial copy of the static folder).
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copy(STATIC_DIR / render.KIT_SCRIPT, partial / render.KIT_SCRIPT)
    html = kit_page(outputs["chart"] + AFTER).replace(
        (STATIC_DIR / render.KIT_SCRIPT).as_uri(), (partial / "kit.js").as_uri()
    )
    context, page, _, _ = _open(browser, html, tmp_path, "nobundle.html")
    page.wait_for_selector("[data-aicollab-error]", timeout=10_000)
    state = page.evaluate(STATE)
    context.close()
    assert state["errors"] == ["The chart library could not be loaded: reload the page."], state
