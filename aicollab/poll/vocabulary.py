"""The names a room-poll file may use: the kit's barriers and resources.

A ranking names the kit's ten shared barriers of lesson 3 (:mod:`aicollab.lessons.barriers`),
by name, label or the survey's own wording; weights name the value model's resources (any
other resource name is accepted and marked unknown).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from aicollab.inputs import comparison_key

# Resources the value lessons use; any other resource name is still accepted (marked unknown).
_FALLBACK_RESOURCES = (
    "Image data sharing",
    "Clinical information",
    "Image data labelling",
    "Clinical needs and issues",
    "AI product feedback",
    "Algorithm development",
    "Engineering and compute",
    "Funding",
    "Regulatory and clinical validation",
)


def _key(text: str) -> str:
    """Matching key (:func:`aicollab.inputs.comparison_key`): case, width, spacing and invisible
    characters ignored, so "Funding", "FUNDING" and "Fun\u200bding" are one resource."""
    return comparison_key(str(text))


@lru_cache(maxsize=1)
def _survey_barrier_rows() -> pd.DataFrame:
    from aicollab.lessons import barriers as B

    tax = B.taxonomy()
    ranked = tax[tax["role"] == "ranked"]
    return pd.DataFrame(
        {
            "barrier": ranked["barrier"].astype(str).to_numpy(),
            "label": ranked["label"].astype(str).to_numpy(),
            "group": ranked["group"].astype(str).to_numpy(),
            "table": ranked["table"].astype("int64").to_numpy(),
            "item": [" ".join(str(i).split()) for i in ranked["item"]],
            "percent": ranked["percent"].astype("float64").to_numpy(),
            "base_n": ranked["base_n"].astype("int64").to_numpy(),
        }
    )


def survey_barriers() -> pd.DataFrame:
    """The survey's figures for the kit's barriers, one row per barrier and group.

    Clinicians' perceived problems (Table 3, n = 5,142) and researchers' challenges
    (Table 9, n = 120), each option mapped to one of the kit's ten shared barriers as in
    lesson 3 (:mod:`aicollab.lessons.barriers`). Columns: barrier, label, group, table, item,
    percent, base_n. Both questions let respondents tick every answer that applied.
    """
    return _survey_barrier_rows().copy()


def barrier_names() -> list[str]:
    """The barrier names a ranking uses: the kit's ten shared barriers (lesson 3), e.g. 'legal'."""
    from aicollab.lessons import barriers as B

    return list(B.BARRIERS)


def barrier_labels() -> dict[str, str]:
    """Readable label of each barrier name, e.g. 'legal' -> 'Legal guidelines and responsibility'."""
    from aicollab.lessons import barriers as B

    return dict(B.BARRIER_LABELS)


@lru_cache(maxsize=1)
def _barrier_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(matching key -> barrier name, matching key -> survey option left out of the barriers)."""
    from aicollab.lessons import barriers as B

    lookup: dict[str, str] = {}
    for b in B.BARRIERS:
        for spelling in (b, b.replace("_", " "), B.BARRIER_LABELS[b]):
            lookup[_key(spelling)] = b
    for row in _survey_barrier_rows().itertuples():
        lookup.setdefault(_key(row.item), row.barrier)  # the survey's own wording also works
    left_out: dict[str, str] = {}
    try:
        from aicollab.data import load_survey

        survey = load_survey()
        for row in survey[survey["row_id"].isin(list(B.UNMAPPED))].itertuples():
            left_out[_key(row.item)] = " ".join(str(row.item).split())
    except (ImportError, KeyError, AttributeError):
        pass
    return lookup, left_out


def known_resources() -> list[str]:
    """Resource names the lessons use (the value model's defaults when it is installed)."""
    names = list(_FALLBACK_RESOURCES)
    try:
        from aicollab.model import DEFAULT_RESOURCES
    except ImportError:
        return names
    for r in DEFAULT_RESOURCES:
        if _key(r) not in {_key(n) for n in names}:
            names.append(r)
    return names
