"""The two interpreters of the term sheet's rulebook agree: Python and the browser's.

``aicollab/termsheet/rulebook.json`` holds every check, draft rule, file rule and message.
Python interprets it (:mod:`aicollab.termsheet`); the book's form interprets it in the browser
(``aicollab/display/static/termsheet-rules.js``, loaded by ``termsheet-form.js``). In headless
Chromium (skipped with a reason when it is missing):

* about 700 drafts, valid and not (tests/termsheet_cases.py), give the same error message, or
  the same findings, printable page and room-poll answers, on both sides;
* about 400 hostile draft *files* (bytes: encodings, sizes, nesting, duplicate keys, huge
  numbers, broken and invisible text) are opened or refused with the same message;
* reading one rule of the file differently on one side (a comparison, the order of a sum, what
  counts as true) is caught by that comparison: the parity test can fail;
* the text and number rules behind the messages give the same results.

The form as a learner meets it is tested in tests/test_termsheet_form_browser.py.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

from aicollab import inputs
from aicollab import termsheet as T
from aicollab.display.assets import STATIC_DIR
from aicollab.termsheet import boundary, rulebook

sys.path.insert(0, str(Path(__file__).parent))
from browser_helpers import chromium, guarded_page  # noqa: E402
from termsheet_cases import fixed_drafts, hostile_files, random_drafts, random_hostile_files  # noqa: E402

SCRIPT = STATIC_DIR / T.FORM_SCRIPT
RULES = STATIC_DIR / "termsheet-rules.js"

pytestmark = pytest.mark.browser


def _config() -> dict:
    """The form's config as the page receives it (serialised with sorted keys, as static_form does)."""
    return json.loads(json.dumps(T.form_config(), sort_keys=True))


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    """One page with the form's script (which loads the rules' interpreter next to it)."""
    page_file = tmp_path_factory.mktemp("parity") / "parity.html"
    page_file.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>parity</title>'
        f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>',
        encoding="utf-8",
    )
    blocked: list[str] = []
    errors: list[str] = []
    context = browser.new_context()
    pg = guarded_page(context, blocked)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(page_file.as_uri())
    pg.wait_for_function("window.aicollabTermSheet !== undefined")
    yield pg
    context.close()
    assert not errors and not blocked, (errors, blocked)


# ---- the ~700 drafts --------------------------------------------------------------------------


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
        "dict": json.loads(json.dumps(ts.to_dict())),
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


def _differences(texts: list[str], got: list[dict], python: list[dict]) -> list[str]:
    """Every way the browser's results differ from Python's (empty when they agree)."""
    out = []
    for text, js, py in zip(texts, got, python):
        if "crash" in js:
            out.append(f"script crashed on {text[:300]}: {js['crash']}")
        elif ("error" in py) != ("error" in js):
            out.append(f"one side refused {text[:300]}: {py.get('error')!r} / {js.get('error')!r}")
        elif "error" in py:
            if js["error"] != py["error"]:
                out.append(f"messages differ for {text[:300]}: {py['error']!r} / {js['error']!r}")
        else:
            for part in ("rows", "summary", "page", "fragment", "poll", "dict"):
                if js[part] != py[part]:
                    out.append(f"{part} differs for {text[:300]}")
    return out


@pytest.fixture(scope="module")
def corpus():
    drafts = fixed_drafts() + random_drafts(650, seed=2026)
    texts = [json.dumps(d, ensure_ascii=False) for d in drafts]
    return texts, [_python_result(json.loads(t)) for t in texts]


def test_both_interpreters_agree_on_every_draft(page, corpus):
    """Same message, findings, printable page and poll answers for ~700 drafts, valid and not."""
    texts, python = corpus
    got = page.evaluate(_RUN_JS, {"drafts": texts, "cfg": _config()})
    problems = _differences(texts, got, python)
    assert not problems, "\n".join(problems[:5])
    # the corpus really exercises both paths, and every check in every severity it can have
    n_errors = sum("error" in py for py in python)
    assert 150 < n_errors < len(texts) - 300
    seen = {(r["id"], r["severity"]) for py in python for r in py.get("rows", [])}
    assert {i for i, _ in seen} == set(T.CHECKS)
    assert all((i, "ok") in seen for i in T.CHECKS), sorted(i for i in T.CHECKS if (i, "ok") not in seen)
    for chk in rulebook.RULEBOOK["checks"]:  # every case of every check is taken by some draft
        for case in chk["cases"]:
            assert (chk["id"], case["severity"]) in seen, (chk["id"], case)


# Each sabotage reads one rule of the rulebook differently in the browser only.
_SABOTAGE = {
    "gt read as >=": """o.gt = (args, env) => R.evaluate(args[0], env) >= R.evaluate(args[1], env);""",
    "sum added from the right": """o.sum = (arg, env) => R.evaluate(arg, env).slice().reverse().reduce((t, v) => t + v, 0);""",
    "JavaScript's own truth in not": """o.not = (arg, env) => !R.evaluate(arg, env);""",
}


@pytest.mark.parametrize("sabotage", list(_SABOTAGE))
def test_a_rule_read_differently_by_one_side_is_caught(browser, tmp_path, corpus, sabotage):
    """The parity test can fail: break one operation of the browser's interpreter and the
    comparison above finds drafts whose findings differ."""
    page_file = tmp_path / "sabotage.html"
    page_file.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>sabotage</title>'
        f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context()
    pg = guarded_page(context, [])
    pg.goto(page_file.as_uri())
    pg.wait_for_function("window.aicollabTermSheet !== undefined")
    pg.evaluate("() => { const R = window.aicollabTermSheetRules, o = R.ops; " + _SABOTAGE[sabotage] + " }")
    texts, python = corpus
    got = pg.evaluate(_RUN_JS, {"drafts": texts, "cfg": _config()})
    context.close()
    assert _differences(texts, got, python), f"breaking the browser's rule ({sabotage}) went unnoticed"


def test_the_browser_interpreter_has_exactly_the_languages_operations(page):
    ops = page.evaluate("() => Object.keys(window.aicollabTermSheetRules.ops).sort()")
    assert ops == sorted(set(rulebook.RULEBOOK["language"]) - {"literal"}) == sorted(rulebook.OPS)


# ---- hostile files ------------------------------------------------------------------------------


def _python_file_result(name: str, data: bytes) -> dict:
    try:
        ts = T.read_draft(data, name)
    except ValueError as exc:
        return {"error": str(exc)}
    f = T.check(ts)
    return {"dict": json.loads(json.dumps(ts.to_dict())), "rows": f.to_dict("records")}


_READ_JS = """
({files, cfg}) => files.map(([name, b64]) => {
  const api = window.aicollabTermSheet;
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  let ts;
  try { ts = api.readDraft(bytes, name, cfg); }
  catch (e) { if (e instanceof api.TermSheetError) return {error: e.message}; return {crash: String(e && e.stack || e)}; }
  return {dict: api.toDict(ts, cfg), rows: api.check(ts, cfg).rows};
})
"""


def test_hostile_files_are_opened_or_refused_alike(page):
    """~400 hostile files: both readers open each one to the same draft and findings, or refuse it
    with the same message (which names the file, is at most 400 characters and is plain words)."""
    files = hostile_files() + random_hostile_files(300)
    cfg = _config()
    got = []
    for start in range(0, len(files), 50):  # in batches: some files are megabytes long
        batch = [[n, base64.b64encode(b).decode("ascii")] for n, b in files[start : start + 50]]
        got += page.evaluate(_READ_JS, {"files": batch, "cfg": cfg})
    problems, refused = [], 0
    for (name, data), js in zip(files, got):
        py = _python_file_result(name, data)
        if "crash" in js:
            problems.append(f"{name}: the script crashed: {js['crash'][:300]}")
        elif py != js:
            problems.append(f"{name}: Python {str(py)[:300]} / browser {str(js)[:300]}")
        if "error" in py:
            refused += 1
            assert name in py["error"] and len(py["error"]) <= 400, py["error"][:300]
            assert "Traceback" not in py["error"] and "\\x" not in py["error"]
    assert not problems, "\n".join(problems[:8])
    assert 30 < len(files) - refused < refused  # both outcomes are exercised


# ---- the text and number rules behind the messages --------------------------------------------

_NUMBERS = [0.0, -0.0, 0.25, 0.75, 1.25, 2.5, 12.25, 12.35, 33.35, 0.05, 0.15, 1e-05, 1.5e-07, 5e-324, 123456.789]
_NUMBERS += [1e15, 1e16, 1.2345e16, 1e21, 1e300, -1e-07, 100 / 3, 2 / 3, 99.95, 99.94999999999999, 38.949999999999996]
_TEXTS = ["a\tb", "x\u00a0y", "p\u2003q", "tab\x1fsep", "  lead", "é", "e\u0301", "it's", 'say "hi"', "back\\slash"]
_TEXTS += [
    "nl\nx",
    "bell\x07",
    "zw\u200bj",
    "j\u200dk",
    "ß",
    "İ",
    "ﬁ",
    "Ω" * 70,
    "\ud800",
    "a\udc00b",
    "🫁",
    "\U000e0001",
]
_TEXTS += ["\u3164", "\u2028", "</script>", "x" * 59 + "🫁🫁", "ＣＬＩＮＩ\u00adCIANS", "C:\\users", "\u202eabc"]
# Quotes cut after escaping, counted in code points as Python counts them.
_TEXTS += ["\t" * 60, "\u202e" * 30, "🫁" * 70, "x" * 55 + "\u200b" * 3]
_MESSAGES = [
    "the title: too long (201 characters; at most 200)",
    "the shares add up to 80.0% (within ±0.5)",
    "all fine.",
]


def test_text_and_number_rules_match_python(page):
    got = page.evaluate(
        """({numbers, texts, messages, cfg}) => { const R = window.aicollabTermSheetRules, H = R.helpers;
          const c = R.context(cfg);
          return {one: numbers.map(H.oneDecimal), num: numbers.map(H.numberText),
                  sum: [H.addLeftToRight([0.1, 0.2, 0.3]), H.addLeftToRight([0.3, 0.2, 0.1])],
                  collapse: texts.map((t) => H.collapse(t, c)), key: texts.map((t) => H.key(t, c)),
                  quote: texts.map((t) => H.quote(t, c)), values: [null, true, 2.5, [1, 2], {a: 1}].map((v) => H.quote(v, c)),
                  sentence: messages.map((t) => H.sentence(t, c)), bounded: H.bounded("x".repeat(1200), c)}; }""",
        {"numbers": _NUMBERS, "texts": _TEXTS, "messages": _MESSAGES, "cfg": _config()},
    )
    assert got["one"] == [rulebook.one_decimal(x) for x in _NUMBERS]
    assert got["num"] == [inputs.number_text(x) for x in _NUMBERS]
    assert got["sum"] == [rulebook.add_left_to_right([0.1, 0.2, 0.3]), rulebook.add_left_to_right([0.3, 0.2, 0.1])]
    assert got["collapse"] == [boundary.collapse(t) for t in _TEXTS]
    assert got["key"] == [boundary.key(t) for t in _TEXTS]
    assert got["quote"] == [inputs.excerpt(t) for t in _TEXTS]
    assert got["values"] == [inputs.excerpt(v) for v in (None, True, 2.5, [1, 2], {"a": 1})]
    assert got["sentence"] == [inputs.sentence(t) for t in _MESSAGES]
    assert got["bounded"] == inputs.bounded("x" * 1200)
