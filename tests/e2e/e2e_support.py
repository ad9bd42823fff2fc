"""Shared machinery of the end-to-end browser suite (and of benchmarks/bench_pages.py).

Nothing here is a test. The pieces:

- ``ensure_book_built``: build the book into ``<repo>/_build`` under a file lock, or reuse the
  existing build when no source changed (see the function for the exact rule);
- ``StaticServer``: serve a folder from 127.0.0.1 on a free port, in a thread;
- ``launch_browser`` / ``NetworkGuard``: Debian's Chromium with every request to a host other
  than 127.0.0.1 aborted and recorded (HTTP, WebSocket, and name resolution itself);
- ``open_page`` / ``PageReport``: load a page, wait for its charts, collect console errors,
  page errors and blocked requests;
- ``exercise_bindings``: drive every Vega binding (slider, checkbox, select, radio) with the
  keyboard and check that the chart changes and that each input has an accessible name;
- ``run_axe``: run the vendored axe-core in the page;
- ``JupyterLabServer`` / ``run_notebook_in_lab``: a real, isolated, offline JupyterLab.

Environment variables (all optional):

``AICOLLAB_E2E_REPO``      the kit's folder (default: the folder two levels above this file)
``AICOLLAB_E2E_BUILD``     ``auto`` (default: build only when a source file changed since the
                           last good build), ``always`` (always run ``jupyter-book build``),
                           ``never`` (use ``_build/html`` as it is; fail if it is missing)
``AICOLLAB_E2E_CHROMIUM``  the browser (default ``/usr/bin/chromium``)
``AICOLLAB_E2E_NOTEBOOK_TIMEOUT``  seconds for one notebook's Run All in JupyterLab (default 60)
``AICOLLAB_E2E_NOTEBOOKS`` glob, relative to the repo, of the notebooks opened in JupyterLab
                           (default ``notebooks/*.ipynb``)
"""

# ruff: noqa: UP031  (JavaScript templates are filled with %; f-strings would double every brace)
from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = Path(os.environ.get("AICOLLAB_E2E_REPO") or HERE.parents[1]).resolve()
AXE_JS = HERE.parent / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("AICOLLAB_E2E_CHROMIUM", "/usr/bin/chromium")
NOTEBOOK_TIMEOUT_S = float(os.environ.get("AICOLLAB_E2E_NOTEBOOK_TIMEOUT", "60"))
NOTEBOOK_GLOB = os.environ.get("AICOLLAB_E2E_NOTEBOOKS", "notebooks/*.ipynb")

LOOPBACK = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
    # Belt and braces behind the request router: no host name other than 127.0.0.1 can even be
    # resolved, so DNS prefetching of the links on a page never leaves the machine either.
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOOPBACK}",
]

#: Pages under _build/html that are not content (the brief: all pages but these).
SKIPPED_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
SKIPPED_DIRS = {"_static", "_sources", "_images", "_downloads"}

CHART_TIMEOUT_MS = 20_000


# --------------------------------------------------------------------------------------------
# Building the book
# --------------------------------------------------------------------------------------------

#: Folders that never feed the book: tests, benchmarks, CI and set-up scripts. Everything
#: else that git would commit (tracked or untracked-but-not-ignored) counts as a source.
FINGERPRINT_SKIP_TOP = {"tests", "benchmarks", ".ci", "scripts"}
FINGERPRINT_SKIP_ANY = {
    ".git",
    "_build",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
}


class BookBuildError(RuntimeError):
    pass


@dataclasses.dataclass
class BookBuild:
    repo: Path
    html_dir: Path
    built: bool  # True when this call ran jupyter-book, False when it reused a build
    seconds: float
    reason: str
    log: Path | None


def _source_files(repo: Path) -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout.decode("utf-8", "surrogateescape")
        rels = [Path(p) for p in out.split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        rels = [p.relative_to(repo) for p in repo.rglob("*") if p.is_file()]
    keep = []
    for rel in rels:
        parts = rel.parts
        if not parts or parts[0] in FINGERPRINT_SKIP_TOP or FINGERPRINT_SKIP_ANY.intersection(parts):
            continue
        keep.append(repo / rel)
    return sorted(keep)


def source_fingerprint(repo: Path, jupyter_book: str) -> str:
    """Hash of (path, size, mtime) of every source file, plus the jupyter-book executable."""
    digest = hashlib.sha256(f"{jupyter_book}\n{sys.version}\n".encode())
    for path in _source_files(repo):
        try:
            st = path.stat()
        except FileNotFoundError:  # deleted since git listed it
            continue
        digest.update(f"{path.relative_to(repo)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stale_static_files(repo: Path, html_dir: Path) -> list[str]:
    """Files of ``html_static_path`` whose copy in ``_build/html/_static`` is missing or differs.

    Sphinx copies static files only in a build that writes at least one page: after a change
    to aicollab/display/static/*.css or *.js alone, an incremental build says "no targets are out of
    date" and leaves the old copies in place. Such a build must be run with ``--all``.
    """
    try:
        import yaml

        config = yaml.safe_load((repo / "_config.yml").read_text()) or {}
        entries = ((config.get("sphinx") or {}).get("config") or {}).get("html_static_path") or []
    except Exception:  # noqa: BLE001 - no config, no PyYAML: nothing to compare
        return []
    stale = []
    for entry in entries:
        source_dir = (repo / entry).resolve()
        if not source_dir.is_dir():
            continue
        for source in sorted(p for p in source_dir.rglob("*") if p.is_file()):
            built = html_dir / "_static" / source.relative_to(source_dir)
            if not built.is_file() or built.read_bytes() != source.read_bytes():
                stale.append(str(source.relative_to(repo)))
    return stale


def jupyter_book_executable() -> str:
    beside = Path(sys.executable).with_name("jupyter-book")
    if beside.exists():
        return str(beside)
    found = shutil.which("jupyter-book")
    if not found:
        raise BookBuildError("jupyter-book is not installed in this environment (run scripts/setup.sh).")
    return found


def _run_id() -> str:
    # Every pytest-xdist worker of one run shares PYTEST_XDIST_TESTRUNUID.
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or os.environ.setdefault("AICOLLAB_E2E_RUN_ID", uuid.uuid4().hex)


def ensure_book_built(repo: Path = REPO_ROOT, mode: str | None = None, lock_timeout_s: float = 1200) -> BookBuild:
    """Build the book with ``jupyter-book build <repo> -W --keep-going`` unless nothing changed.

    The rule (mode ``auto``): a build is reused when the stamp file
    ``_build/.aicollab-e2e-build.json`` says that the last build *by this suite* succeeded on
    exactly the current source fingerprint (path, size and mtime of every source file, see
    ``_source_files``) and ``_build/html/index.html`` exists. Otherwise jupyter-book runs; it is
    itself incremental (Sphinx environment + jupyter-cache), so a build with few changes is quick.
    ``--all`` is added in two cases where an incremental build would be wrong: after a failed
    build (Sphinx does not re-read unchanged pages, so it would not repeat their warnings and an
    incremental ``-W`` build could pass although nothing was fixed), and when a file of
    ``html_static_path`` differs from its copy in ``_build/html/_static`` (Sphinx copies static
    files only when it writes a page; see ``stale_static_files``).

    A file lock (fcntl) around the whole decision makes concurrent callers (pytest-xdist workers,
    the benchmark) wait for one build instead of building twice; workers of the same pytest run
    reuse the first worker's outcome, failure included.
    """
    mode = (mode or os.environ.get("AICOLLAB_E2E_BUILD") or "auto").lower()
    if mode not in {"auto", "always", "never"}:
        raise BookBuildError(f"AICOLLAB_E2E_BUILD must be auto, always or never, not {mode!r}")
    build_dir = repo / "_build"
    html_dir = build_dir / "html"
    if mode == "never":
        if not (html_dir / "index.html").exists():
            raise BookBuildError(f"AICOLLAB_E2E_BUILD=never but {html_dir}/index.html does not exist.")
        return BookBuild(repo, html_dir, False, 0.0, "AICOLLAB_E2E_BUILD=never", None)

    jb = jupyter_book_executable()
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp_path = build_dir / ".aicollab-e2e-build.json"
    log_path = build_dir / ".aicollab-e2e-build.log"
    with open(build_dir / ".aicollab-e2e-build.lock", "w") as lock:
        deadline = time.monotonic() + lock_timeout_s
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BookBuildError(f"waited {lock_timeout_s:.0f} s for another book build to finish") from None
                time.sleep(0.5)
        try:
            stamp = json.loads(stamp_path.read_text())
        except (OSError, ValueError):
            stamp = {}
        fingerprint = source_fingerprint(repo, jb)
        same_sources = stamp.get("fingerprint") == fingerprint and (html_dir / "index.html").exists()
        if same_sources and stamp.get("run_id") == _run_id():
            if not stamp.get("ok"):
                raise BookBuildError(_build_failure_message(log_path, stamp.get("returncode")))
            return BookBuild(repo, html_dir, False, 0.0, "built earlier in this test run", log_path)
        if mode == "auto" and same_sources and stamp.get("ok"):
            return BookBuild(repo, html_dir, False, 0.0, "no source changed since the last good build", log_path)

        cmd = [jb, "build", str(repo), "-W", "--keep-going"]
        stale = stale_static_files(repo, html_dir) if (html_dir / "index.html").exists() else []
        if (stamp and not stamp.get("ok", True)) or stale:
            cmd.append("--all")
        start = time.monotonic()
        with open(log_path, "w") as log:
            log.write("$ " + " ".join(cmd) + "\n")
            log.flush()
            try:
                proc = subprocess.run(
                    cmd,
                    cwd=repo,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=1500,
                    env={**os.environ, "PYTHONUNBUFFERED": "1"},
                )
                returncode = proc.returncode
            except subprocess.TimeoutExpired:
                returncode = -1
        seconds = time.monotonic() - start
        ok = returncode == 0 and (html_dir / "index.html").exists()
        still_stale = stale_static_files(repo, html_dir) if ok else []
        if still_stale:
            ok = False
            with open(log_path, "a") as log:
                log.write(
                    "ERROR: after the build these static files differ from their copies in "
                    f"_build/html/_static: {', '.join(still_stale)}\n"
                )
        stamp_path.write_text(
            json.dumps(
                {
                    "fingerprint": fingerprint,
                    "ok": ok,
                    "returncode": returncode,
                    "run_id": _run_id(),
                    "seconds": round(seconds, 1),
                    "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "command": cmd,
                },
                indent=1,
            )
        )
        if not ok:
            raise BookBuildError(_build_failure_message(log_path, returncode))
        return BookBuild(
            repo, html_dir, True, seconds, "sources changed" if stamp else "no earlier build by this suite", log_path
        )


def _build_failure_message(log_path: Path, returncode: Any) -> str:
    try:
        lines = re.sub(r"\x1b\[[0-9;]*m", "", log_path.read_text(errors="replace")).splitlines()
    except OSError:
        lines = []
    problems = [ln for ln in lines if re.search(r"WARNING|ERROR|Error|Traceback", ln)]
    shown = problems[-40:] or lines[-40:]
    return f"jupyter-book build -W --keep-going failed (exit {returncode}); full log: {log_path}\n" + "\n".join(shown)


def current_docnames(html_dir: Path) -> set[str] | None:
    """Documents of the latest build, from Sphinx's search index (None if it cannot be read)."""
    try:
        text = (html_dir / "searchindex.js").read_text(errors="replace")
        m = re.search(r'"docnames":\s*(\[[^\]]*\])', text)
        return set(json.loads(m.group(1))) if m else None
    except (OSError, ValueError):
        return None


@dataclasses.dataclass
class BookPages:
    pages: list[str]  # content pages of the current build
    redirects: dict[str, str]  # redirect stubs (index.html) -> target
    stale: list[str]  # .html left over from documents that are no longer built


def discover_pages(html_dir: Path) -> BookPages:
    """Every content page under ``html_dir`` but genindex, search and _static.

    Sphinx never deletes the page of a removed document, so ``_build/html`` can hold pages of
    earlier builds (built with an earlier configuration). Pages whose document is not in the
    current build's search index are returned as ``stale`` and not tested.
    """
    pages, redirects, stale = [], {}, []
    docnames = current_docnames(html_dir)
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if rel.parts[0] in SKIPPED_DIRS or rel.as_posix() in SKIPPED_PAGES:
            continue
        if path.stat().st_size < 2048:
            m = re.search(
                r'http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', path.read_text(errors="replace"), re.I
            )
            if m:
                redirects[rel.as_posix()] = m.group(1)
                continue
        if docnames is not None and rel.with_suffix("").as_posix() not in docnames:
            stale.append(rel.as_posix())
            continue
        pages.append(rel.as_posix())
    return BookPages(pages, redirects, stale)


# --------------------------------------------------------------------------------------------
# Serving files
# --------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # Remember every failed request on the server's side, where a test can see it whatever
        # the page reports (a real browser's own /favicon.ico request never reaches the page).
        with contextlib.suppress(TypeError, ValueError):
            if int(getattr(code, "value", code)) >= 400:
                self.server.failures.append(f"{int(getattr(code, 'value', code))} {self.command} {self.path}")


class StaticServer:
    """Serve ``root`` at http://127.0.0.1:<free port>/ from a daemon thread, as a static host would.

    ``failures`` lists every request answered with an HTTP error ("404 GET /favicon.ico").
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        self.httpd.failures = []
        self.failures: list[str] = self.httpd.failures
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{LOOPBACK}:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=f"e2e-http-{self.port}", daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def url(self, rel: str) -> str:
        return self.base_url + rel.lstrip("/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------


def chromium_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return (
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or set AICOLLAB_E2E_CHROMIUM. Playwright cannot download its own browser here."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.txt)"
    return None


def launch_browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)


class _SharedBrowser:
    """One Playwright + Chromium per process, alive only while someone holds it.

    Playwright's sync API cannot run two instances at once in a thread, and other test modules
    of the kit (tests/test_print.py, tests/test_static_app.py) start their own. So the suite
    never keeps one for the whole session: fixtures hold it per module (reference counted, so
    a session fixture used inside a module shares the module's instance), and it stops as soon
    as the last holder lets go.
    """

    def __init__(self) -> None:
        self.holders = 0
        self.playwright: Any = None
        self.browser: Any = None

    @contextlib.contextmanager
    def hold(self) -> Iterator[Any]:
        if self.holders == 0:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            try:
                self.browser = launch_browser(self.playwright)
            except Exception:
                self.playwright.stop()
                self.playwright = None
                raise
        self.holders += 1
        try:
            yield self.browser
        finally:
            self.holders -= 1
            if self.holders == 0:
                with contextlib.suppress(Exception):
                    self.browser.close()
                self.playwright.stop()
                self.playwright = self.browser = None


shared_browser = _SharedBrowser()


def is_loopback_url(url: str) -> bool:
    """True for URLs that stay on this machine (or never touch the network at all)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme in {"data", "blob", "about", "javascript"}:
        return True
    if parsed.scheme in {"http", "https", "ws", "wss"}:
        return parsed.hostname == LOOPBACK
    return False


class NetworkGuard:
    """Abort every request (HTTP or WebSocket) that would leave 127.0.0.1, and remember it."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def install(self, context: Any) -> NetworkGuard:
        context.route(lambda url: not is_loopback_url(url), self._block_request)
        context.route_web_socket(lambda url: not is_loopback_url(url), self._block_websocket)
        return self

    def _block_request(self, route: Any) -> None:
        req = route.request
        self.blocked.append(f"{req.method} {req.url} ({req.resource_type})")
        route.abort("blockedbyclient")

    def _block_websocket(self, ws: Any) -> None:
        self.blocked.append(f"WEBSOCKET {ws.url}")
        ws.close()


def new_context(browser: Any, **kwargs: Any) -> tuple[Any, NetworkGuard]:
    options = {"service_workers": "block", "viewport": {"width": 1280, "height": 900}}
    options.update(kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    return context, NetworkGuard().install(context)


# --------------------------------------------------------------------------------------------
# Book pages
# --------------------------------------------------------------------------------------------

#: What the kit draws: figures from its Altair renderer (aicollab.display.render) and, in JupyterLab,
#: the chart widget of the live apps (aicollab.display.vegawidget), plus anything carrying its markers.
CHART_TARGETS = (
    "figure.aicollab-chart .aicollab-vega, .aicollab-vegawidget > div, [data-aicollab-rendered], [data-aicollab-error]"
)

JS_CHARTS_SETTLED = """() => [...document.querySelectorAll(%s)].every(t =>
  t.getAttribute('data-aicollab-rendered') === 'true' || t.hasAttribute('data-aicollab-error'))""" % json.dumps(
    CHART_TARGETS
)

JS_CHART_STATE = """() => {
  const targets = [...document.querySelectorAll(%s)];
  return {
    figures: document.querySelectorAll('figure.aicollab-chart').length,
    targets: targets.length,
    rendered: document.querySelectorAll('[data-aicollab-rendered=true]').length,
    charts: targets.map((t, i) => {
      const f = t.closest('figure.aicollab-chart');
      return {
        index: i,
        kind: f ? 'figure' : (t.closest('.aicollab-vegawidget') ? 'widget' : 'other'),
        label: (f && f.getAttribute('aria-label')) || t.getAttribute('aria-label') || '',
        rendered: t.getAttribute('data-aicollab-rendered') === 'true',
        error: t.hasAttribute('data-aicollab-error') ? (t.textContent || '').slice(0, 300) : null,
        hasGraphic: !!t.querySelector('svg, canvas'),
      };
    }),
  };
}""" % json.dumps(CHART_TARGETS)


def chart_problems(state: dict, timed_out: bool = False) -> list[str]:
    """Problems in a JS_CHART_STATE result: every chart rendered, none failed, all drawn."""
    problems = []
    if state["rendered"] != state["targets"] or state["figures"] > state["targets"]:
        problems.append(
            f"{state['rendered']} of {state['targets']} charts rendered ({state['figures']} aicollab figures)"
            + (f"; gave up after {CHART_TIMEOUT_MS / 1000:.0f} s" if timed_out else "")
        )
    for c in state["charts"]:
        name = f"chart {c['index']} ({c['kind']}) '{c['label']}'"
        if c["error"] is not None:
            problems.append(f"{name}: data-aicollab-error: {c['error']}")
        elif not c["rendered"]:
            problems.append(f"{name}: never rendered")
        elif not c["hasGraphic"]:
            problems.append(f"{name}: marked rendered but has no svg/canvas")
    return problems


@dataclasses.dataclass
class PageReport:
    page: str
    url: str
    status: int | None = None
    console_errors: list[str] = dataclasses.field(default_factory=list)
    console_warnings: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)
    blocked: list[str] = dataclasses.field(default_factory=list)
    figures: int = 0
    rendered: int = 0
    chart_state: dict = dataclasses.field(default_factory=dict)
    charts_timed_out: bool = False
    load_ms: float = 0.0

    def chart_problems(self) -> list[str]:
        return chart_problems(self.chart_state, self.charts_timed_out) if self.chart_state else []


def _location(msg: Any) -> str:
    loc = msg.location or {}
    url = loc.get("url") or ""
    return f" [{url.rsplit('/', 1)[-1]}:{loc.get('lineNumber', '?')}]" if url else ""


@contextlib.contextmanager
def open_page(
    browser: Any,
    url: str,
    page_name: str = "",
    *,
    wait_charts: bool = True,
    context_options: dict | None = None,
    init_script: str | None = None,
) -> Iterator[tuple[Any, PageReport]]:
    """Open ``url`` in a fresh context; yield (page, report) once its charts have settled."""
    context, guard = new_context(browser, **(context_options or {}))
    if init_script:
        context.add_init_script(init_script)
    report = PageReport(page=page_name or url, url=url)
    report.blocked = guard.blocked
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                report.console_errors if m.type == "error" else report.console_warnings if m.type == "warning" else []
            ).append(m.text[:500] + _location(m)),
        )
        page.on("pageerror", lambda e: report.page_errors.append(str(e)[:500]))
        start = time.monotonic()
        response = page.goto(url, wait_until="load", timeout=30_000)
        report.load_ms = (time.monotonic() - start) * 1000
        report.status = response.status if response else None
        if wait_charts:
            try:
                page.wait_for_function(JS_CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS, polling=100)
            except Exception:  # playwright TimeoutError: reported through chart_problems()
                report.charts_timed_out = True
            report.chart_state = page.evaluate(JS_CHART_STATE)
            report.figures, report.rendered = report.chart_state["figures"], report.chart_state["rendered"]
        page.wait_for_timeout(150)  # let late console messages arrive
        yield page, report
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# Kernel-free interactivity: Vega bindings driven by the keyboard
# --------------------------------------------------------------------------------------------

BINDING_SELECTOR = ", ".join(
    f".aicollab-vega .vega-bind {s}"
    for s in ("input[type=range]", "input[type=checkbox]", "select", "input[type=radio]")
)

JS_CHART_SNAPSHOT = """(el) => {
  const c = el.closest('.aicollab-vega');
  if (!c) return '';
  const g = c.querySelector('svg');
  if (g) return g.outerHTML;
  const canvas = c.querySelector('canvas');
  return canvas ? canvas.toDataURL() : '';
}"""

JS_BINDING_STATE = """(el) => el.type === 'checkbox' ? String(el.checked)
  : el.type === 'radio' ? ([...document.getElementsByName(el.name)].filter(r => r.closest('.vega-bind') === el.closest('.vega-bind')).find(r => r.checked) || {}).value || ''
  : el.value"""


@dataclasses.dataclass
class BindingResult:
    chart: str
    kind: str
    name: str  # accessible name computed by Chromium
    keys: list[str]
    values: list[str]  # value before, then after each key press
    chart_changed: bool
    problems: list[str]
    notes: list[str] = dataclasses.field(default_factory=list)


def _accessible_name(cdp: Any, marker: str) -> str:
    obj = cdp.send("Runtime.evaluate", {"expression": f"document.querySelector('[data-e2e-binding=\"{marker}\"]')"})
    object_id = obj["result"].get("objectId")
    if not object_id:
        return ""
    tree = cdp.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})
    for node in tree.get("nodes", []):
        if not node.get("ignored"):
            return str((node.get("name") or {}).get("value") or "").strip()
    return ""


JS_VIEWS_SETTLED = """async () => {
  // A Vega view's runAsync() resolves once the dataflow has run and the scene is re-rendered.
  await Promise.all((window.aicollabViews || []).map(v => v.runAsync().catch(() => null)));
}"""


def _wait_chart_change(el: Any, before: str, grace_ms: int) -> bool:
    """Wait for the views to settle, then (up to ``grace_ms`` more) for the chart to differ."""
    with contextlib.suppress(Exception):
        el.page.evaluate(JS_VIEWS_SETTLED)
    deadline = time.monotonic() + grace_ms / 1000
    while True:
        if el.evaluate(JS_CHART_SNAPSHOT) != before:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def page_may_have_bindings(html_file: Path) -> bool:
    """Cheap pre-filter: a page can only show Vega bindings if a chart spec in it has "bind"."""
    text = html_file.read_text(errors="replace")
    return "aicollab-chart" in text and '"bind":' in text


def exercise_bindings(page: Any, max_steps: int = 12) -> list[BindingResult]:
    """Drive each Vega binding with the keyboard, as a keyboard-only reader would.

    Returns one BindingResult per input (per radio group). ``problems`` fail the test: a missing
    accessible name, no keyboard focus, a key that does not change the value, a slider that
    changes nothing anywhere in its range. ``notes`` are informational: a checkbox, choice or
    radio group whose single change did not alter the chart (see ``charts_without_reaction``).

    Sliders: focus, ArrowRight then ArrowLeft (ArrowLeft first at the maximum); both must change
    the value. Checkboxes: Space. Selects: ArrowDown (ArrowUp on the last option). Radio groups:
    ArrowRight on the checked radio. After a key press the chart's rendered SVG must change; a
    slider whose first step changes nothing (e.g. no data between two thresholds) is walked on,
    up to ``max_steps`` steps in each direction, before it is declared inert.
    """
    cdp = page.context.new_cdp_session(page)
    count = page.evaluate(
        """(sel) => { const els = [...document.querySelectorAll(sel)];
           els.forEach((e, i) => e.setAttribute('data-e2e-binding', String(i))); return els.length; }""",
        BINDING_SELECTOR,
    )
    results: list[BindingResult] = []
    seen_radio_groups: set[tuple[str, str]] = set()
    for i in range(count):
        el = page.locator(f'[data-e2e-binding="{i}"]')
        info = el.evaluate("""(e) => ({
            kind: e.tagName === 'SELECT' ? 'select' : e.type,
            bindName: e.name || '',
            chart: (e.closest('figure.aicollab-chart') || {getAttribute: () => ''}).getAttribute('aria-label') || '',
            chartIndex: [...document.querySelectorAll('.aicollab-vega')].indexOf(e.closest('.aicollab-vega')),
            checked: !!e.checked, max: e.max, min: e.min,
            group: e.type === 'radio' ? ((e.closest('[role=radiogroup]') || {getAttribute: () => null}).getAttribute('aria-label') || '') : null,
            last: e.tagName === 'SELECT' ? e.selectedIndex === e.options.length - 1 : false })""")
        kind = info["kind"]
        chart = f"chart {info['chartIndex']} '{info['chart']}'"
        name = _accessible_name(cdp, str(i))
        problems: list[str] = []
        needs_words = kind != "radio"  # a radio's name is its option ("10"); the others need words
        if not name or (needs_words and not re.search(r"[^\W\d_]", name)):
            problems.append(
                f"{kind} '{info['bindName']}' has no accessible label (name computed by Chromium: {name!r})"
            )
        if kind == "radio" and not re.search(r"[^\W\d_]", info["group"] or ""):
            # the options ("3", "6", "9") only make sense with the question: the group must carry it
            problems.append(
                f"radio group '{info['bindName']}' has no accessible group name (role=radiogroup + aria-label)"
            )
        if kind == "radio":
            group = (str(info["chartIndex"]), info["bindName"])
            if group in seen_radio_groups or not info["checked"]:
                if not problems:
                    continue
                results.append(BindingResult(chart, kind, name, [], [], True, problems))
                continue
            seen_radio_groups.add(group)

        el.focus()
        if not el.evaluate("(e) => document.activeElement === e"):
            problems.append(f"{kind} '{name}' cannot take keyboard focus")
            results.append(BindingResult(chart, kind, name, [], [], False, problems))
            continue
        before_chart = el.evaluate(JS_CHART_SNAPSHOT)
        values = [el.evaluate(JS_BINDING_STATE)]
        keys: list[str] = []

        def press(key: str, keys=keys, values=values, i=i, kind=kind) -> str:
            page.keyboard.press(key)
            keys.append(key)
            # the value updates synchronously; the chart re-renders asynchronously
            values.append(
                page.locator(f'[data-e2e-binding="{i}"]').evaluate(JS_BINDING_STATE)
                if kind != "radio"
                else page.evaluate("(e) => (document.activeElement && document.activeElement.value) || ''", None)
            )
            return values[-1]

        if kind == "range":
            at_max = float(values[0]) >= float(info["max"] or 100)
            fwd, back = ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")
            v1 = press(fwd)
            changed = _wait_chart_change(el, before_chart, 500)
            v2 = press(back)
            if v1 == values[0]:
                problems.append(f"slider '{name}': {fwd} did not change its value ({values[0]})")
            if v2 == v1:
                problems.append(f"slider '{name}': {back} did not change its value ({v1})")
            for direction in (fwd, back):
                steps = 0
                while not changed and steps < max_steps:
                    prev = values[-1]
                    if press(direction) == prev:
                        break  # reached the end of the range
                    steps += 1
                    changed = _wait_chart_change(el, before_chart, 200)
                if changed:
                    break
        elif kind == "checkbox":
            v1 = press("Space")
            changed = _wait_chart_change(el, before_chart, 500)
            press("Space")
            if v1 == values[0]:
                problems.append(f"checkbox '{name}': Space did not toggle it")
        elif kind == "select":
            key = "ArrowUp" if info["last"] else "ArrowDown"
            v1 = press(key)
            changed = _wait_chart_change(el, before_chart, 500)
            press("ArrowDown" if key == "ArrowUp" else "ArrowUp")  # back to the page's initial state
            if v1 == values[0]:
                problems.append(f"select '{name}': {key} did not change the choice")
        else:  # radio group
            v1 = press("ArrowRight")
            changed = _wait_chart_change(el, before_chart, 500)
            steps = 0
            while not changed and steps < max_steps and values[-1] != values[0]:
                press("ArrowRight")
                steps += 1
                changed = _wait_chart_change(el, before_chart, 200)
            if v1 == values[0]:
                problems.append(f"radio group '{info['bindName']}': ArrowRight did not move the choice")
            for _ in range(steps + 1):  # back to the page's initial state
                if values[-1] == values[0]:
                    break
                press("ArrowLeft")
        notes: list[str] = []
        if not changed:
            message = (
                f"{kind} '{name}': keyboard input ({', '.join(keys)}) moved it "
                f"({' -> '.join(values)}) but the chart's rendered SVG never changed"
            )
            # A slider is walked across its range, so "no change" means it does nothing. A
            # checkbox, choice or radio may legitimately change nothing in the current state
            # (e.g. marking an input essential when its owner already holds an essential one):
            # noted here; the caller requires that each chart reacts to at least one input.
            (problems if kind == "range" else notes).append(message)
        results.append(BindingResult(chart, kind, name, keys, values, changed, problems, notes))
    cdp.detach()
    return results


def charts_without_reaction(results: list[BindingResult]) -> list[str]:
    """Charts with bindings none of which changed the rendered chart."""
    charts: dict[str, bool] = {}
    for r in results:
        charts[r.chart] = charts.get(r.chart, False) or r.chart_changed
    return [chart for chart, reacted in charts.items() if not reacted]


# --------------------------------------------------------------------------------------------
# Accessibility: axe-core
# --------------------------------------------------------------------------------------------

#: The theme's colour mode is kept in localStorage; this makes a fresh context start in dark mode.
DARK_MODE_INIT = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"

#: Rules switched off, each with the reason. Only genuine false positives belong here.
AXE_DISABLED_RULES: dict[str, str] = {}
FAILING_IMPACTS = ("serious", "critical")


def run_axe(page: Any) -> list[dict]:
    """Inject the vendored axe-core and return its violations (all impacts)."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run scripts/vendor_axe.sh")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in AXE_DISABLED_RULES}}
    return page.evaluate(
        """async (options) => {
          const r = await axe.run(document, options);
          return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 240),
                                      summary: n.failureSummary}))}));
        }""",
        options,
    )


def format_axe(violations: list[dict], page: str) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for n in v["nodes"][:8]:
            lines.append(f"      {page}: {' '.join(n['target'])}")
        if len(v["nodes"]) > 8:
            lines.append(f"      ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------

#: User settings that keep JupyterLab quiet, offline and from rewriting the lessons.
LAB_SETTINGS = {
    # No news feed, no update check (the front end's side; the server side is the CLI below).
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    # Running a lesson must not save it back into the repository.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Attach every cell to the DOM, so off-screen outputs can be inspected.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


class JupyterLabError(RuntimeError):
    pass


class JupyterLabServer:
    """A real JupyterLab on 127.0.0.1 with a random port and token, isolated from ~/.jupyter.

    Internet-facing features are off: ``LabApp.news_url=None`` (the announcements plugin's
    feed), ``LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate`` (the server-side
    PyPI version check), ``LabApp.extension_manager=readonly`` (the extension manager queries
    PyPI), ``LabApp.collaborative=False``; the front end gets ``fetchNews=false`` and
    ``checkForUpdates=false`` too. Browser-side requests are blocked by the NetworkGuard, but a
    server-side fetch would not show up there; hence the server settings.

    Checkpoints go to a temporary folder (``FileCheckpoints.checkpoint_dir`` is absolute), and
    autosave is off, so opening and running a lesson leaves the repository untouched.
    """

    def __init__(self, root: Path = REPO_ROOT, python: str = sys.executable, disabled_extensions: tuple[str, ...] = ()):
        self.root = Path(root)
        self.disabled_extensions = disabled_extensions  # front-end extensions to switch off (canaries)
        self.python = python
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="aicollab-e2e-lab-"))
        self.log_path = self.tmp / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        cmd = [
            self.python,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--ServerApp.ip={LOOPBACK}",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--LabApp.collaborative=False",
            "--LabApp.expose_app_in_browser=True",  # lets the suite read kernel status and output models
            "--ServerApp.terminals_enabled=False",
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--ServerApp.allow_root=True")  # CI containers run as root
        return cmd

    def start(self, timeout_s: float = 90) -> JupyterLabServer:
        settings = self.tmp / "user-settings"
        for rel, value in LAB_SETTINGS.items():
            (settings / rel).parent.mkdir(parents=True, exist_ok=True)
            (settings / rel).write_text(json.dumps(value))
        if self.disabled_extensions:
            page_config = self.tmp / "config" / "labconfig" / "page_config.json"
            page_config.parent.mkdir(parents=True, exist_ok=True)
            page_config.write_text(json.dumps({"disabledExtensions": dict.fromkeys(self.disabled_extensions, True)}))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_TOKEN", "JPY_"))}
        env.update(
            {
                "JUPYTERLAB_SETTINGS_DIR": str(settings),
                "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces"),
                "JUPYTER_CONFIG_DIR": str(self.tmp / "config"),  # ignore ~/.jupyter; sys.prefix config still applies
                "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
                "IPYTHONDIR": str(self.tmp / "ipython"),  # no personal IPython start-up files in kernels
                "PYTHONUNBUFFERED": "1",
            }
        )
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            self.command(),
            cwd=self.root,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise JupyterLabError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise JupyterLabError(
                        f"JupyterLab did not answer within {timeout_s:.0f} s:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.3)
        try:
            self.request("GET", "/aicollab/static/vega-bundle.js")
        except urllib.error.HTTPError as exc:
            self.stop()
            raise JupyterLabError(
                f"JupyterLab does not serve the kit's chart library (/aicollab/static/vega-bundle.js: HTTP {exc.code}). "
                "Enable the server extension: aicollab jupyter enable"
            ) from None
        return self

    def request(self, method: str, path: str, body: Any = None, timeout: float = 10) -> bytes:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback only
            return resp.read()

    def api(self, method: str, path: str, body: Any = None) -> Any:
        raw = self.request(method, path, body)
        return json.loads(raw) if raw else None

    def lab_url(self, rel_path: str) -> str:
        # ?reset starts from an empty workspace, so earlier notebooks are not reopened.
        return f"{self.base_url}/lab/tree/{urllib.parse.quote(rel_path)}?reset&token={self.token}"

    def shutdown_kernels(self, rel_path: str | None = None) -> None:
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions") or []:
                if rel_path is None or session.get("path") == rel_path:
                    self.request("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(Exception):
                self.request("POST", "/api/shutdown", timeout=5)  # also shuts the kernels down
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGTERM)  # the group this Popen created
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


JS_LAB_STATE = """() => {
  const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  if (!w || !w.content || !w.content.widgets || !w.sessionContext) return {ready: false};
  const session = w.sessionContext.session;
  const kernel = session && session.kernel;
  const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 300));
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const prompts = cells.map(c => { const p = c.node.querySelector('.jp-InputPrompt'); return p ? p.textContent.trim() : ''; });
  const sources = cells.map(c => c.model.sharedModel.getSource());
  let errors = 0;
  cells.forEach(c => { const o = c.model.outputs; for (let i = 0; i < o.length; i++) if (o.get(i).type === 'error') errors++; });
  return {
    ready: true, path: w.context ? w.context.path : '', dialogs,
    status: kernel ? kernel.status : 'no kernel',
    kernelReady: !!(w.sessionContext.isReady && kernel),
    running: prompts.filter(t => t.includes('*')).length,
    pending: cells.filter((c, i) => sources[i].trim() && !/\\[\\d+\\]/.test(prompts[i])).length,
    codeCells: cells.length, errors,
  };
}"""

JS_LAB_OUTPUTS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const result = [];
  w.content.widgets.forEach((cell, cellIndex) => {
    if (cell.model.type !== 'code') return;
    const models = cell.model.outputs;
    const children = cell.outputArea ? cell.outputArea.widgets : [];
    for (let j = 0; j < models.length; j++) {
      const m = models.get(j);
      const child = children[j] ? children[j].node : null;
      const node = child ? (child.querySelector(':scope > .jp-OutputArea-output') || child) : null;
      const text = node ? (node.innerText || node.textContent || '') : '';
      result.push({
        cell: cellIndex, index: j, type: m.type,
        mimes: Object.keys(m.data || {}),
        ename: m.type === 'error' ? (m.toJSON().ename + ': ' + m.toJSON().evalue) : null,
        domMime: node ? node.getAttribute('data-mime-type') : null,
        text: text.slice(0, 600),
        isWidget: Object.keys(m.data || {}).includes(WIDGET),
        widgetElements: node ? node.querySelectorAll('.jupyter-widgets').length : 0,
        childElements: node ? node.querySelectorAll('*').length : 0,
        // height of the view(s) inside the output, and whether they hold any control or graphic
        viewHeight: node ? Math.max(0, ...[...node.children].map(c => Math.round(c.getBoundingClientRect().height))) : 0,
        hasContent: !!(node && node.querySelector('input, button, select, textarea, svg, canvas, img, video, iframe, table')),
      });
    }
  });
  const traces = [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText')]
    .filter(e => /Traceback/.test(e.textContent)).map(e => e.textContent.slice(0, 800));
  return {outputs: result, traces};
}"""


#: Uncaught errors that are not a lesson's fault: Chromium reports a ResizeObserver callback
#: that resized observed elements again as an error event, a known benign notification.
BENIGN_PAGE_ERRORS = re.compile(r"ResizeObserver loop")


@dataclasses.dataclass
class NotebookReport:
    notebook: str
    seconds: float = 0.0
    problems: list[str] = dataclasses.field(default_factory=list)
    blocked: list[str] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)
    figures: int = 0
    rendered: int = 0
    widgets: int = 0
    forms: int = 0
    screenshot: str | None = None
    phases: dict[str, float] = dataclasses.field(default_factory=dict)


def _click_menu(page: Any, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel").get_by_text(item, exact=True).click()


#: The kit's kernel-free forms (lesson 6's term sheet, lesson 3's ranking): each container must
#: have built its <form> (or none is on the page).
FORM_CONTAINERS = ".aicollab-tsform, .aicollab-ranking"
JS_FORMS_SETTLED = f"() => [...document.querySelectorAll('{FORM_CONTAINERS}')].every(f => f.querySelector('form'))"
JS_FORM_STATE = (
    """() => [...document.querySelectorAll('%s')].map(f => ({
  mounted: !!f.querySelector('form'), text: f.innerText.trim().slice(0, 200)}))"""
    % FORM_CONTAINERS
)


def run_notebook_in_lab(
    context: Any,
    guard: NetworkGuard,
    lab: JupyterLabServer,
    rel_path: str,
    timeout_s: float = NOTEBOOK_TIMEOUT_S,
    screenshot_dir: Path | None = None,
    extra_checks: Any = None,
) -> NotebookReport:
    """Open a notebook in JupyterLab, clear its outputs, Run All Cells from the menu, inspect.

    ``extra_checks(page, report)``, if given, returns more problems (e.g. lab_myst.problems).
    """
    report = NotebookReport(notebook=rel_path)
    guard.blocked.clear()
    start = time.monotonic()
    deadline = start + timeout_s
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text[:300]))
    page.on("pageerror", lambda e: report.page_errors.append(str(e)[:300]))
    saves: list[str] = []  # PUT = save, PATCH = rename; (POST .../checkpoints on opening is expected)
    page.on(
        "request",
        lambda r: (
            r.method in {"PUT", "PATCH", "DELETE"}
            and "/api/contents/" in r.url
            and saves.append(f"{r.method} {r.url.split('?')[0]}")
        ),
    )

    def remaining_ms() -> float:
        return max(1000.0, (deadline - time.monotonic()) * 1000)

    def state() -> dict:
        return page.evaluate(JS_LAB_STATE)

    def phase(name: str) -> None:
        report.phases[name] = round(time.monotonic() - start - sum(report.phases.values()), 1)

    try:
        page.goto(lab.lab_url(rel_path), wait_until="domcontentloaded", timeout=remaining_ms())
        page.wait_for_selector(".jp-Notebook", timeout=remaining_ms())
        phase("open")
        # The notebook is open and its kernel is up and idle.
        page.wait_for_function(
            f"""() => {{ const s = ({JS_LAB_STATE})();
                 return s.ready && (s.dialogs.length > 0 || (s.path === {json.dumps(rel_path)} && s.kernelReady && s.status === 'idle')); }}""",
            timeout=remaining_ms(),
            polling=200,
        )
        phase("kernel")
        s = state()
        if s["dialogs"]:
            report.problems.append(f"JupyterLab showed a dialog on opening the notebook: {s['dialogs']}")
            return report
        _click_menu(page, "Edit", "Clear Outputs of All Cells")
        _click_menu(page, "Run", "Run All Cells")
        stable = 0
        while True:
            s = state()
            if s["dialogs"]:
                report.problems.append(f"JupyterLab showed a dialog while running: {s['dialogs']}")
                break
            if s["status"] in {"dead", "unknown", "no kernel"}:
                report.problems.append(f"the kernel is {s['status']}")
                break
            done = s["status"] == "idle" and s["running"] == 0 and (s["pending"] == 0 or s["errors"] > 0)
            stable = stable + 1 if done else 0
            if stable >= 3:
                break
            if time.monotonic() > deadline:
                report.problems.append(
                    f"Run All did not finish within {timeout_s:.0f} s (kernel {s['status']}, {s['running']} cells "
                    f"running, {s['pending']} of {s['codeCells']} code cells not executed)"
                )
                break
            time.sleep(0.25)
        phase("run")
        # Charts draw asynchronously, widgets load their views asynchronously.
        with contextlib.suppress(Exception):
            page.wait_for_function(JS_CHARTS_SETTLED, timeout=min(remaining_ms(), CHART_TIMEOUT_MS), polling=200)
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "() => ![...document.querySelectorAll('.jp-OutputArea-output')].some(e => /Loading widget\\.\\.\\./.test(e.textContent))",
                timeout=min(remaining_ms(), 15_000),
                polling=200,
            )
        page.wait_for_timeout(300)

        charts = page.evaluate(JS_CHART_STATE)
        report.figures, report.rendered = charts["targets"], charts["rendered"]
        report.problems += chart_problems(charts)

        # Kernel-free forms (termsheet.static_form loads its script from the server extension;
        # barriers.static_ranking_form carries its own).
        with contextlib.suppress(Exception):
            page.wait_for_function(JS_FORMS_SETTLED, timeout=min(remaining_ms(), 10_000), polling=200)
        forms = page.evaluate(JS_FORM_STATE)
        report.forms = len(forms)
        for k, f in enumerate(forms):
            if not f["mounted"]:
                report.problems.append(f"kernel-free form {k + 1} did not start: {f['text']!r}")

        outputs = page.evaluate(JS_LAB_OUTPUTS)
        for o in outputs["outputs"]:
            where = f"cell {o['cell']} output {o['index']}"
            if o["type"] == "error":
                report.problems.append(f"{where}: error output {o['ename']}")
            if o["isWidget"]:
                report.widgets += 1
                if re.search(r"Error displaying widget|Loading widget\.\.\.", o["text"]):
                    report.problems.append(f"{where}: widget not displayed: {o['text'][:200]!r}")
                elif o["widgetElements"] == 0 and not o["text"].strip() and not o["hasContent"] and o["viewHeight"] < 4:
                    # ipywidgets views always carry .jupyter-widgets (even an empty Output);
                    # other views (anywidget) must at least show something.
                    report.problems.append(f"{where}: widget output is empty (no view was rendered)")
        for err in report.page_errors:
            if not BENIGN_PAGE_ERRORS.search(err):
                report.problems.append(f"uncaught exception in the page: {err}")
        for trace in outputs["traces"]:
            report.problems.append("traceback shown in an output:\n" + trace)
        if extra_checks is not None:
            report.problems += extra_checks(page, report)
        if guard.blocked:
            report.problems.append("requests to other hosts (blocked): " + "; ".join(guard.blocked))
        if saves:
            report.problems.append("JupyterLab wrote to the repository (autosave should be off): " + "; ".join(saves))
        phase("check")
    except Exception as exc:  # noqa: BLE001 - report everything, with a screenshot
        report.problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    finally:
        report.blocked = list(guard.blocked)
        if report.problems and screenshot_dir is not None:
            with contextlib.suppress(Exception):
                shot = screenshot_dir / (re.sub(r"[^A-Za-z0-9_.-]", "_", rel_path) + ".png")
                page.screenshot(path=str(shot))
                report.screenshot = str(shot)
        page.close()
        lab.shutdown_kernels(rel_path)
        report.seconds = time.monotonic() - start
    return report
