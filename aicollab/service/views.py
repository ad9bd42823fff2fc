"""The live poll's pages as HTML: the room's charts and tables, a learner's own answers.

Pure functions from the room's :class:`~aicollab.poll.PollResult` (and stored rows) to HTML
text, so they can be tested without a hub. Every value that came from a learner (resource
names, capstone answers, the reasons quoting them) is escaped here, in one place
(:func:`text`); charts carry their Vega-Lite spec as a JSON data block with every ``<``, ``>``
and ``&`` written as a ``\\u`` escape, so no answer can end the block or start markup. The
page's own script (``room-poll-page.js``) draws the charts with the kit's vendored Vega bundle.

The charts and tables are the instructor notebook's (``notebooks/90_room_poll.ipynb``):
:func:`aicollab.poll.weights_chart`, :func:`~aicollab.poll.barriers_chart`,
:func:`~aicollab.poll.weight_summary`, :func:`~aicollab.poll.barrier_comparison`,
:func:`~aicollab.poll.room_borda` and the capstone tallies.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence

import pandas as pd

from aicollab import poll

from .store import Row


def text(value) -> str:
    """Any value as escaped HTML text (None and NaN as an empty cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        value = f"{value:.1f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:,.0f}"
    return html.escape(str(value), quote=True)


def json_block(data, css_class: str) -> str:
    """``data`` as a ``<script type="application/json">`` block that no string inside can break out of."""
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="{css_class}">{payload}</script>'


def table(frame: pd.DataFrame, columns: Sequence[tuple[str, str]], caption: str) -> str:
    """An accessible table of ``frame``'s ``columns`` ((column, header) pairs); its scrolling box takes keyboard focus."""
    head = "".join(f'<th scope="col">{text(label)}</th>' for _, label in columns)
    body = []
    for record in frame.to_dict("records"):
        cells = "".join(f"<td>{text(record.get(column))}</td>" for column, _ in columns)
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(columns)}">Nothing yet.</td></tr>')
    return (
        f'<div class="room-poll-table" role="region" tabindex="0" aria-label="{text(caption)}">'
        f"<table><caption>{text(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def chart(spec: dict) -> str:
    """A figure the page's script draws: accessible name and text description, spec as data."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    description = str(spec.get("description") or "")
    return (
        f'<figure class="aicollab-chart room-poll-chart" tabindex="0" aria-label="{text(title or description or "Chart")}">'
        f'<div class="aicollab-vega" role="presentation"></div>'
        f'<figcaption class="aicollab-caption">{text(description)}</figcaption>'
        f"{json_block(spec, 'room-poll-spec')}</figure>"
    )


def _counts(result: poll.PollResult) -> str:
    s = result.submissions
    return (
        f"<p class='room-poll-counts'><strong>{result.n}</strong> learner{'s' if result.n != 1 else ''} "
        f"have sent answers: {int((s['n_weights'] > 0).sum())} gave weights, "
        f"{int((s['n_ranked'] > 0).sum())} ranked the barriers, "
        f"{int((s['n_capstone'] > 0).sum())} answered the capstone.</p>"
    )


def names_line(rows: list[Row]) -> str:
    """Who chose to show their name to the room (everyone else is counted, not named)."""
    named = sorted(row.document["name"] for row in rows if row.document.get("name"))
    anonymous = len(rows) - len(named)
    if not named:
        return f"<p>{anonymous} answered without showing their name.</p>" if rows else ""
    return f"<p>Showing their names: {text(', '.join(named))}. {anonymous} answered without showing their name.</p>"


def capstone_tally(result: poll.PollResult) -> pd.DataFrame:
    """question, answer, learners: how many learners gave each capstone answer."""
    c = result.capstone
    if c.empty:
        return pd.DataFrame(columns=["question", "answer", "learners"])
    tally = c.groupby(["question", "answer"]).size().rename("learners").reset_index()
    return tally.sort_values(["question", "learners", "answer"], ascending=[True, False, True], kind="stable")


def room_sections(result: poll.PollResult, rows: list[Row]) -> str:
    """The room's answers: counts, who showed their name, both charts, the tables, the capstone."""
    parts = [_counts(result), names_line(rows)]
    parts += [
        '<section aria-labelledby="room-poll-weights"><h2 id="room-poll-weights">How this room weighs each resource</h2>',
        "<p>Each tick is one learner's weight for a resource, as a share of that learner's total; the "
        "diamond is the room's median.</p>",
        chart(poll.weights_chart(result).to_dict()),
        table(
            poll.weight_summary(result),
            [
                ("resource", "Resource"),
                ("learners", "Learners"),
                ("median_share", "Median share (%)"),
                ("min_share", "Lowest (%)"),
                ("max_share", "Highest (%)"),
            ],
            "Weights: each resource's share of a learner's total",
        ),
        "</section>",
        '<section aria-labelledby="room-poll-barriers"><h2 id="room-poll-barriers">Barriers: this room beside '
        "the survey</h2>",
        "<p>The room's figure is the share who put a barrier in their top three; the survey's is the share "
        "who ticked it (Tables 3 and 9). Compare the order, not the length of the bars.</p>",
        chart(poll.barriers_chart(result).to_dict()),
        table(
            poll.barrier_comparison(result),
            [("label", "Barrier"), ("who", "Who"), ("percent", "Percent"), ("n", "n"), ("mean_rank", "Mean rank")],
            "Barriers: the room beside the survey",
        ),
        table(
            poll.room_borda(result),
            [
                ("rank", "Rank"),
                ("label", "Barrier"),
                ("points", "Points"),
                ("mentions", "Mentions"),
                ("first", "First"),
            ],
            "The room's rankings combined (Borda count, as in lesson 3)",
        ),
        "</section>",
        '<section aria-labelledby="room-poll-capstone"><h2 id="room-poll-capstone">Capstone choices</h2>',
        table(
            capstone_tally(result),
            [("question", "Question"), ("answer", "Answer"), ("learners", "Learners")],
            "How many learners gave each capstone answer",
        ),
        "</section>",
    ]
    return "".join(parts)


def left_out(result: poll.PollResult) -> str:
    """For the instructor: single values the room's rules left out (no learner named)."""
    rejected = result.rejected
    if rejected.empty:
        return ""
    return (
        '<section aria-labelledby="room-poll-left-out"><h2 id="room-poll-left-out">Single values left out</h2>'
        + table(rejected, [("field", "Part"), ("entry", "Value"), ("reason", "Why")], "Values that were not counted")
        + "</section>"
    )


def mine(row: Row | None, user: str) -> str:
    """A learner's own current answers, and what was left out of them."""
    if row is None:
        return (
            f"<p>Signed in as <strong>{text(user)}</strong>. You have not sent answers yet: press "
            "<em>Send to the room</em> in a lesson.</p>"
        )
    d = row.document
    shown = "your hub name is shown with them" if d.get("name") else "your name is not shown to the room"
    parts = [
        f"<p>Signed in as <strong>{text(user)}</strong>. The room has your answers from "
        f"<time datetime='{text(row.received)}'>{text(row.received[:19].replace('T', ' '))} UTC</time> "
        f"({shown}; sent {row.versions} time{'s' if row.versions != 1 else ''}, the newest counts).</p>",
    ]
    weights = pd.DataFrame(sorted(d.get("weights", {}).items()), columns=["resource", "weight"])
    parts.append(table(weights, [("resource", "Resource"), ("weight", "Weight")], "Your weights"))
    ranking = pd.DataFrame(
        {"rank": range(1, len(d.get("barrier_ranking", [])) + 1), "barrier": d.get("barrier_ranking", [])}
    )
    parts.append(table(ranking, [("rank", "Rank"), ("barrier", "Barrier")], "Your barrier ranking"))
    capstone = pd.DataFrame(sorted(d.get("capstone", {}).items()), columns=["question", "answer"])
    parts.append(table(capstone, [("question", "Question"), ("answer", "Answer")], "Your capstone answers"))
    if row.notes:
        notes = pd.DataFrame(row.notes, columns=["field", "entry", "reason"])
        parts.append(table(notes, [("field", "Part"), ("entry", "Value"), ("reason", "Why")], "Left out or changed"))
    return "".join(parts)


def document(title: str, body: str, prefix: str, *, refresh: str) -> str:
    """A whole page: the kit's stylesheet, the Vega bundle and the page script from ``prefix``static/."""
    static = html.escape(prefix + "static/", quote=True)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title>"
        f'<link rel="stylesheet" href="{static}room-poll-page.css">'
        f'<script src="{static}vega-bundle.js" defer></script>'
        f'<script src="{static}room-poll-page.js" defer></script>'
        f'</head><body data-refresh="{text(refresh)}"><main id="main">{body}</main></body></html>'
    )
