"""Lesson 3's kernel-free ranking form: rank the barriers in the browser, save a room-poll file.

It needs no Python kernel: the survey's ranks come from :mod:`aicollab.lessons.barriers` as
JSON, and a browser test requires the form's table to equal
:func:`aicollab.lessons.barriers.compare_ranking` for the same ranking.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from aicollab.lessons import barriers
from aicollab.poll.fileformat import FORMAT_VERSION, KIT_MARKER

from .render import FILES_SCRIPT, HtmlOutput, inline_script

__all__ = ["ranking_form_config", "static_ranking_form"]

_RANKING_SCRIPT = "ranking-form.js"

_RANKING_CSS = """
.aicollab-ranking { background: #fff; color: #111; color-scheme: light; padding: 0.5rem 0.7rem; border-radius: 4px; margin: 0.5rem 0 1rem 0; }
.aicollab-ranking fieldset { border: 1px solid #8a8a8a; border-radius: 4px; padding: 0.4rem 0.8rem; margin: 0; }
.aicollab-ranking legend { font-weight: 700; font-size: 1rem; padding: 0 0.3rem; width: auto; float: none; margin: 0; color: #111; }
.aicollab-ranking-row { display: flex; gap: 0.6rem; align-items: center; margin: 0.2rem 0; }
.aicollab-ranking-row label { color: #111; }
.aicollab-ranking select { font: inherit; color: #111; background: #fff; border: 1px solid #6b6b6b; border-radius: 3px; min-width: 7.5rem; }
.aicollab-ranking-buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0; }
.aicollab-ranking button { font: inherit; font-size: 0.9rem; padding: 0.3rem 0.7rem; border: 1px solid #005A8C; border-radius: 4px; background: #fff; color: #004C76; cursor: pointer; }
.aicollab-ranking button.aicollab-ranking-save { background: #005A8C; color: #fff; font-weight: 700; }
.aicollab-ranking button:focus-visible, .aicollab-ranking select:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
.aicollab-ranking-alert { color: #A33A00; margin: 0.3rem 0; }
.aicollab-ranking-status { color: #006B4F; margin: 0.3rem 0; }
.aicollab-ranking table { border-collapse: collapse; margin: 0.3rem 0; color: #111; }
.aicollab-ranking caption { text-align: left; font-size: 0.85rem; color: #333; }
.aicollab-ranking th, .aicollab-ranking td { border: 1px solid #bbb; padding: 0.15rem 0.4rem; text-align: left; color: #111; }
.aicollab-ranking thead th { background: #e8e8e8; }
""".strip()


def ranking_form_config(
    start: Sequence[str] = ("privacy_security", "workforce", "standards"),
    mapping=None,
    survey: pd.DataFrame | None = None,
) -> dict:
    """The data of the kernel-free ranking form: barriers, labels, the survey's ranks, a starting ranking.

    The ranks are those of :func:`aicollab.lessons.barriers.compare_groups` (``None`` where a group was not offered the
    barrier), so the form's table matches :func:`aicollab.lessons.barriers.compare_ranking` for any ranking.
    """
    names = barriers.check_ranking(list(start)) if start else []
    wide = barriers.compare_groups(mapping, survey)

    def rank(v):
        return None if pd.isna(v) else int(v)

    return {
        "barriers": [
            {
                "key": r.barrier,
                "label": r.label,
                "clinicians_rank": rank(r.clinicians_rank),
                "researchers_rank": rank(r.researchers_rank),
            }
            for r in wide.itertuples()
        ],
        "start": names,
        "poll": {"kit": KIT_MARKER, "version": FORMAT_VERSION},
    }


def static_ranking_form(
    start: Sequence[str] = ("privacy_security", "workforce", "standards"),
    mapping=None,
    survey: pd.DataFrame | None = None,
) -> HtmlOutput:
    """Rank the barriers without a Python kernel (display it as a cell's last line).

    The book's counterpart of editing ``my_ranking`` and calling :func:`aicollab.lessons.barriers.compare_ranking` plus
    the room-poll button: the learner gives barriers a rank, sees them beside the survey's
    ranks, and can save a room-poll file (:mod:`aicollab.poll` reads it). The script
    (``aicollab/display/static/ranking-form.js``) is written into the output, so it needs no server
    and no network; the output is deterministic, for nbval.
    """
    cfg = json.dumps(
        ranking_form_config(start, mapping, survey), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).replace("</", "<\\/")
    markup = (
        inline_script(FILES_SCRIPT) + f'<div class="aicollab-ranking"><style>{_RANKING_CSS}</style>'
        '<p class="aicollab-ranking-loading">Loading the ranking form (it runs in your browser)...</p>'
        f'<script type="application/json" class="aicollab-ranking-config">{cfg}</script></div>'
        + inline_script(_RANKING_SCRIPT)
    )
    return HtmlOutput(markup, "Barrier ranking form (runs in the browser)")
