"""What the kit writes into notebook outputs: markup, JSON settings and one bootstrap, nothing else.

Issue 13 §6 and issue 17 defect 3. Every kernel-free tool's output holds its markup, its data
as JSON in ``<script type="application/json">`` (escaped by the one helper,
``render.script_json``) and the inline bootstrap (``static/bootstrap.js``); the scripts and
stylesheets are loaded by URL. So:

- editing any static file but the bootstrap changes no output (the tools' outputs are
  rebuilt against an edited copy of the static folder and compared);
- the stored notebooks hold no static file's text, no ``<style>`` and no classic script but
  the bootstrap;
- no module of the package holds CSS or JavaScript as a Python string;
- hostile text (``</script>``, ``<!--<script>``, ``]]>``, ``&``, U+2028/2029, a lone
  surrogate) stays inside the JSON of every tool and comes back intact.
The same payloads in Chromium: tests/test_kit_browser.py.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from aicollab.display import assets, render
from aicollab.display.ranking_form import static_ranking_form
from aicollab.display.static_app import static_value_chart, static_weights_poll
from aicollab.feedback.quiz import multiple_choice
from aicollab.model import Partnership
from aicollab.termsheet import check, example_term_sheet, show_findings, static_form, summary_preview

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "aicollab"
STORED = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))

#: Text that must never end, open or break an inline script (issue 17, defect 3).
PAYLOADS = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "-->",
    "]]>",
    "R&D <b>",
    "line\u2028separator",
    "paragraph\u2029separator",
]
#: Outputs whose data are not a learner's text (the ranking form) or are plain escaped HTML (term-sheet views).
_NO_JSON = {"ranking form", "term-sheet draft", "term-sheet findings", "term-sheet preview"}
SCRIPT_RE = re.compile(r"<script([^>]*)>(.*?)</script>", re.S | re.I)
#: <style> elements; pandas writes its own (".dataframe ...") with every table, and those are not the kit's.
STYLE_RE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def _payload_partnership(name: str) -> Partnership:
    # The model's input rules turn a line or paragraph separator in a resource's name into a space
    # (the tools then carry the name with a space, which the test accepts); supply names it so.
    return Partnership(
        players=("Hospital", "Company"),
        resources={name: 0.6, "Funding": 0.4},
        supply={" ".join(name.split()): {"Hospital": 1.0}, "Funding": {"Company": 1.0}},
        total=100.0,
        title=f"Title {name}",
    )


def tool_outputs(text: str = "plain") -> dict[str, str]:
    """The HTML output of every kind of kernel-free tool, with ``text`` inside its data."""
    # A plain spec: charts that sort categories by a list of their names compile that list into a
    # Vega expression, where U+2028 is a syntax error (vega-expression 6.1); not an escaping matter.
    chart = {
        "title": f"Chart {text}",
        "description": f"About {text}",
        "data": {"values": [{"item": text, "percent": 40.0}, {"item": "b", "percent": 60.0}]},
        "mark": "bar",
        "encoding": {"y": {"field": "item", "type": "nominal"}, "x": {"field": "percent", "type": "quantitative"}},
    }
    quiz = multiple_choice(f"Which {text}?", [(text, True, f"Yes {text}"), ("other", False, f"No {text}")])
    sheet = example_term_sheet("first draft").with_changes(title=f"Sheet {text}")
    return {
        "chart": render.chart_html(chart),
        "value chart": render.chart_html(static_value_chart(_payload_partnership(text)).to_dict()),
        "quiz": quiz.to_html(),
        "ranking form": static_ranking_form().markup,
        "weights button": static_weights_poll(_payload_partnership(text)).markup,
        "term-sheet form": static_form(sheet).markup,
        "term-sheet draft": sheet._repr_mimebundle_()["text/html"],
        "term-sheet findings": show_findings(check(sheet)).markup,
        "term-sheet preview": summary_preview(sheet).markup,
    }


# ------------------------------------------------------------------ one escaping helper


@pytest.mark.parametrize("payload", PAYLOADS + ["lone \ud800 surrogate"])
def test_script_json_escapes_markup_and_stays_valid_json(payload):
    data = {"text": payload, payload: [payload, 1.5, None]}
    text = render.script_json(data)
    assert not set(text) & set("<>&\u2028\u2029"), text
    assert not re.search("[\ud800-\udfff]", text)
    assert json.loads(text) == data
    text.encode("utf-8")  # a page holding it can always be written


def test_script_json_is_deterministic_and_writes_no_nan():
    assert render.script_json({"b": 1, "a": [float("nan"), float("inf"), 2.0]}) == '{"a":[null,null,2.0],"b":1}'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_tool_keeps_hostile_text_inside_its_json(payload):
    """Each script of each output is either JSON with no raw <, > or & (and the payload intact
    after parsing) or exactly the bootstrap; every <script> element is closed where it should be."""
    bootstrap = render.bootstrap_html()
    for name, markup in tool_outputs(payload).items():
        scripts = SCRIPT_RE.findall(markup)
        assert len(scripts) == markup.lower().count("<script"), name
        found = False
        for attrs, body in scripts:
            if "application/json" in attrs:
                assert not set(body) & set("<>&\u2028\u2029"), (name, body[:200])
                text = json.dumps(json.loads(body), ensure_ascii=False)
                # (the term sheet collapses whitespace, U+2028/9 included, in what it is given)
                found = found or payload in text or " ".join(payload.split()) in text
            else:
                assert f"<script{attrs}>{body}</script>" == bootstrap, name
        assert found or name in _NO_JSON, f"{name}: the payload is not in its JSON"
        assert not ("<" in payload and payload in markup), f"{name}: the payload is written unescaped"
        assert markup.endswith(bootstrap), name


# ------------------------------------------------------------------ scripts and styles by URL


def test_outputs_do_not_change_when_a_static_file_is_edited(tmp_path, monkeypatch):
    """Edit every file of aicollab/display/static/ but the bootstrap: every tool's output stays
    byte for byte the same (so a JavaScript or CSS edit rewrites no notebook)."""
    before = tool_outputs("x")
    edited = tmp_path / "static"
    shutil.copytree(assets.STATIC_DIR, edited)
    for f in edited.iterdir():
        if f.name != render.BOOTSTRAP_SCRIPT:
            f.write_text("/* edited */\n" + f.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    monkeypatch.setattr(assets, "STATIC_DIR", edited)
    render.bootstrap_html.cache_clear()
    try:
        assert assets.read_asset("kit.js").startswith("/* edited */")  # the edit is what the kit would read
        assert tool_outputs("x") == before
    finally:
        render.bootstrap_html.cache_clear()


def test_editing_the_bootstrap_does_change_outputs(tmp_path, monkeypatch):
    """The check above can see a change: the bootstrap is the one static file in outputs."""
    before = tool_outputs("x")["quiz"]
    edited = tmp_path / "static"
    shutil.copytree(assets.STATIC_DIR, edited)
    boot = edited / render.BOOTSTRAP_SCRIPT
    boot.write_text(boot.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    monkeypatch.setattr(assets, "STATIC_DIR", edited)
    render.bootstrap_html.cache_clear()
    try:
        assert tool_outputs("x")["quiz"] != before
    finally:
        render.bootstrap_html.cache_clear()


def _static_snippets() -> dict[str, list[str]]:
    """Distinctive lines (40+ characters) of every static file but the bootstrap, by file."""
    out = {}
    for f in sorted(assets.STATIC_DIR.iterdir()):
        if f.name == render.BOOTSTRAP_SCRIPT or f.suffix not in {".js", ".css", ".svg"}:
            continue
        text = f.read_text(encoding="utf-8")
        if f.name == render.BUNDLE_NAME:  # one long minified line: take slices of it
            lines = [text[i : i + 80] for i in range(2000, len(text) - 80, len(text) // 50)]
        else:
            lines = [line.strip() for line in text.splitlines() if len(line.strip()) >= 40]
        out[f.name] = lines
    return out


def _html_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            html = (out.get("data") or {}).get("text/html")
            if html:
                yield i, html if isinstance(html, str) else "".join(html)


def _without_summary_css(attrs: str, body: str) -> str:
    """The term-sheet form's settings carry termsheet.css ("css") on purpose: the form writes it into
    the standalone printable summary it saves. That one value is left out of the scan."""
    if "aicollab-tsform-config" not in attrs:
        return body
    data = json.loads(body)
    data.pop("css", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # as the output writes it


def test_stored_notebooks_hold_only_markup_json_and_the_bootstrap():
    assert len(STORED) >= 15, STORED
    bootstrap = render.bootstrap_html()
    snippets = _static_snippets()
    problems = []
    for path in STORED:
        for cell, html in _html_outputs(path):
            where = f"{path.relative_to(ROOT)} cell {cell}"
            styles = [body for body in STYLE_RE.findall(html) if not body.strip().startswith(".dataframe")]
            if styles or re.search(r"<link\b", html, re.I):
                problems.append(f"{where}: a <style> or <link> element (stylesheets are files, loaded by URL)")
            scanned = html
            for attrs, body in SCRIPT_RE.findall(html):
                if "application/json" in attrs:
                    if set(body) & set("<>&"):
                        problems.append(f"{where}: JSON in a script holds a raw <, > or &")
                    scanned = scanned.replace(body, _without_summary_css(attrs, body))
                elif f"<script{attrs}>{body}</script>" != bootstrap:
                    problems.append(f"{where}: an inline script that is not the bootstrap: {body[:80]!r}")
            scanned = scanned.replace(bootstrap, "")  # the one static file allowed in outputs
            for name, lines in snippets.items():
                hit = next((line for line in lines if line in scanned), None)
                if hit:
                    problems.append(f"{where}: holds text of static/{name}: {hit[:60]!r}")
    assert not problems, "\n".join(problems[:20]) + (f"\n... {len(problems)} in all" if len(problems) > 20 else "")


# ------------------------------------------------------------------ no CSS or JS in Python strings

_JS = re.compile(r"\bfunction\s*\(|\bdocument\.[a-zA-Z]|\bwindow\.[a-zA-Z]|addEventListener|=>\s*\{|\bvar\s+\w+\s*=")
_CSS = re.compile(r"[\w\]\)*-]\s*\{\s*[a-z-]+\s*:\s*[^;{}]+;")
#: (module, text) pairs allowed for now, with the reason.
_ALLOWED = {
    # The standalone summary page's one body rule is written identically by summary.py and
    # termsheet-form.js, whose parity test compares the two pages byte for byte: it moves to
    # termsheet.css when both sides change together (branch rulebook owns both).
    ("aicollab/termsheet/summary.py", "<style>body{margin:1.2rem;}</style>"),
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def code_in_strings(source: str, module: str = "<test>") -> list[str]:
    """The string constants of ``source`` (docstrings aside) that look like JavaScript or CSS."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            for allowed_module, fragment in _ALLOWED:
                if module == allowed_module:
                    text = text.replace(fragment, "")
            if _JS.search(text) or _CSS.search(text):
                found.append(node.value)
    return found


def test_the_detector_finds_css_and_javascript_in_strings():
    """It fails on what the kit used to hold (render._SCRIPT, ranking_form._RANKING_CSS, the quiz's script)."""
    assert code_in_strings('_SCRIPT = """(function () {\n  var script = document.currentScript;\n})();"""')
    assert code_in_strings('_CSS = """\n.aicollab-ranking { background: #fff; color: #111; }\n"""')
    assert code_in_strings("s = (\"form.addEventListener('submit',function(e){e.preventDefault();\")")
    assert not code_in_strings('"""Docstring: window.aicollabKit.mount(box) { a: b; }"""\nx = "datum.a > 0 ? 1 : 0"')


def test_no_module_holds_css_or_javascript_as_a_string():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(ROOT).as_posix()
        found = code_in_strings(path.read_text(encoding="utf-8"), module)
        if found:
            offenders[module] = [t.strip()[:70] for t in found]
    assert not offenders, f"CSS or JavaScript belongs in aicollab/display/static/: {offenders}"
