"""The term sheet as HTML: findings tables and the one-page printable summary."""

from __future__ import annotations

import html
import re

import pandas as pd

from aicollab.display.render import HtmlOutput, tool_html

from .checker import check
from .draft import TermSheet
from .menus import SEVERITIES, SOURCES

# --------------------------------------------------------------------------------------
# HTML: findings, sections and the printable summary
# --------------------------------------------------------------------------------------
from .sections import _BADGE, _CSS, _ICON, _h, _rows_table  # noqa: E402


def _check_findings(findings) -> pd.DataFrame:
    need = ["id", "area", "severity", "message", "source"]
    if not isinstance(findings, pd.DataFrame) or any(c not in findings.columns for c in need):
        raise ValueError("findings must be the table returned by check(term_sheet)")
    return findings


def findings_html(
    findings: pd.DataFrame, *, include_ok: bool = True, caption: str = "Findings", compact: bool = False
) -> str:
    """The findings of :func:`check` as an accessible HTML table (severity in words and symbols).

    ``compact=True`` puts each source after its message instead of in its own column.
    """
    f = _check_findings(findings)
    if not include_ok:
        f = f[f["severity"] != "ok"]
    cols = ["Severity", "Finding"] + ([] if compact else ["Source"])
    head = "<thead><tr>" + "".join(f'<th scope="col">{c}</th>' for c in cols) + "</tr></thead>"
    body = []
    for r in f.itertuples(index=False):
        sev = r.severity
        label = SEVERITIES[sev].split(":")[0]
        src = html.escape(r.source.replace(";", "; "))
        text = f"<b>{html.escape(r.area)}</b> ({html.escape(r.id)}): {html.escape(r.message)}"
        body.append(
            f'<tr><td class="sev" style="color:{_BADGE[sev]}">{_ICON[sev]} {html.escape(label)}</td>'
            + (f"<td>{text} [{src}]</td></tr>" if compact else f"<td>{text}</td><td>{src}</td></tr>")
        )
    if not body:
        body.append(f'<tr><td colspan="{len(cols)}">Nothing to fix: every check passed.</td></tr>')
    summary = findings.attrs.get("summary", "")
    cap = f"{caption} ({summary})" if summary else caption
    return (
        f'<div class="aicollab-ts"><table><caption>{html.escape(cap)}</caption>{head}'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _first_clause(message: str) -> str:
    """The action at the start of a message: up to its first colon or full stop."""
    m = re.match(r"(.+?)(?::\s|(?<!e\.g)(?<!i\.e)\.\s|\.$)", message)
    return (m.group(1) if m else message).rstrip(".") + "."


def summary_html(
    term_sheet: TermSheet, findings: pd.DataFrame | None = None, *, standalone: bool = True, level: int = 1
) -> str:
    """A one-page printable summary of the draft and its findings, as HTML.

    ``findings`` defaults to ``check(term_sheet)``; passed checks are counted, not listed,
    to keep the page short. With ``standalone=True`` (the default) the result is a complete
    HTML document with its styles inline (including print styles for A4) and no link to, or
    resource from, any other site. ``standalone=False`` gives a fragment for display inside
    a notebook, with headings starting at ``level``.
    """
    ts = term_sheet
    if not isinstance(ts, TermSheet):
        raise ValueError("summary_html() expects a TermSheet")
    f = check(ts) if findings is None else _check_findings(findings)
    top = 1 if standalone else level
    passed = int((f["severity"] == "ok").sum())
    parts = [_h(top, ts.title, "ts-title")]
    parts.append(
        f'<p class="ts-note">{html.escape(ts.note or "Draft term sheet")}. '
        "Headline terms for discussion; not a contract and not legal advice.</p>"
    )
    blocks = "".join(
        f'<div class="ts-block">{_h(top + 1, heading, "ts-section")}{_rows_table(heading, rows)}</div>'
        for heading, rows in ts.sections()
    )
    parts.append(f'<div class="ts-grid">{blocks}</div>')
    parts.append(_h(top + 1, "Findings", "ts-section"))
    serious = f[f["severity"].isin(["high", "medium"])]
    serious.attrs = dict(f.attrs)
    low = f[f["severity"] == "low"]
    if len(serious):
        parts.append(findings_html(serious, include_ok=False, compact=True, caption="To fix"))
    if len(low):
        items = "".join(
            f"<li><b>{html.escape(r.id)}</b> {html.escape(_first_clause(r.message))} [{html.escape(r.source.replace(';', '; '))}]</li>"
            for r in low.itertuples(index=False)
        )
        parts.append(
            f'<p class="ts-lowhead">{_ICON["low"]} Worth considering ({len(low)}):</p><ul class="ts-low">{items}</ul>'
        )
    if not len(serious) and not len(low):
        parts.append("<p>Nothing to fix: every check passed.</p>")
    parts.append(f'<p class="ts-passed">{_ICON["ok"]} {passed} checks passed.</p>')
    keys = []
    for src in f["source"]:
        for k in src.split(";"):
            if k and k not in keys:
                keys.append(k)
    parts.append(_h(top + 1, "Sources", "ts-section"))
    items = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(SOURCES.get(k, k))}</li>" for k in keys)
    parts.append(f'<ul class="ts-sources">{items}</ul>')
    parts.append(
        '<p class="ts-foot">Made with the Partners in Healthcare AI teaching kit (aicollab.termsheet). '
        "Severity: High = fix before signing; Medium = should be fixed; Low = worth considering.</p>"
    )
    body = f'<div class="aicollab-ts">{"".join(parts)}</div>'
    style = f"<style>{_CSS}</style>"
    if not standalone:
        return style + body
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(ts.title)}: term sheet summary</title>{style}"
        "<style>body{margin:1.2rem;}</style>"
        f"</head><body><main>{body}</main></body></html>\n"
    )


def show_findings(findings: pd.DataFrame, include_ok: bool = True) -> HtmlOutput:
    """Display the findings table in a notebook (works in the static book)."""
    f = _check_findings(findings)
    return HtmlOutput(
        tool_html("termsheet-view", findings_html(f, include_ok=include_ok)),  # styled by termsheet.css
        f"Findings: {f.attrs.get('summary', len(f))}",
    )


def compare_drafts(before: TermSheet, after: TermSheet) -> pd.DataFrame:
    """Each check's severity in two drafts side by side: columns ``id``, ``area``, ``before``, ``after``.

    Only checks whose severity differs are listed, most serious "before" first; a check that
    applies to only one draft shows "n/a" for the other.
    """
    if not isinstance(before, TermSheet) or not isinstance(after, TermSheet):
        raise ValueError("compare_drafts() expects two TermSheets")
    a = check(before).set_index("id")
    b = check(after).set_index("id")
    ids = sorted(set(a.index) | set(b.index))
    rows = []
    for i in ids:
        sa = a["severity"].get(i, "n/a")
        sb = b["severity"].get(i, "n/a")
        if sa != sb:
            area = a["area"].get(i) if i in a.index else b["area"].get(i)
            rows.append((i, area, sa, sb))
    order = {k: n for n, k in enumerate([*SEVERITIES, "n/a"])}
    rows.sort(key=lambda r: (order[r[2]], r[0]))
    return pd.DataFrame(rows, columns=["id", "area", "before", "after"])


def summary_preview(term_sheet: TermSheet, findings: pd.DataFrame | None = None, level: int = 3) -> HtmlOutput:
    """The printable summary inside a collapsible block, for a notebook page."""
    # The fragment's own <style> is left out: termsheet.css reaches the page by URL (kit.js).
    frag = summary_html(term_sheet, findings, standalone=False, level=level).removeprefix(f"<style>{_CSS}</style>")
    markup = (
        f'<details class="aicollab-ts-preview"><summary>Preview the printable summary of '
        f'"{html.escape(term_sheet.title)}"</summary>{frag}</details>'
    )
    return HtmlOutput(tool_html("termsheet-view", markup), f"Printable summary of {term_sheet.title!r}")
