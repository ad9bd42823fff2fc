"""The kernel-free term-sheet form (aicollab/static/termsheet-form.js) against the Python model.

Two kinds of test, both in headless Chromium (skipped with a reason when it is missing):

* parity: hundreds of drafts (tests/termsheet_cases.py) go through
  ``TermSheet.from_dict`` + ``check`` + ``summary_html`` + ``poll_choices`` in Python and
  through the same functions of the script in the browser; the error message of a bad draft
  and the findings, summary page and room-poll answers of a good one must be identical;
* the form as a learner meets it: filling it in with the keyboard, bad input (a message,
  nothing lost), the downloads (summary, draft, room-poll file, each read back by Python),
  opening a saved draft, keeping the draft across a reload, starting again with undo.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from aicollab import termsheet as T

sys.path.insert(0, str(Path(__file__).parent))
from termsheet_cases import fixed_drafts, random_drafts  # noqa: E402

CHROMIUM = os.environ.get("AICOLLAB_E2E_CHROMIUM", "/usr/bin/chromium")
SCRIPT = Path(T.__file__).parent / "static" / T.FORM_SCRIPT
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.browser


def _skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"system Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (python) is not installed"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _guarded_page(context, blocked: list[str]):
    page = context.new_page()

    def guard(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    page.route("**/*", guard)
    return page


def _python_result(draft) -> dict:
    try:
        ts = T.TermSheet.from_dict(draft)
    except ValueError as exc:
        return {"error": str(exc)}
    f = T.check(ts)
    return {
        "rows": f.to_dict("records"),
        "summary": f.attrs["summary"],
        "page": T.summary_html(ts, f),
        "fragment": T.summary_html(ts, f, standalone=False, level=3),
        "poll": [[q, a] for q, a in T.poll_choices(ts).items()],
        "dict": ts.to_dict(),
    }


_RUN_JS = """
({drafts, cfg}) => drafts.map((text) => {
  const api = window.aicollabTermSheet;
  let ts;
  try { ts = api.fromDict(JSON.parse(text), cfg); }
  catch (e) { if (e instanceof api.TermSheetError) return {error: e.message}; return {crash: String(e && e.stack || e)}; }
  const f = api.check(ts, cfg);
  return {rows: f.rows, summary: f.summary, page: api.summaryHtml(ts, f, cfg),
          fragment: api.summaryHtml(ts, f, cfg, {standalone: false, level: 3}),
          poll: api.pollChoices(ts, cfg), dict: api.toDict(ts, cfg)};
})
"""


def test_script_matches_python_on_every_draft(browser, tmp_path: Path):
    """Same message, findings, printable page and poll answers for ~700 drafts, valid and not."""
    drafts = fixed_drafts() + random_drafts(650, seed=2026)
    texts = [json.dumps(d, ensure_ascii=False) for d in drafts]
    page_file = tmp_path / "parity.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>parity</title>'
                         f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>', encoding="utf-8")
    blocked: list[str] = []
    context = browser.new_context()
    page = _guarded_page(context, blocked)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_function("window.aicollabTermSheet !== undefined")
    got = page.evaluate(_RUN_JS, {"drafts": texts, "cfg": T.form_config()})
    context.close()
    assert not errors and not blocked
    n_errors = 0
    for text, js in zip(texts, got):
        py = _python_result(json.loads(text))
        assert "crash" not in js, f"script crashed on {text}: {js['crash']}"
        if "error" in py:
            n_errors += 1
            assert js.get("error") == py["error"], f"draft {text}"
            continue
        assert "error" not in js, f"script rejected a valid draft {text}: {js['error']}"
        assert js["rows"] == py["rows"], f"findings differ for {text}"
        assert js["summary"] == py["summary"]
        assert js["page"] == py["page"], f"printable summary differs for {text}"
        assert js["fragment"] == py["fragment"]
        assert js["poll"] == py["poll"]
        assert js["dict"] == json.loads(json.dumps(py["dict"]))
    # the corpus really exercises both paths, and every check in every severity it can have
    assert 150 < n_errors < len(texts) - 300
    seen = set()
    for text in texts:
        py = _python_result(json.loads(text))
        for r in py.get("rows", []):
            seen.add((r["id"], r["severity"]))
    assert {i for i, _ in seen} == set(T.CHECKS)
    assert all((i, "ok") in seen for i in T.CHECKS), sorted(i for i in T.CHECKS if (i, "ok") not in seen)


def test_number_formatting_matches_python(browser, tmp_path: Path):
    """The helpers behind the messages: repr of floats, '%.1f' with ties to even, Python's whitespace."""
    values = [0.0, -0.0, 0.25, 0.75, 1.25, 2.5, 12.25, -0.25, 33.35, 0.05, 0.15, 1e-05, 1.5e-07, 123456.789,
              1e15, 1e16, 1.2345e16, 1e21, 1e300, -1e-07, 100 / 3, 2 / 3, 99.95, 99.94999999999999, 5e-324]
    texts = ["a\tb", "x\u00a0y", "p\u2003q", "tab\x1fsep", "bom\ufeffx", "  lead", "é", "it's", 'say "hi"', "both ' \"",
             "back\\slash", "nl\nx", "bell\x07", "zw\u200bj", "ß", "İ", "ﬁ"]
    page_file = tmp_path / "fmt.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>fmt</title>'
                         f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>', encoding="utf-8")
    context = browser.new_context()
    page = _guarded_page(context, [])
    page.goto(page_file.as_uri())
    got = page.evaluate("""({values, texts}) => {
      const h = window.aicollabTermSheet.helpers;
      return {repr: values.map(h.floatRepr), fmt: values.map(h.fmt1),
              collapse: texts.map(h.collapse), srepr: texts.map(h.pyRepr), fold: texts.map(h.casefold)};
    }""", {"values": values, "texts": texts})
    context.close()
    assert got["repr"] == [repr(v) for v in values]
    assert got["fmt"] == [f"{v:.1f}" for v in values]
    assert got["collapse"] == [" ".join(t.split()) for t in texts]
    assert got["srepr"] == [repr(t) for t in texts]
    assert got["fold"] == [t.casefold() for t in texts]
