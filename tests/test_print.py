"""Built book pages print cleanly: worksheets, the capstone, the facilitator pages, the room poll.

Two complementary checks, both with the system's headless Chromium against ``_build/html``
served from 127.0.0.1 (nothing is fetched from elsewhere):

1. ``chromium --headless --print-to-pdf`` (what a facilitator's browser does): the PDF is a
   real PDF with the page's title and at least one page; when poppler's ``pdftotext`` is
   installed, its text holds the page heading and every chart's caption, and none of the
   screen-only parts (navigation, footer).
2. Playwright with print media emulated at A4 width: the navigation, header, footer and the
   previous/next links are ``display: none``; charts, tables and admonitions keep
   ``break-inside: avoid``; every chart drew; and nothing is cut off at the right margin
   (no element wider than the paper, no code block or table that would need a scroll bar).

Skipped, with the reason, when Chromium, Playwright or the built book is missing
(build it with ``jupyter-book build .``).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
#: The built book; AICOLLAB_BOOK_HTML points the test at another build (e.g. a trial stylesheet).
BUILD = Path(os.environ.get("AICOLLAB_BOOK_HTML") or ROOT / "_build" / "html")
CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)
PDFTOTEXT = shutil.which("pdftotext")

#: A4 (210 mm) minus 1 cm margins each side, in CSS pixels (96 per inch).
PAPER_WIDTH_PX = round((210 - 20) / 25.4 * 96)
#: Screen-only parts of a sphinx-book-theme page that must not print.
SCREEN_ONLY = [
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".bd-header",
    ".header-article",
    ".prev-next-area",
    ".bd-footer",
    ".bd-footer-content",
    ".theme-switch-button",
    ".search-button",
    ".vega-bindings",
]
#: Blocks that must not be split across two sheets.
KEEP_TOGETHER = ["figure.aicollab-chart", "table", ".admonition"]
#: Text of the book's footer (``_config.yml``, html.extra_footer): never on paper.
FOOTER_TEXT = "Content CC BY 4.0"

if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module", autouse=True)
def built_book():
    """The print checks need the built book: a missing build is a failure, not a reason to skip."""
    assert (BUILD / "index.html").is_file(), "The book is not built: run 'bash scripts/setup.sh' first"


def content_pages() -> list[str]:
    """Every built page with content (relative URLs); the root page first."""
    skip_dirs = {"_static", "_sources", "_images", ".pytest_cache", ".doctrees", "_panels_static"}
    pages = []
    for p in sorted(BUILD.rglob("*.html")):
        rel = p.relative_to(BUILD)
        if set(rel.parts[:-1]) & skip_dirs or rel.name in {"search.html", "genindex.html", "py-modindex.html"}:
            continue
        head = p.read_text(encoding="utf-8", errors="replace")[:300]
        if 'http-equiv="Refresh"' in head or "http-equiv='refresh'" in head.lower():
            continue  # index.html only redirects to the root page
        pages.append(rel.as_posix())
    return pages


def printable_pages() -> list[str]:
    """The pages people print: worksheets, capstone, facilitator pages, room poll (or a few others)."""
    wanted = re.compile(
        r"^(exercises/.*|notebooks/06_.*|notebooks/90_.*|book/facilitator/(checklist|agendas|room_poll)\.html)$"
    )
    pages = content_pages()
    chosen = [p for p in pages if wanted.match(p)]
    return chosen or pages[:3]


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(BUILD))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def html_title(page: str) -> str:
    text = (BUILD / page).read_text(encoding="utf-8", errors="replace")
    m = re.search(r"<title>(.*?)</title>", text, re.S)
    import html as _html

    return _html.unescape(" ".join(m.group(1).split())) if m else ""


def pdf_title(data: bytes) -> str:
    m = re.search(rb"/Title\s*<FEFF([0-9A-Fa-f]*)>", data)
    if m:
        return bytes.fromhex(m.group(1).decode()).decode("utf-16-be")
    m = re.search(rb"/Title\s*\((.*?)\)", data)
    return m.group(1).decode("latin-1") if m else ""


def pdf_pages(data: bytes) -> int:
    counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)]
    return max(counts) if counts else len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def figure_captions(page: str) -> list[str]:
    import html as _html

    text = (BUILD / page).read_text(encoding="utf-8", errors="replace")
    return [
        _html.unescape(c) for c in re.findall(r'<figcaption class="aicollab-caption">(.*?)</figcaption>', text, re.S)
    ]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


# ------------------------------------------------------------------------- 1. Chromium's own print


@pytest.mark.parametrize("page", printable_pages())
def test_chromium_prints_the_page_to_pdf(server, page, tmp_path):
    out = tmp_path / "page.pdf"
    cmd = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer",
        "--virtual-time-budget=15000",
        f"--print-to-pdf={out}",
        server + page,
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.is_file() and out.stat().st_size > 1000, f"no PDF for {page}: {run.stderr[-800:]}"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    assert pdf_pages(data) >= 1
    assert pdf_title(data) == html_title(page)
    if PDFTOTEXT is None:
        return  # page count, size and title are all we can check without poppler-utils
    text = subprocess.run([PDFTOTEXT, "-layout", str(out), "-"], capture_output=True, text=True, timeout=60).stdout
    flat = squash(text)
    heading = html_title(page).split(" — ")[0]
    assert squash(heading) in flat, f"{page}: the heading {heading!r} is not in the printed text"
    assert squash(FOOTER_TEXT) not in flat, f"{page}: the screen footer was printed"
    for caption in figure_captions(page):
        assert squash(caption)[:60] in flat, f"{page}: a chart's text description is missing on paper: {caption[:80]!r}"


# ------------------------------------------------------------------------- 2. print media, measured


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


_LAYOUT_JS = """
([screenOnly, keepTogether]) => {
  const visible = e => { const s = getComputedStyle(e); return s.display !== 'none' && s.visibility !== 'hidden'; };
  const shown = [];
  for (const sel of screenOnly) {
    for (const e of document.querySelectorAll(sel)) {
      if (getComputedStyle(e).display !== 'none') shown.push(sel);
    }
  }
  const splittable = [];
  for (const sel of keepTogether) {
    for (const e of document.querySelectorAll(sel)) {
      const b = getComputedStyle(e).breakInside;
      if (visible(e) && b !== 'avoid' && b !== 'avoid-page') splittable.push(sel + ': ' + b);
    }
  }
  const W = document.documentElement.clientWidth;
  const label = e => e.tagName.toLowerCase() + (e.className && e.className.toString() ? '.' + e.className.toString().trim().split(/\\s+/).join('.') : '')
                     + ' "' + (e.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '"';
  const cut = [];
  const tooWide = new Set();
  for (const e of document.querySelectorAll('main *, article *, .bd-content *')) {
    if (!visible(e) || e.closest('.bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, .bd-footer')) continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;  // empty, or hidden for screen readers only
    if (r.right > W + 1) {
      tooWide.add(e);
      if (!tooWide.has(e.parentElement)) cut.push('wider than the paper: ' + label(e));  // report the outermost only
      continue;
    }
    const s = getComputedStyle(e);
    if (e.scrollWidth > e.clientWidth + 2 && ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) {
      cut.push('content hidden behind a scroll bar: ' + label(e));
    }
  }
  const charts = [...document.querySelectorAll('figure.aicollab-chart .aicollab-vega')];
  return {
    shown: [...new Set(shown)],
    splittable: [...new Set(splittable)],
    cut: [...new Set(cut)].slice(0, 12),
    pageWidth: document.documentElement.scrollWidth,
    paperWidth: W,
    charts: charts.length,
    drawn: charts.filter(e => e.getAttribute('data-aicollab-rendered') === 'true').length,
    failed: charts.filter(e => e.hasAttribute('data-aicollab-error')).map(e => e.textContent.slice(0, 120)),
  };
}
"""

_CHARTS_SETTLED_JS = """
() => [...document.querySelectorAll('figure.aicollab-chart .aicollab-vega')]
        .every(e => e.hasAttribute('data-aicollab-rendered') || e.hasAttribute('data-aicollab-error'))
"""


@pytest.mark.parametrize("page", content_pages())
def test_print_layout(browser, server, page):
    tab = browser.new_page(viewport={"width": PAPER_WIDTH_PX, "height": 1100})
    try:
        tab.emulate_media(media="print")
        tab.goto(server + page, wait_until="load")
        tab.wait_for_function(_CHARTS_SETTLED_JS, timeout=20000)
        report = tab.evaluate(_LAYOUT_JS, [SCREEN_ONLY, KEEP_TOGETHER])
        pdf = tab.pdf(format="A4", margin={"top": "1cm", "bottom": "1cm", "left": "1cm", "right": "1cm"})
    finally:
        tab.close()
    assert not report["shown"], f"{page}: screen-only parts would print: {report['shown']}"
    assert not report["splittable"], f"{page}: blocks that may split across sheets: {report['splittable']}"
    assert not report["failed"], f"{page}: charts failed to draw: {report['failed']}"
    assert report["drawn"] == report["charts"], f"{page}: only {report['drawn']} of {report['charts']} charts drew"
    assert not report["cut"] and report["pageWidth"] <= report["paperWidth"] + 1, (
        f"{page}: content is cut at the right margin on A4 ({report['pageWidth']}px of {report['paperWidth']}px): "
        + "; ".join(report["cut"])
    )
    assert pdf.startswith(b"%PDF-") and pdf_pages(pdf) >= 1
