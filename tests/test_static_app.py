"""The kernel-free chart must show the same numbers as the Python model.

1. Fast: render the Vega-Lite spec to SVG with vl-convert for a grid of settings and compare
   the text labels on the bars with ``compare_rules`` / ``largest_core_shortfall``.
2. Browser (``-m browser``): load a standalone page in the system Chromium (no network
   except loopback/file), move the sliders and tick boxes, read the Vega view's data and
   compare with the Python model to 1e-9.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import vl_convert as vlc

from aicollab.display.static_app import OKABE_ITO, RULE_LABELS, standalone_html, static_rows, static_value_chart
from aicollab.model import COMPARE_RULES, compare_rules, largest_core_shortfall
from aicollab.model.scenarios import default_partnership, get_preset, textbook_example

from browser_helpers import CHROMIUM  # tests/ is on sys.path under pytest

LABEL_TO_RULE = {v: k for k, v in RULE_LABELS.items()}


def _settings(p, weights=None, essential=None, gamma=None, total=None):
    res = dict(p.resources)
    for name, w in (weights or {}).items():
        res[name] = w
    return p.with_changes(
        resources=res,
        essential=p.essential if essential is None else frozenset(essential),
        gamma=p.gamma if gamma is None else gamma,
        total=p.total if total is None else total,
    )


def _parse_svg(svg: str):
    """Return ({(player, rule): label}, {rule: label}) from the text marks' own text."""
    shares, core = {}, {}
    for m in re.finditer(r'<text aria-label="([^"]*)"[^>]*>([^<]*)</text>', svg):
        aria, shown = html.unescape(m.group(1)), html.unescape(m.group(2))
        fields = dict(part.split(": ", 1) for part in aria.split("; ") if ": " in part)
        if "player" in fields and "rule" in fields and "value" in fields:
            shares[(fields["player"], LABEL_TO_RULE[fields["rule"]])] = float(shown.replace(",", ""))
        elif "rule" in fields and "shortfall" in fields:
            core[LABEL_TO_RULE[fields["rule"]]] = float(shown.replace(",", ""))
    return shares, core


def _grid():
    d = default_partnership()
    r = list(d.resources)
    t = textbook_example()
    yield "default", d
    yield (
        "default, gamma 3, regulation essential",
        _settings(d, gamma=3.0, essential={r[0], r[5], r[8]}, weights={r[8]: 6.0}, total=800.0),
    )
    yield (
        "default, no essentials, funding heavy",
        _settings(d, essential=set(), weights={r[7]: 9.5, r[0]: 0.5}, total=120.0),
    )
    yield "textbook V essential", _settings(t, essential={"Clinical validation"})
    yield "textbook gamma 4", _settings(t, gamma=4.0)
    yield "consortium", get_preset("Research consortium")


@pytest.mark.parametrize("name, p", list(_grid()), ids=[g[0] for g in _grid()])
def test_svg_labels_match_python(name, p):
    svg = vlc.vegalite_to_svg(static_value_chart(p).to_dict())
    shares, core = _parse_svg(svg)
    expected = compare_rules(p)
    assert len(shares) == p.n * len(COMPARE_RULES)
    for (player, rule), shown in shares.items():
        assert shown == pytest.approx(round(expected.at[player, rule], 1), abs=1e-9), (player, rule)
    assert set(core) == set(COMPARE_RULES)
    for rule, shown in core.items():
        assert shown == pytest.approx(round(largest_core_shortfall(p, rule), 1), abs=1e-9), rule


def test_spec_accessibility_and_params():
    p = default_partnership()
    spec = static_value_chart(p).to_dict()
    assert "description" in spec and p.players[0] in spec["description"]
    assert spec["title"]["text"]
    params = {q["name"]: q for q in spec["params"]}
    R = len(p.resources)
    assert set(params) == {f"w_{k}" for k in range(R)} | {f"ess_{k}" for k in range(R)} | {"gamma", "total"}
    for q in params.values():
        assert q["bind"]["name"].strip(), q["name"]  # every input has a readable label
    assert params["w_0"]["bind"]["input"] == "range" and params["ess_0"]["bind"]["input"] == "checkbox"
    assert "Image data sharing" in params["w_0"]["bind"]["name"]
    # Data colours (marks and scales) come from the palette; the theme's text greys live in config.
    colours = json.dumps({k: v for k, v in spec.items() if k != "config"})
    used = set(re.findall(r'"(#[0-9A-Fa-f]{6})"', colours)) - {"#000000"}
    assert used and used <= set(OKABE_ITO)
    rows = static_rows(p)
    assert len(rows) == 2 * p.n * 2 ** (p.n - 1)


def _browser_available() -> str | None:
    from browser_helpers import skip_reason

    return skip_reason()


_READ_JS = """
async ({ranges, checks, names}) => {
  const readback = {};
  for (const [name, val] of Object.entries(ranges)) {
    const el = document.querySelector(`input[type=range][name="${name}"]`);
    el.value = String(val);
    el.dispatchEvent(new Event('input', {bubbles: true}));
    readback[name] = el.value;
  }
  for (const [name, val] of Object.entries(checks)) {
    const el = document.querySelector(`input[type=checkbox][name="${name}"]`);
    if (el.checked !== val) { el.checked = val; el.dispatchEvent(new Event('change', {bubbles: true})); }
    readback[name] = el.checked;
  }
  await window.aicollabViews[0].runAsync();
  let shares = null, core = null;
  for (const n of names) {
    let rows;
    try { rows = window.aicollabViews[0].data(n); } catch (e) { continue; }
    if (!rows || !rows.length) continue;
    const r = rows[0];
    if (!shares && 'rule_key' in r && 'player' in r && 'value' in r)
      shares = rows.map(d => [d.player, d.rule_key, d.value]);
    if (!core && 'shortfall' in r && 'raw' in r)
      core = rows.map(d => [d.rule_key.replace(/^max_/, ''), d.shortfall]);
  }
  return {readback, shares, core};
}
"""


@pytest.mark.browser
def test_browser_sliders_match_python(tmp_path: Path):
    reason = _browser_available()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    p = default_partnership()
    res = list(p.resources)
    spec = static_value_chart(p).to_dict()
    names = [d["name"] for d in vlc.vegalite_to_vega(spec)["data"]]
    (tmp_path / "vega-bundle.js").write_text(vlc.javascript_bundle(), encoding="utf-8")
    page_file = tmp_path / "index.html"
    page_file.write_text(standalone_html(static_value_chart(p), script_src="vega-bundle.js"), encoding="utf-8")

    grid = [
        dict(),  # initial values
        dict(gamma=2.0),
        dict(gamma=3.5, total=800, weights={0: 0.5, 5: 7.5}),
        dict(essential={res[8]}, weights={8: 9.0}, gamma=1.0, total=250),
        dict(essential={res[0], res[3], res[5]}, gamma=2.5, total=1000, weights={1: 0.0, 3: 4.2}),
        dict(essential=set(), gamma=1.0, total=5, weights={k: 1.0 for k in range(len(res))}),
    ]
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith("file://") or re.match(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/", url):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            page.route("**/*", guard)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_selector("[data-aicollab-rendered], [data-aicollab-error]", timeout=15000)
            assert page.locator("[data-aicollab-error]").count() == 0, page.inner_text("main")
            # every bound input has a visible text label
            labels = page.eval_on_selector_all(
                ".vega-bind label", "els => els.map(e => e.querySelector('.vega-bind-name').textContent)"
            )
            assert len(labels) == 2 * len(res) + 2 and all(t.strip() for t in labels)

            state = {"weights": dict(p.resources), "essential": set(p.essential), "gamma": p.gamma, "total": p.total}
            for setting in grid:
                ranges, checks = {}, {}
                for k, w in setting.get("weights", {}).items():
                    ranges[f"w_{k}"] = w
                    state["weights"][res[k]] = w
                if "gamma" in setting:
                    ranges["gamma"] = setting["gamma"]
                    state["gamma"] = setting["gamma"]
                if "total" in setting:
                    ranges["total"] = setting["total"]
                    state["total"] = setting["total"]
                if "essential" in setting:
                    state["essential"] = set(setting["essential"])
                for k, r in enumerate(res):
                    checks[f"ess_{k}"] = r in state["essential"]
                out = page.evaluate(_READ_JS, {"ranges": ranges, "checks": checks, "names": names})
                for name, val in ranges.items():  # the slider really holds the value we set
                    assert float(out["readback"][name]) == pytest.approx(val, abs=1e-12), name
                model = p.with_changes(
                    resources=dict(state["weights"]),
                    essential=frozenset(state["essential"]),
                    gamma=state["gamma"],
                    total=state["total"],
                )
                _compare(model, out)

            # real keyboard interaction: nudge gamma up five steps with the arrow key
            page.focus('input[type=range][name="gamma"]')
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            gamma_now = float(page.eval_on_selector('input[name="gamma"]', "e => e.value"))
            assert gamma_now == pytest.approx(state["gamma"] + 0.5)
            out = page.evaluate(_READ_JS, {"ranges": {}, "checks": {}, "names": names})
            _compare(
                p.with_changes(
                    resources=dict(state["weights"]),
                    essential=frozenset(state["essential"]),
                    gamma=gamma_now,
                    total=state["total"],
                ),
                out,
            )
            assert not errors, errors
        finally:
            browser.close()
    assert not blocked, f"page tried to reach the network: {blocked[:3]}"


def _compare(model, out):
    expected = compare_rules(model)
    assert out["shares"] is not None and out["core"] is not None
    assert len(out["shares"]) == model.n * len(COMPARE_RULES)
    for player, rule, value in out["shares"]:
        assert value == pytest.approx(expected.at[player, rule], rel=1e-9, abs=1e-9), (player, rule)
    for rule, shortfall in out["core"]:
        assert shortfall == pytest.approx(largest_core_shortfall(model, rule), rel=1e-9, abs=1e-9), rule
