"""Lesson 3's kernel-free ranking form (aicollab/display/static/ranking-form.js) in headless Chromium.

The table the learner sees must match :func:`aicollab.lessons.barriers.compare_ranking` for the same
ranking, bad rankings (two barriers with one rank, a gap) get a plain message, the ranking
survives a reload, and the room-poll file it downloads is counted by :func:`aicollab.poll.collect`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aicollab.display.ranking_form import static_ranking_form
from aicollab.lessons import barriers as B

sys.path.insert(0, str(Path(__file__).parent))
from browser_helpers import chromium, guarded_page, kit_page, save_and_collect  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture()
def page(browser, tmp_path: Path):
    page_file = tmp_path / "rank.html"
    page_file.write_text(kit_page(static_ranking_form().markup, "Barriers"), encoding="utf-8")
    blocked: list[str] = []
    errors: list[str] = []
    context = browser.new_context(accept_downloads=True)
    pg = guarded_page(context, blocked)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(page_file.as_uri())
    pg.wait_for_selector("form.aicollab-ranking-form")
    yield pg
    context.close()
    assert not errors and not blocked, (errors, blocked)


def _table(pg) -> list[list[str]]:
    return pg.eval_on_selector_all(
        ".aicollab-ranking-table tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )


def _expected(names) -> list[list[str]]:
    df = B.compare_ranking(names)
    show = lambda v: "not asked" if v is None or v is __import__("pandas").NA else str(int(v))  # noqa: E731
    return [[str(r.your_rank), r.label, show(r.clinicians_rank), show(r.researchers_rank)] for r in df.itertuples()]


def test_table_matches_compare_ranking_and_file_is_counted(page, tmp_path: Path):
    assert _table(page) == _expected(["privacy_security", "workforce", "standards"])
    names = list(B.BARRIERS)
    chosen = [names[4], names[0], names[7], names[2], names[9]]
    page.click("button:has-text('Clear my ranking')")
    for k, n in enumerate(chosen, start=1):
        page.select_option(f"select[name={n}]", str(k))
    assert _table(page) == _expected(chosen)
    saved, result = save_and_collect(page, "Save my ranking for the room poll", tmp_path / "inbox")
    assert len(result.submissions) == 1 and result.skipped.empty
    assert saved["barrier_ranking"] == chosen
    assert "saving room-poll-anonymous-" in page.inner_text(".aicollab-ranking-status")


def test_bad_rankings_get_plain_messages_and_nothing_is_lost(page):
    page.select_option("select[name=legal]", "1")  # privacy_security has rank 1 too
    alert = page.inner_text(".aicollab-ranking-alert")
    assert "both have rank 1: give each rank to one barrier only." in alert
    assert page.input_value("select[name=legal]") == "1"
    page.select_option("select[name=privacy_security]", "5")
    assert page.inner_text(".aicollab-ranking-alert") == "Rank 4 is not given: ranks must run 1, 2, 3… without gaps."
    with _no_download(page):
        page.click("button:has-text('Save my ranking for the room poll')")
    page.click("button:has-text('Clear my ranking')")
    page.click("button:has-text('Save my ranking for the room poll')")
    assert page.inner_text(".aicollab-ranking-alert") == "Give at least one barrier a rank (1 = most important)."


class _no_download:
    """Context manager: fail if the page starts a download inside the block."""

    def __init__(self, page):
        self.page, self.seen = page, []

    def __enter__(self):
        self.handler = lambda d: self.seen.append(d)
        self.page.on("download", self.handler)
        return self

    def __exit__(self, *exc):
        self.page.wait_for_timeout(300)
        self.page.remove_listener("download", self.handler)
        assert not self.seen, "a bad ranking must not be saved"


def test_ranking_survives_a_reload_and_works_by_keyboard(page):
    page.focus("select[name=knowledge]")
    page.keyboard.press("ArrowDown")  # not ranked -> 1 ... clashes with privacy_security's 1
    assert "both have rank 1" in page.inner_text(".aicollab-ranking-alert")
    page.select_option("select[name=knowledge]", "4")
    page.reload()
    page.wait_for_selector("form.aicollab-ranking-form")
    assert page.input_value("select[name=knowledge]") == "4"
    assert _table(page) == _expected(["privacy_security", "workforce", "standards", "knowledge"])
    axe = Path(__file__).parent / "vendor" / "axe.min.js"
    page.add_script_tag(path=str(axe))
    bad = page.evaluate("""async () => (await axe.run(document.querySelector('.aicollab-ranking'),
        {resultTypes: ['violations']})).violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")
    assert bad == []
