"""Lesson 3's kernel-free ranking form: rank the barriers in the browser, save a room-poll file.

It needs no Python kernel: the survey's ranks come from :mod:`aicollab.lessons.barriers` as
JSON, and a browser test requires the form's table to equal
:func:`aicollab.lessons.barriers.compare_ranking` for the same ranking.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from aicollab.lessons import barriers
from aicollab.poll.fileformat import FORMAT_VERSION, KIT_MARKER

from .render import HtmlOutput, tool_html

__all__ = ["ranking_form_config", "static_ranking_form"]


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
    ranks, and can save a room-poll file (:mod:`aicollab.poll` reads it). The output holds the
    form's data and the kit's bootstrap; ``kit.js`` runs it with ``static/ranking-form.js``
    (no network needed). The output is deterministic, for nbval.
    """
    markup = tool_html(
        "ranking",
        '<p class="aicollab-ranking-loading aicollab-status">Loading the ranking form (it runs in your browser)...</p>',
        config=ranking_form_config(start, mapping, survey),
        attrs='class="aicollab-ranking"',
    )
    return HtmlOutput(markup, "Barrier ranking form (runs in the browser)")
