"""Lesson 3's partnership-versus-policy table: which barriers an agreement can address.

The table is the kit's own teaching suggestion to start a discussion, not a finding of the
survey; the barrier names and labels are those of :mod:`aicollab.lessons.barriers`.
"""

from __future__ import annotations

import pandas as pd

from .barriers import BARRIER_LABELS

__all__ = ["partnership_levers"]

_LEVERS: tuple[tuple[str, str, str, str], ...] = (
    (
        "standards",
        "both",
        "Agree shared data formats, labelling rules and how results are reported within the project.",
        "Sector-wide technical and reporting standards come from standards bodies and regulators.",
    ),
    (
        "legal",
        "policy",
        "Set out who is responsible for what (sign-off, incident handling) among the partners.",
        "Rules on clinical use and liability of AI products are set by law and regulators.",
    ),
    (
        "knowledge",
        "partnership",
        "Fund training, pair clinicians with engineers, run joint workshops.",
        "Curricula and professional education standards, for scale.",
    ),
    (
        "credibility",
        "both",
        "Require local validation before use and publish results, good or bad.",
        "Approval and post-market surveillance of AI products.",
    ),
    (
        "workforce",
        "both",
        "Budget protected time and backfill for the clinicians who take part.",
        "Workforce planning and posts for clinical informatics.",
    ),
    (
        "privacy_security",
        "both",
        "Data governance: de-identification, access control, a secure environment, an audit trail.",
        "Data-protection law and national rules on secondary use of health data set the floor.",
    ),
    (
        "data_access",
        "partnership",
        "A data-sharing agreement naming which data, for what purpose, with what annotation support.",
        "National data infrastructure and interoperability standards.",
    ),
    (
        "collaboration",
        "partnership",
        "Roles, meetings, a named contact on each side, a dispute route.",
        "Platforms and incentives that bring partners together.",
    ),
    (
        "funding",
        "both",
        "Who pays for what, and how any value is shared back.",
        "Research funding schemes and payment for AI-supported care.",
    ),
    (
        "translation",
        "both",
        "Agree intellectual property and the route from prototype to product at the start.",
        "Technology-transfer offices and regulatory pathways.",
    ),
)


def partnership_levers() -> pd.DataFrame:
    """For each barrier: whether a partnership agreement, policy, or both can address it.

    This is the kit's own suggestion to start a discussion, not a finding of the survey.
    Columns: barrier, label, mainly (partnership, policy or both), agreement_can, needs_policy.
    """
    out = pd.DataFrame(_LEVERS, columns=["barrier", "mainly", "agreement_can", "needs_policy"])
    out.insert(1, "label", out["barrier"].map(BARRIER_LABELS))
    return out
