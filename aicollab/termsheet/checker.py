"""Checking a draft against the recommendations of the kit's sources (:func:`check`).

The checks are data: ``rulebook.json`` holds each check's area, sources, cases and messages,
and :mod:`aicollab.termsheet.rulebook` interprets it. The book's kernel-free form interprets
the same file in the browser (``termsheet-rules.js``).
"""

from __future__ import annotations

import pandas as pd

from .draft import TermSheet
from .menus import _RULE_NAMES, SEVERITIES
from .rulebook import RULEBOOK, facts, run_checks

#: Every message a check can give, by check id and case (read from the rulebook).
MESSAGES: dict[str, dict[str, str]] = {c["id"]: dict(c["messages"]) for c in RULEBOOK["checks"]}

#: Area (summary section) and source key(s) of every check, by id (read from the rulebook).
CHECKS: dict[str, tuple[str, str]] = {c["id"]: (c["area"], ";".join(c["sources"])) for c in RULEBOOK["checks"]}

#: The tables the rulebook's ``label`` operation reads (the kit supplies them; so does the form).
TABLES: dict[str, dict[str, str]] = {"rule_names": dict(_RULE_NAMES)}


def check(term_sheet: TermSheet) -> pd.DataFrame:
    """Check a draft against the sources' recommendations; one row per check.

    Columns: ``id`` (e.g. "T05"), ``area`` (a summary section), ``severity`` ("high",
    "medium", "low" or "ok"), ``message`` (plain words: what is wrong and what to do, or
    what is fine) and ``source`` (bibliography key(s), ";"-separated). Rows are sorted by
    severity, most serious first. ``result.attrs["summary"]`` counts each severity.

    Which checks apply, which case each takes and its words are all in ``rulebook.json``.
    """
    if not isinstance(term_sheet, TermSheet):
        raise ValueError("check() expects a TermSheet; build one with TermSheet(title=..., partners=..., ...)")
    rows = run_checks(facts(term_sheet), TABLES)
    df = pd.DataFrame(rows, columns=["id", "area", "severity", "message", "source"])
    order = {k: i for i, k in enumerate(SEVERITIES)}
    df = df.sort_values(
        ["severity", "id"], key=lambda c: c.map(order) if c.name == "severity" else c, kind="stable"
    ).reset_index(drop=True)
    counts = df["severity"].value_counts()
    df.attrs["summary"] = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in SEVERITIES)
    return df
