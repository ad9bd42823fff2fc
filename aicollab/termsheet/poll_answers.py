"""A term sheet's answers for the room poll (what the instructor's notebook counts)."""

from __future__ import annotations

from aicollab.model.rules import TERM_SHEET_RULES, labels

from .draft import TermSheet
from .menus import (
    CLINICIAN_CREDIT,
    DATA_ACCESS,
    FOREGROUND_IP,
    INSTRUMENTS,
    PUBLIC_COMMUNICATION,
)
from .rulebook import add_left_to_right, one_decimal

#: How each rule is named in the room poll (the instructor's notebook counts these answers).
POLL_RULE_ANSWERS: dict[str, str] = labels(TERM_SHEET_RULES, "poll_answer")


#: The room-poll questions of the capstone (the first two are tallied by the instructor's notebook).
_POLL_QUESTIONS: dict[str, str] = {
    "rule": "Which sharing rule would you propose?",
    "share": "Share for the clinicians (%)",
    "access": "How partners reach the data",
    "ip": "Who owns new (foreground) IP",
    "instruments": "Value-sharing instruments",
    "credit": "Credit for clinicians",
    "committee": "Joint steering committee",
    "public": "Telling patients and the public",
}


def poll_choices(term_sheet: TermSheet) -> dict[str, object]:
    """The learner's headline capstone choices as ``{question: answer}`` for the room poll.

    The format is the one :func:`aicollab.poll.export_choices` takes as ``capstone=``:
    questions are short text, answers are text, a number, yes/no or a list. The first two
    questions match the ones the instructor's room-poll notebook tallies ("Which sharing
    rule would you propose?" and "Share for the clinicians (%)"); the share is left out
    when clinicians are not a separate partner.
    """
    ts = term_sheet
    if not isinstance(ts, TermSheet):
        raise ValueError("poll_choices() expects a TermSheet")
    clin = ts.partners_with_role("clinicians")
    q = _POLL_QUESTIONS
    out: dict[str, object] = {q["rule"]: POLL_RULE_ANSWERS[ts.value_rule]}
    if clin:
        out[q["share"]] = float(one_decimal(add_left_to_right(ts.shares[n] for n in clin)))
    out.update(
        {
            q["access"]: DATA_ACCESS[ts.data_access],
            q["ip"]: FOREGROUND_IP[ts.foreground_ip],
            q["instruments"]: [INSTRUMENTS[k] for k in ts.instruments],
            q["credit"]: [CLINICIAN_CREDIT[k] for k in ts.clinician_credit],
            q["committee"]: ts.steering_committee,
            q["public"]: [PUBLIC_COMMUNICATION[k] for k in ts.public_communication],
        }
    )
    return out


def export_for_poll(term_sheet: TermSheet, path=None, name: str | None = None):
    """Save the capstone choices for the room poll (:func:`aicollab.poll.export_choices`).

    Returns the path of the small JSON file written (by default in the current folder).
    """
    from aicollab.poll import export_choices

    return export_choices(capstone=poll_choices(term_sheet), name=name, path=path)
