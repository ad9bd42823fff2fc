"""Page weight and time to first chart for every page of the built book (a script, not a test).

    python benchmarks/bench_pages.py               # build if sources changed, 3 cold loads per page
    python benchmarks/bench_pages.py --no-build --runs 5 --network 4g --json out.json

For each content page (all .html under _build/html except genindex, search and _static) it
opens the page in headless Chromium with an empty cache, served from 127.0.0.1, and measures:

- bytes: sum of the response bodies of every request the page made (CDP Network.dataReceived),
  as this local server sends them, i.e. uncompressed. A host that gzips (GitHub Pages, most
  web servers) sends less; the "gzip" column estimates that by compressing each body.
- first chart: milliseconds from navigation start (performance.timeOrigin) until the first
  element gets data-aicollab-rendered="true", recorded in the page by a MutationObserver.
  "-" for pages without charts. The median over --runs cold loads is shown.

Targets: bytes < 2.5 MB and first chart < 1.5 s; pages that miss one are marked. Times on a
loopback server with no throttling are a lower bound for a real network: use --network 4g
(20 ms latency, 9 Mbit/s down) or 3g to emulate one, and --cpu-throttle 4 for a slow laptop.
Requests to any host other than 127.0.0.1 are blocked and counted, as in the test suite.
Exit status: 0, or 1 with --strict when a page misses a target.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
import e2e_support as e2e  # noqa: E402

TARGET_BYTES = 2.5 * 1024 * 1024
TARGET_FIRST_CHART_MS = 1500.0
NETWORKS = {  # latency (ms), download and upload (bytes/s)
    "none": None,
    "4g": (20, 9_000_000 / 8, 9_000_000 / 8),
    "3g": (150, 1_600_000 / 8, 750_000 / 8),
}

FIRST_CHART_PROBE = """(() => {
  const record = () => {
    if (window.__aicollabFirstChart === undefined && document.querySelector('[data-aicollab-rendered="true"]')) {
      window.__aicollabFirstChart = performance.now();
    }
  };
  new MutationObserver(record).observe(document, {subtree: true, attributes: true, childList: true,
                                                  attributeFilter: ['data-aicollab-rendered']});
})();"""


def measure(browser, url: str, html_dir: Path, base_url: str, network: str, cpu: float) -> dict:
    context, guard = e2e.new_context(browser)
    try:
        page = context.new_page()
        page.add_init_script(FIRST_CHART_PROBE)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if NETWORKS[network]:
            latency, down, up = NETWORKS[network]
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": latency, "downloadThroughput": down, "uploadThroughput": up},
            )
        if cpu > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        body_bytes: dict[str, int] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on(
            "Network.dataReceived",
            lambda e: body_bytes.__setitem__(e["requestId"], body_bytes.get(e["requestId"], 0) + e["dataLength"]),
        )
        page.goto(url, wait_until="load", timeout=60_000)
        figures = page.locator("figure.aicollab-chart").count()
        first_chart = None
        if figures:
            try:
                page.wait_for_function("() => window.__aicollabFirstChart !== undefined", timeout=30_000, polling=50)
                first_chart = page.evaluate("() => window.__aicollabFirstChart")
            except Exception:  # noqa: BLE001 - a chart that never draws is reported as such
                first_chart = float("inf")
        page.wait_for_load_state("networkidle", timeout=10_000)
        gz = 0
        for request_id, size in body_bytes.items():
            rel = urls.get(request_id, "").removeprefix(base_url).split("?", 1)[0].split("#", 1)[0]
            local = html_dir / rel
            gz += len(gzip.compress(local.read_bytes(), 6)) if rel and local.is_file() else size
        return {
            "bytes": sum(body_bytes.values()),
            "gzip": gz,
            "requests": len(body_bytes),
            "figures": figures,
            "first_chart_ms": first_chart,
            "blocked": list(guard.blocked),
        }
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true", help="use _build/html as it is (AICOLLAB_E2E_BUILD=never)")
    ap.add_argument("--runs", type=int, default=3, help="cold loads per page; the median time is shown")
    ap.add_argument("--network", choices=sorted(NETWORKS), default="none")
    ap.add_argument("--cpu-throttle", type=float, default=1.0, help="CPU slowdown factor, e.g. 4")
    ap.add_argument("--pages", default="*", help="only pages matching this glob, e.g. 'notebooks/*'")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a page misses a target")
    args = ap.parse_args(argv)

    reason = e2e.chromium_missing_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    build = e2e.ensure_book_built(mode="never" if args.no_build else None)
    pages = [p for p in e2e.discover_pages(build.html_dir).pages if fnmatch.fnmatch(p, args.pages)]
    from playwright.sync_api import sync_playwright

    results = []
    started = time.monotonic()
    with sync_playwright() as pw, e2e.StaticServer(build.html_dir) as server:
        browser = e2e.launch_browser(pw)
        try:
            for page_name in pages:
                runs = [
                    measure(
                        browser, server.url(page_name), build.html_dir, server.base_url, args.network, args.cpu_throttle
                    )
                    for _ in range(max(1, args.runs))
                ]
                times = [r["first_chart_ms"] for r in runs if r["first_chart_ms"] is not None]
                results.append(
                    {
                        "page": page_name,
                        "bytes": max(r["bytes"] for r in runs),
                        "gzip": max(r["gzip"] for r in runs),
                        "requests": max(r["requests"] for r in runs),
                        "charts": runs[0]["figures"],
                        "first_chart_ms": statistics.median(times) if times else None,
                        "blocked": sorted({b for r in runs for b in r["blocked"]}),
                    }
                )
        finally:
            browser.close()

    print(
        f"\nBook: {build.html_dir}  ({build.reason}); {len(pages)} pages, {args.runs} cold load(s) each, "
        f"network {args.network}, CPU x{args.cpu_throttle:g}. Targets: < {TARGET_BYTES / 2**20:.1f} MB, "
        f"first chart < {TARGET_FIRST_CHART_MS / 1000:.1f} s.\n"
    )
    header = f"{'page':<44} {'requests':>8} {'MB (as served)':>14} {'MB (gzip)':>9} {'charts':>6} {'first chart':>11}  verdict"
    print(header)
    print("-" * len(header))
    misses = 0
    for r in results:
        notes = []
        if r["bytes"] >= TARGET_BYTES:
            notes.append("MISS size" + (" as served (gzipped it would pass)" if r["gzip"] < TARGET_BYTES else ""))
        t = r["first_chart_ms"]
        if t is not None and t >= TARGET_FIRST_CHART_MS:
            notes.append("MISS time" if t != float("inf") else "MISS: no chart drew")
        if r["blocked"]:
            notes.append(f"{len(r['blocked'])} external request(s) blocked")
        misses += bool(notes)
        shown_t = "-" if t is None else ("never" if t == float("inf") else f"{t:,.0f} ms")
        print(
            f"{r['page']:<44} {r['requests']:>8} {r['bytes'] / 2**20:>14.2f} {r['gzip'] / 2**20:>9.2f} "
            f"{r['charts']:>6} {shown_t:>11}  {', '.join(notes) or 'ok'}"
        )
    print(f"\n{misses} of {len(results)} pages miss a target; measured in {time.monotonic() - started:.1f} s.")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "targets": {"bytes": TARGET_BYTES, "first_chart_ms": TARGET_FIRST_CHART_MS},
                    "network": args.network,
                    "cpu_throttle": args.cpu_throttle,
                    "pages": results,
                },
                indent=1,
                default=str,
            )
        )
    return 1 if (args.strict and misses) else 0


if __name__ == "__main__":
    sys.exit(main())
