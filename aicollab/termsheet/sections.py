"""The term sheet's sections as HTML, and the stylesheet they share (no checking, no files).

Kept apart from :mod:`aicollab.termsheet.summary` so that :class:`~aicollab.termsheet.draft.TermSheet`
can show itself in a notebook without importing the checker (no import cycle).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from aicollab.display.assets import inline_css

_BADGE = {"high": "#A33A00", "medium": "#8A5A00", "low": "#005A8C", "ok": "#006B4F"}
_ICON = {"high": "✖", "medium": "▲", "low": "●", "ok": "✔"}

#: The stylesheet of the summary and the findings (``aicollab/display/static/termsheet.css``).
_CSS = inline_css("termsheet.css")


def _h(level: int, text: str, cls: str) -> str:
    level = min(max(level, 1), 6)
    return f'<h{level} class="{cls}">{html.escape(text)}</h{level}>'


def _rows_table(caption: str, rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{html.escape(label)}</th><td>{html.escape(value)}</td></tr>' for label, value in rows
    )
    return f'<table><caption class="visually-hidden">{html.escape(caption)}</caption><tbody>{body}</tbody></table>'


def _sections_html(ts, level: int = 2) -> str:
    parts = []
    for heading, rows in ts.sections():
        parts.append(_h(level, heading, "ts-section"))
        parts.append(_rows_table(heading, rows))
    return f'<div class="aicollab-ts">{"".join(parts)}</div>'
