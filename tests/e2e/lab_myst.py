"""In JupyterLab, every markdown cell of a lesson reads as it does in the book (issue 16).

The lessons are written in MyST (admonitions, instructor notes that fold away, exercises, gated
solutions, glossary terms, citations). JupyterLab renders it with jupyterlab-myst (pinned in
requirements.txt); without it, or for a directive or role it does not know, the reader sees the
markup itself. ``problems(page, rel_path)`` inspects the open notebook and returns one line per
problem:

- a markdown cell that jupyterlab-myst did not render (the extension is missing or failed);
- rendered text that still shows MyST: a directive or role name in braces (``{admonition}``,
  ``{cite:t}``), a directive option line (``:class: dropdown``), a substitution (``{{ x }}``), a
  target (``(label)=``), or a code block whose language is a directive (``` ```{exercise} ```
  rendered as code). Code, preformatted text and maths are left out of the text first (a lesson
  may show MyST syntax as code on purpose);
- an instructor note that is open, or fewer closed instructor notes than the notebook's
  ``:::{admonition} Instructor note`` fences;
- a glossary term that links nowhere (jupyterlab-myst logs "Cross reference target was not found";
  the generated sources-and-terms cell, aicollab.tools.labnotes, holds the lesson's glossary).

Nothing here is a test: test_jupyterlab.py calls it, and runs it once against a JupyterLab with
jupyterlab-myst disabled to show that it fails there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: MyST left in rendered text (code, pre and maths removed beforehand).
RAW_MYST = re.compile(
    r"\{[a-z][a-z0-9-]*(?::[a-z]+)?\}"  # {admonition}, {cite:t}, {term}
    r"|^[ \t]*:(?:class|label|nonumber|name|open|hidden|tags)[ \t]*:"  # directive options
    r"|\{\{[^{}]*\}\}"  # substitutions
    r"|^[ \t]*\([A-Za-z0-9_-]+\)=[ \t]*$",  # targets
    re.M,
)
#: An unresolved cross-reference (a {term} whose glossary entry is not in the notebook).
UNRESOLVED = re.compile(r"Cross reference target was not found")
INSTRUCTOR_FENCE = re.compile(r"^[ \t]*:{3,}[ \t]*\{admonition\}[ \t]*Instructor note", re.M)

JS_MARKDOWN_RENDERED = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const cells = panel ? [...panel.node.querySelectorAll('.jp-MarkdownCell')] : [];
  return cells.length > 0 && cells.every(c => c.querySelector('.jp-InputArea .myst, .jp-InputArea .jp-RenderedMarkdown'));
}"""

JS_MARKDOWN_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return [...panel.node.querySelectorAll('.jp-MarkdownCell')].map((cell, index) => {
    const myst = cell.querySelector('.jp-InputArea .myst');
    const shown = myst || cell.querySelector('.jp-InputArea .jp-RenderedMarkdown');
    let text = '', fences = [];
    if (shown) {
      fences = [...shown.querySelectorAll('code[class*="language-{"]')].map(c => c.className);
      const copy = shown.cloneNode(true);
      copy.querySelectorAll('code, pre, mjx-container, .MathJax, math, .katex').forEach(e => e.remove());
      // Block elements end a line, so option lines such as ":class: dropdown" start one.
      copy.querySelectorAll('p, li, div, dt, dd, h1, h2, h3, h4, h5, h6, br').forEach(e => e.append('\\n'));
      text = copy.textContent;
    }
    const summaries = (sel) => shown ? [...shown.querySelectorAll(sel)].map(s => s.textContent.trim()) : [];
    return {index, myst: !!myst, rendered: !!shown, text, fences,
            closed: summaries('details:not([open]) > summary'), open: summaries('details[open] > summary')};
  });
}"""


def wait_rendered(page: Any, timeout_ms: float) -> bool:
    """Wait until every markdown cell of the current notebook is rendered (by any renderer)."""
    try:
        page.wait_for_function(JS_MARKDOWN_RENDERED, timeout=timeout_ms, polling=250)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError; reported below
        return False


def problems(page: Any, rel_path: str, repo: Path, console: list[str], timeout_ms: float = 60_000) -> list[str]:
    """What in the open notebook's markdown does not read as in the book (see the module docstring)."""
    found: list[str] = []
    if not wait_rendered(page, timeout_ms):
        found.append(f"not every markdown cell was rendered within {timeout_ms / 1000:.0f} s")
    cells = page.evaluate(JS_MARKDOWN_CELLS)
    closed_notes = 0
    for cell in cells:
        where = f"markdown cell {cell['index'] + 1}"
        if not cell["rendered"]:
            found.append(f"{where}: not rendered")
            continue
        if not cell["myst"]:
            found.append(f"{where}: rendered without jupyterlab-myst")
        raw = sorted({m.group(0).strip() for m in RAW_MYST.finditer(cell["text"])})
        raw += [f"a code block of language {c.split('language-', 1)[1].split()[0]}" for c in cell["fences"]]
        if raw:
            excerpt = " ".join(cell["text"].split())[:160]
            found.append(f"{where} shows raw MyST ({', '.join(raw)}): {excerpt!r}")
        if any(s.startswith("Instructor note") for s in cell["open"]):
            found.append(f"{where}: an instructor note is open (it must be folded, as in the book)")
        closed_notes += sum(s.startswith("Instructor note") for s in cell["closed"])
    try:
        sources = json.loads((repo / rel_path).read_text(encoding="utf-8"))["cells"]
        fences = sum(
            len(INSTRUCTOR_FENCE.findall("".join(c["source"]) if isinstance(c["source"], list) else c["source"]))
            for c in sources
            if c["cell_type"] == "markdown"
        )
    except (OSError, ValueError, KeyError):
        fences = 0
    if closed_notes < fences:
        found.append(f"{closed_notes} folded instructor notes shown, but the notebook has {fences}")
    unresolved = sorted({m for m in console if UNRESOLVED.search(m)})
    found += [f"a link that leads nowhere (console: {m})" for m in unresolved]
    return found
