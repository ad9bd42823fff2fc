"""The kernel-free term-sheet form (termsheet-form.js) as a learner meets it, in headless Chromium.

Filling it in with the keyboard, bad input (a message, nothing lost), the downloads (summary,
draft, room-poll file, each read back by Python), opening saved drafts (the same answer as
Python's load_draft, also for hostile files), keeping the draft across a reload, and never
losing an opened draft (a field still being edited, a browser that refuses to store it).
The two interpreters of the rulebook are compared in tests/test_termsheet_browser.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from aicollab import termsheet as T
from aicollab.inputs import sentence

sys.path.insert(0, str(Path(__file__).parent))
from browser_helpers import chromium, guarded_page, kit_page, save_and_collect  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


_guarded_page = guarded_page


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
        'Check this: The share of "Clinicians" must be a number such as 25 or 12.5; it says "abc". '
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
    assert _alert(page).startswith("Check this: " + sentence(str(exc.value)))
    assert "must add up to 100" in page.inner_text(".aicollab-tsf-total")
    # comma decimals and a % sign are understood
    share.fill("5,5 %")
    _row(page, 3).locator("[name=share]").fill("54.5")
    page.click("button:has-text('Check my draft')")
    assert _alert(page) == "" and _status(page).startswith("Checked:")
    # an empty share or an unnamed partner: said plainly, focus on the field
    share.fill("")
    page.click("button:has-text('Check my draft')")
    assert _alert(page).startswith('Check this: The share of "Clinicians" is empty: type a percentage (0 is allowed).')
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
        "Check this: The file notes.json is not a term-sheet draft: it is not JSON (line 1, column 2). "
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


def _open_file(page, path: Path) -> None:
    """Choose a file with "Open a saved draft" and wait until the form has answered."""
    page.set_input_files("input[type=file]", str(path))
    page.wait_for_function(
        "() => { const m = document.querySelector('.aicollab-tsf-message').textContent;"
        " return document.querySelector('.aicollab-tsf-alert').textContent.length > 0 || m.startsWith('Opened'); }",
        timeout=30000,
    )


def _python_opens(path: Path) -> tuple[str, str]:
    try:
        return ("opened", T.load_draft(path).title)
    except ValueError as error:
        return ("refused", str(error))


@pytest.mark.parametrize(
    "name, data",
    [
        ("bom.json", b"\xef\xbb\xbf" + json.dumps({"title": "Caf\u00e9 with a BOM"}).encode()),
        ("notepad.json", json.dumps({"title": "Caf\u00e9 in UTF-16"}, ensure_ascii=False).encode("utf-16")),
        ("latin1.json", json.dumps({"title": "Caf\u00e9 H\u00f4pital"}, ensure_ascii=False).encode("latin-1")),
        ("deep.json", b'{"note": ' + b"[" * 20000 + b"]" * 20000 + b"}"),
        ("nan.json", b'{"partners": [{"name": "A", "share": NaN}, {"name": "B", "share": 50}]}'),
        ("big-number.json", b'{"review_every_months": ' + b"9" * 5000 + b"}"),
        ("twice.json", b'{"title": "Agreed title", "title": "Other title"}'),
        ("list.json", json.dumps({"title": ["x"] * 40000}).encode()),
        ("invisible.json", json.dumps({"partners": [{"name": "Clinicians"}, {"name": "Clinicians\u200b"}]}).encode()),
    ],
)
def test_opening_a_file_gives_load_drafts_answer(form, tmp_path: Path, name: str, data: bytes):
    """A chosen file is opened or refused as load_draft opens or refuses it, in the same words;
    an earlier alert never stays on screen, and a refusal is short and names the file."""
    page = form
    notes = tmp_path / "notes.json"
    notes.write_text("{not json", encoding="utf-8")
    _open_file(page, notes)  # an earlier alert, which must be replaced
    path = tmp_path / name
    path.write_bytes(data)
    py = _python_opens(path)
    _open_file(page, path)
    if py[0] == "opened":
        assert _status(page).startswith(f"Opened {name}.") and _alert(page) == ""
        assert page.input_value("[name=title]") == py[1]
    else:
        assert _alert(page) == f"Check this: {sentence(py[1])} Your current draft is unchanged; nothing was lost."
        assert name in _alert(page) and len(_alert(page)) < 1100


def test_an_opened_draft_wins_over_a_field_still_being_edited(form, tmp_path: Path):
    """Opening a draft while a text field still has focus and an uncommitted edit shows and keeps
    the opened draft (the old field's "change" does not write the old form into the new draft);
    Undo brings back the typed text."""
    page = form
    draft = T.example_term_sheet("revised").with_changes(title="Opened draft")
    path = tmp_path / "ok.json"
    T.save_draft(draft, path)
    page.fill("[name=title]", "Typed, not yet committed")  # focus stays in the field
    page.set_input_files("input[type=file]", str(path))
    page.wait_for_function("document.querySelector('.aicollab-tsf-message').textContent.includes('Opened')")
    assert page.input_value("[name=title]") == "Opened draft"
    page.reload()
    page.wait_for_selector("form.aicollab-tsf")
    assert page.input_value("[name=title]") == "Opened draft"


def test_an_opened_draft_is_never_lost_when_the_browser_refuses_to_store_it(browser, tmp_path: Path):
    """When local storage refuses the opened draft (full, or too large), the form says so at once,
    keeps the draft in the page, and removes the older copy so that a reload cannot bring it back
    as "your draft from your last visit"."""
    context = browser.new_context()
    # A small quota: the example draft fits, a draft with long texts does not.
    context.add_init_script(
        """(() => { const set = Storage.prototype.setItem;
          Storage.prototype.setItem = function (k, v) {
            if (String(v).length > 2000) { throw new DOMException('quota', 'QuotaExceededError'); }
            return set.call(this, k, v); }; })();"""
    )
    page = _guarded_page(context, [])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(_form_page(tmp_path).as_uri())
    page.wait_for_selector("form.aicollab-tsf")
    page.fill("[name=title]", "Before")
    page.press("[name=title]", "Tab")
    big = T.example_term_sheet("revised").with_changes(title="Opened draft", exit_terms="e" * 1500, note="n" * 400)
    path = tmp_path / "big.json"
    T.save_draft(big, path)
    page.set_input_files("input[type=file]", str(path))
    page.wait_for_function("document.querySelector('.aicollab-tsf-message').textContent.includes('Opened')")
    assert page.input_value("[name=title]") == "Opened draft"  # kept in the page
    note = page.inner_text(".aicollab-tsf-storage")
    assert "could not keep this draft" in note and "Download my draft (JSON)" in note
    with page.expect_download() as dl:  # and it can still be downloaded
        page.click("button:has-text('Download my draft (JSON)')")
    assert T.TermSheet.from_dict(json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))) == big
    page.reload()
    page.wait_for_selector("form.aicollab-tsf")
    assert page.input_value("[name=title]") != "Before"  # the older copy did not come back
    assert "last visit" not in _status(page)
    context.close()
    assert not errors, errors
