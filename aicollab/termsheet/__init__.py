"""A term-sheet builder for a healthcare-AI partnership (the capstone lesson).

A *term sheet* is the short, plain list of headline terms partners agree before lawyers
write the contract. This module lets a learner draft one and checks the draft against the
recommendations of the kit's sources:

* :class:`TermSheet`: the draft, with every field validated (a bad value raises
  ``ValueError`` with a message that says what is wrong and what is allowed);
* :func:`check`: one row per check, each with a severity, a plain message and the
  bibliography key of the source behind it (keys are in ``book/references.bib``); the checks,
  the draft's rules and every message are data in ``rulebook.json``, which Python
  (:mod:`~aicollab.termsheet.rulebook`) and the book's form (``termsheet-rules.js``) both interpret;
* :func:`summary_html` / :func:`save_summary`: a one-page, printable HTML summary with its
  styles inline and no link to any other site, so it can be saved, e-mailed or printed;
* :class:`TermSheetForm`: the JupyterLab form (ipywidgets), with "Check my draft" and
  "Save summary" buttons;
* :func:`example_term_sheet`: two ILLUSTRATIVE drafts (a first draft and a revision) for
  the static book.

What the checks rest on (only verified items of the kit's research notes are used):

* Department of Health and Social Care principles for data partnerships (2019), including
  the request that NHS trusts grant no exclusivity over their data (``dhsc2019principles``);
* NHS England's Value Sharing Framework (``nhse2023vsf``), its practical applications
  (``nhse2023vsfpractical``) and its guide to effective data partnerships, which asks for
  foreground IP to be settled at the start and describes three ways to give access to data
  (``nhse2023guide``);
* Foundations of Fairness, public deliberation on NHS data partnerships (``upd2020fairness``);
* the survey of clinicians and researchers by Ye, Ma and Abuhashish (``ye2026collaborations``);
* Alami et al. (2025), whose second theme is that clinicians' essential contributions lack
  institutional and commercial recognition (``alami2025conflicts``);
* Grootjans et al. (2025) on co-creation, whose framework helps partners monitor and steer their
  collaboration (``grootjans2025cocreate``);
* ICMJE authorship criteria (``icmje``) and CRediT contributor roles (``credit2022``).

The English frameworks are used as worked examples of public guidance; partnerships
elsewhere follow their own law and policy. Nothing here is legal advice.
"""

from .checker import CHECKS, MESSAGES, check
from .draft import DRAFT_KIT, DRAFT_VERSION, TermSheet, shares_from_rule
from .examples import example_term_sheet
from .files import load_draft, read_draft, save_draft, save_summary
from .form import TermSheetForm
from .menus import (
    CLINICIAN_CREDIT,
    CREDIT_ROLES,
    DATA_ACCESS,
    FLAG_LABELS,
    FOREGROUND_IP,
    INSTRUMENTS,
    MONEY_INSTRUMENTS,
    PUBLIC_COMMUNICATION,
    PURPOSES,
    ROLES,
    SECTIONS,
    SEVERITIES,
    SHARE_TOLERANCE,
    SOURCES,
    VALUE_RULES,
    infer_role,
)
from .poll_answers import POLL_RULE_ANSWERS, export_for_poll, poll_choices
from .static_form import FORM_SCRIPT, form_config, static_form
from .summary import compare_drafts, findings_html, show_findings, summary_html, summary_preview

__all__ = [
    "ROLES",
    "PURPOSES",
    "DATA_ACCESS",
    "FOREGROUND_IP",
    "VALUE_RULES",
    "INSTRUMENTS",
    "MONEY_INSTRUMENTS",
    "CLINICIAN_CREDIT",
    "CREDIT_ROLES",
    "PUBLIC_COMMUNICATION",
    "SEVERITIES",
    "SECTIONS",
    "SOURCES",
    "SHARE_TOLERANCE",
    "MESSAGES",
    "CHECKS",
    "infer_role",
    "shares_from_rule",
    "DRAFT_KIT",
    "DRAFT_VERSION",
    "TermSheet",
    "check",
    "findings_html",
    "summary_html",
    "save_summary",
    "example_term_sheet",
    "poll_choices",
    "TermSheetForm",
]
__all__ += [
    "save_draft",
    "load_draft",
    "read_draft",
    "show_findings",
    "summary_preview",
    "compare_drafts",
    "POLL_RULE_ANSWERS",
    "export_for_poll",
    "FORM_SCRIPT",
    "FLAG_LABELS",
    "form_config",
    "static_form",
]
