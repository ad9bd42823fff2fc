"""The kernel-free term-sheet form (aicollab/display/static/termsheet-form.js) against the Python model.

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
import sys
from pathlib import Path

import pytest

from aicollab import termsheet as T
from aicollab.display.assets import STATIC_DIR

sys.path.insert(0, str(Path(__file__).parent))
from browser_helpers import chromium, guarded_page, kit_page, save_and_collect  # noqa: E402
from termsheet_cases import fixed_drafts, random_drafts  # noqa: E402

SCRIPT = STATIC_DIR / T.FORM_SCRIPT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


_guarded_page = guarded_page


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
    page_file.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>parity</title>'
        f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>',
        encoding="utf-8",
    )
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
    values = [
        0.0,
        -0.0,
        0.25,
        0.75,
        1.25,
        2.5,
        12.25,
        -0.25,
        33.35,
        0.05,
        0.15,
        1e-05,
        1.5e-07,
        123456.789,
        1e15,
        1e16,
        1.2345e16,
        1e21,
        1e300,
        -1e-07,
        100 / 3,
        2 / 3,
        99.95,
        99.94999999999999,
        5e-324,
    ]
    texts = [
        "a\tb",
        "x\u00a0y",
        "p\u2003q",
        "tab\x1fsep",
        "bom\ufeffx",
        "  lead",
        "é",
        "it's",
        'say "hi"',
        "both ' \"",
        "back\\slash",
        "nl\nx",
        "bell\x07",
        "zw\u200bj",
        "ß",
        "İ",
        "ﬁ",
    ]
    page_file = tmp_path / "fmt.html"
    page_file.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>fmt</title>'
        f'<script src="{SCRIPT.as_uri()}"></script></head><body></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context()
    page = _guarded_page(context, [])
    page.goto(page_file.as_uri())
    got = page.evaluate(
        """({values, texts}) => {
      const h = window.aicollabTermSheet.helpers;
      return {repr: values.map(h.floatRepr), fmt: values.map(h.fmt1),
              collapse: texts.map(h.collapse), srepr: texts.map(h.pyRepr), fold: texts.map(h.casefold)};
    }""",
        {"values": values, "texts": texts},
    )
    context.close()
    assert got["repr"] == [repr(v) for v in values]
    assert got["fmt"] == [f"{v:.1f}" for v in values]
    assert got["collapse"] == [" ".join(t.split()) for t in texts]
    assert got["srepr"] == [repr(t) for t in texts]
    assert got["fold"] == [t.casefold() for t in texts]


# ---- the form as a learner meets it ------------------------------------------------------


def _form_page(tmp_path: Path, start: T.TermSheet | None = None) -> Path:
    """A page like the book's capstone: the kit's script in the head (it loads the form's script), the form's
    output in the body."""
    page_file = tmp_path / "form.html"
    page_file.write_text(kit_page(T.static_form(start).markup, "Capstone"), encoding="utf-8")
    return page_file


@pytest.fixture()
def form(browser, tmp_path: Path):
    """A fresh browser context (empty local storage) with the form open; yields (page, context)."""
    blocked: list[str] = []
    context = browser.new_context(accept_downloads=True)
    page = _guarded_page(context, blocked)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(_form_page(tmp_path).as_uri())
    page.wait_for_selector("form.aicollab-tsf")
    yield page
    context.close()
    assert not errors, errors
    assert not blocked, f"the form tried to reach the network: {blocked[:3]}"


def _alert(page) -> str:
    return page.inner_text(".aicollab-tsf-alert").strip()


def _status(page) -> str:
    return page.inner_text(".aicollab-tsf-message").strip()


def _row(page, k: int):
    return page.locator(".aicollab-tsf-partners tbody tr").nth(k)


def test_form_checks_a_draft_typed_with_the_keyboard(form):
    page = form
    assert page.locator(".aicollab-tsform-loading").count() == 0  # replaced by the form
    # every control has a label or an accessible name
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('form.aicollab-tsf input, form.aicollab-tsf select,'
      + ' form.aicollab-tsf textarea')).filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
    assert unnamed == []
    page.focus("[name=title]")
    page.keyboard.press("Control+A")
    page.keyboard.type("Sepsis alert")
    page.keyboard.press("Tab")  # to the note
    page.keyboard.press("Tab")  # to the aim
    page.keyboard.type(" in the emergency department")
    page.focus("[name=data_access]")
    page.keyboard.press("ArrowDown")  # pseudonymised extract -> not decided yet
    page.focus("[name=exclusive_data_rights]")
    page.keyboard.press("Space")  # untick exclusive rights
    page.focus("[name=confidentiality_agreement]")
    page.keyboard.press("Space")
    page.focus("[name=title]")
    page.keyboard.press("Enter")  # submits: Check my draft
    expected = T.example_term_sheet("first draft").with_changes(
        title="Sepsis alert",
        patient_benefit=T.example_term_sheet("first draft").patient_benefit + " in the emergency department",
        data_access="undecided",
        exclusive_data_rights=False,
        confidentiality_agreement=True,
    )
    f = T.check(expected)
    assert _status(page) == f"Checked: {f.attrs['summary']}."
    shown = page.eval_on_selector_all(
        ".aicollab-tsf-results > .aicollab-ts tbody tr", "rows => rows.map(r => r.cells[1].textContent)"
    )
    want = [f"{r.area} ({r.id}): {r.message}" for r in f.itertuples() if r.severity != "ok"]
    assert shown == want
    assert (
        page.locator(".aicollab-tsf-results details summary").inner_text().startswith("Preview the printable summary")
    )


def test_bad_input_gets_a_plain_message_and_loses_nothing(form):
    page = form
    share = _row(page, 0).locator("[name=share]")
    share.fill("abc")
    page.click("button:has-text('Check my draft')")
    assert _alert(page) == (
        "Check this: The share of 'Clinicians' must be a number such as 25 or 12.5; it says 'abc'. "
        "Your draft is kept; nothing was lost."
    )
    assert page.evaluate("document.activeElement.name") == "share"
    assert share.get_attribute("aria-invalid") == "true"
    assert share.input_value() == "abc"
    assert "not a number yet" in page.inner_text(".aicollab-tsf-total")
    # a total off 100: the model's own message, word for word
    share.fill("10")
    page.click("button:has-text('Check my draft')")
    with pytest.raises(ValueError) as exc:
        T.example_term_sheet("first draft").with_changes(
            shares={"Clinicians": 10, "Hospital": 20, "Research institution": 20, "AI company": 60}
        )
    assert _alert(page).startswith("Check this: " + str(exc.value)[0].upper() + str(exc.value)[1:])
    assert "must add up to 100" in page.inner_text(".aicollab-tsf-total")
    # comma decimals and a % sign are understood
    share.fill("5,5 %")
    _row(page, 3).locator("[name=share]").fill("54.5")
    page.click("button:has-text('Check my draft')")
    assert _alert(page) == "" and _status(page).startswith("Checked:")
    # an empty share or an unnamed partner: said plainly, focus on the field
    share.fill("")
    page.click("button:has-text('Check my draft')")
    assert _alert(page).startswith("Check this: The share of 'Clinicians' is empty: type a percentage (0 is allowed).")
    assert page.evaluate("document.activeElement.name") == "share"
    share.fill("5.5")
    page.click("button:has-text('Add a partner')")
    page.click("button:has-text('Check my draft')")
    assert _alert(page).startswith("Check this: Partner 5 has no name: type one, or remove the row.")
    assert page.evaluate("document.activeElement.name") == "name"
    _row(page, 4).locator("button:has-text('Remove')").click()
    # an empty title and a duplicate name: plain messages, focus on the field
    page.fill("[name=title]", "   ")
    page.click("button:has-text('Check my draft')")
    assert _alert(page).startswith("Check this: The title must not be empty.")
    assert page.evaluate("document.activeElement.name") == "title"
    page.fill("[name=title]", "Mine")
    _row(page, 1).locator("[name=name]").fill("clinicians ")
    page.click("button:has-text('Check my draft')")
    assert "is listed twice" in _alert(page)
    assert page.evaluate("document.activeElement.value") == "clinicians "


def test_draft_survives_a_reload_and_restart_can_be_undone(form):
    page = form
    page.fill("[name=title]", "Kept across reloads")
    _row(page, 0).locator("[name=share]").fill("oops")
    page.reload()
    page.wait_for_selector("form.aicollab-tsf")
    assert page.input_value("[name=title]") == "Kept across reloads"
    assert _row(page, 0).locator("[name=share]").input_value() == "oops"
    assert "last visit" in _status(page)
    page.click("button:has-text('Start from a blank draft')")
    assert page.input_value("[name=title]") == "My partnership"
    page.click("button:has-text('Undo')")
    assert page.input_value("[name=title]") == "Kept across reloads"
    assert _row(page, 0).locator("[name=share]").input_value() == "oops"


def test_partners_can_be_added_renamed_and_removed(form):
    page = form
    for _ in range(4):
        page.click("button:has-text('Add a partner')")
    assert page.locator(".aicollab-tsf-partners tbody tr").count() == 8
    assert page.is_disabled("button:has-text('Add a partner')")
    new = _row(page, 4)
    new.locator("[name=name]").fill("St Mary's Hospital")
    new.locator("[name=name]").press("Tab")  # change event: the role follows the name
    assert new.locator("[name=role]").input_value() == "hospital"
    page.click("button:has-text('Split equally')")
    assert page.inner_text(".aicollab-tsf-total").startswith("Total: 100.0%")
    for _ in range(6):
        _row(page, 2).locator("button:has-text('Remove')").click()
    assert page.locator(".aicollab-tsf-partners tbody tr").count() == 2
    assert _row(page, 0).locator("button").is_disabled()


def test_downloads_are_read_back_by_python(form, tmp_path: Path):
    page = form
    page.fill("[name=title]", "Sepsis alert")
    with page.expect_download() as dl:
        page.click("button:has-text('Download summary (HTML)')")
    summary = Path(dl.value.path()).read_text(encoding="utf-8")
    assert dl.value.suggested_filename == "term-sheet-sepsis-alert.html"
    expected = T.example_term_sheet("first draft").with_changes(title="Sepsis alert")
    assert summary == T.summary_html(expected)
    assert "saving term-sheet-sepsis-alert.html" in _status(page)

    with page.expect_download() as dl:
        page.click("button:has-text('Download my draft (JSON)')")
    draft = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert T.TermSheet.from_dict(draft) == expected

    saved, result = save_and_collect(page, "Save my answers for the room poll", tmp_path / "inbox")
    assert len(result.submissions) == 1 and result.skipped.empty
    assert saved["capstone"] == json.loads(json.dumps(T.poll_choices(expected)))

    page.evaluate(
        "() => { window.aicollabTermSheet.print = (html) => { (window.printed = window.printed || []).push(html); }; }"
    )
    page.click("button:has-text('Print summary')")
    assert page.evaluate("window.printed") == [T.summary_html(expected)]
    assert "print dialog" in _status(page)


def test_a_saved_draft_opens_and_a_bad_file_changes_nothing(form, tmp_path: Path):
    page = form
    good = tmp_path / "revised.json"
    good.write_text(json.dumps(T.example_term_sheet("revised").to_dict()), encoding="utf-8")
    page.set_input_files("input[type=file]", str(good))
    page.wait_for_function("document.querySelector('.aicollab-tsf-message').textContent.includes('Opened')")
    page.click("button:has-text('Check my draft')")
    f = T.check(T.example_term_sheet("revised"))
    assert _status(page) == f"Checked: {f.attrs['summary']}."
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    page.wait_for_function("document.querySelector('.aicollab-tsf-alert').textContent.length > 0")
    assert _alert(page) == (
        "Check this: The file notes.json is not a term-sheet draft: it is not JSON. "
        "Your current draft is unchanged; nothing was lost."
    )
    wrong = tmp_path / "poll.json"
    wrong.write_text(json.dumps({"kit": "aicollab-room-poll", "version": 1}), encoding="utf-8")
    page.set_input_files("input[type=file]", str(wrong))
    page.wait_for_function("document.querySelector('.aicollab-tsf-alert').textContent.includes('poll.json')")
    assert "this is not a term-sheet draft of this kit" in _alert(page)
    assert page.input_value("[name=title]") == T.example_term_sheet("revised").title  # unchanged


def test_form_passes_axe_in_every_state(form):
    """No serious or critical axe-core violation: as loaded, with an error shown, with results and preview open."""
    page = form
    axe = Path(__file__).parent / "vendor" / "axe.min.js"
    page.add_script_tag(path=str(axe))

    def violations():
        found = page.evaluate("""async () => (await axe.run(document.querySelector('.aicollab-tsform'),
            {resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' '))}))""")
        return [v for v in found if v["impact"] in ("serious", "critical")]

    assert violations() == []
    _row(page, 0).locator("[name=share]").fill("lots")
    page.click("button:has-text('Check my draft')")
    assert _alert(page) and violations() == []
    _row(page, 0).locator("[name=share]").fill("0")
    page.click("button:has-text('Check my draft')")
    page.click(".aicollab-tsf-results details summary")
    assert page.locator(".aicollab-tsf-results details[open]").count() == 1
    assert violations() == []
    # headings inside the preview continue the page's outline (h3, h4 under the lesson's h2)
    levels = page.eval_on_selector_all(
        ".aicollab-tsf-results h1, .aicollab-tsf-results h2, .aicollab-tsf-results h3, .aicollab-tsf-results h4",
        "hs => hs.map(h => h.tagName)",
    )
    assert levels[0] == "H3" and set(levels[1:]) == {"H4"}


def test_form_says_when_the_browser_cannot_keep_the_draft(browser, tmp_path: Path):
    """With local storage refused (a private window, a managed browser), the form must not promise to keep the draft."""
    context = browser.new_context()
    context.add_init_script(
        """Object.defineProperty(window, 'localStorage', {get() { throw new Error('denied'); }});"""
    )
    page = _guarded_page(context, [])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(_form_page(tmp_path).as_uri())
    page.wait_for_selector("form.aicollab-tsf")
    assert "does not let the page keep your draft" in page.inner_text(".aicollab-tsf-intro")
    page.fill("[name=title]", "Still works")
    page.click("button:has-text('Check my draft')")
    assert _status(page).startswith("Checked:")
    context.close()
    assert not errors, errors
