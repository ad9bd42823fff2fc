"""The term-sheet form that needs no Python kernel (the book's counterpart of the JupyterLab form)."""

from __future__ import annotations

from dataclasses import fields

from aicollab.display.render import HtmlOutput, script_json, tool_html

from .checker import CHECKS, MESSAGES
from .draft import _PARTNER_KEYS, DRAFT_KIT, DRAFT_VERSION, TermSheet
from .examples import example_term_sheet
from .menus import (
    _DEFAULT_PARTNERS,
    _MAX_PARTNERS,
    _MAX_TEXT,
    _ROLE_WORDS,
    _RULE_NAMES,
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
    SEVERITIES,
    SHARE_TOLERANCE,
    SOURCES,
    VALUE_RULES,
)
from .poll_answers import _POLL_QUESTIONS, POLL_RULE_ANSWERS
from .summary import _BADGE, _CSS, _ICON

# --------------------------------------------------------------------------------------
# The kernel-free form (the static book, and JupyterLab without a running kernel)
# --------------------------------------------------------------------------------------

#: The vendored script that runs the kernel-free form (in ``aicollab/display/static/``; the
#: kit's ``kit.js`` loads it where a form is shown).
FORM_SCRIPT = "termsheet-form.js"


def form_config(start: TermSheet | None = None) -> dict:
    """Everything the kernel-free form needs, as JSON-ready data (the single source of its words).

    ``start`` is the draft the form opens with (default: the illustrative first draft).
    Menus are lists of ``[key, label]`` pairs so their order survives JSON; messages, check
    areas and sources, severities, colours and the printable summary's CSS are the ones
    :func:`check` and :func:`summary_html` use.
    """
    start = example_term_sheet("first draft") if start is None else start
    if not isinstance(start, TermSheet):
        raise ValueError(
            "form_config() expects a TermSheet to start from (or nothing, for the illustrative first draft)"
        )
    pairs = lambda m: [[k, v] for k, v in m.items()]  # noqa: E731
    from aicollab.poll import FORMAT_VERSION, KIT_MARKER

    blank = TermSheet(title="My partnership")
    return {
        "menus": {
            "roles": pairs(ROLES),
            "purposes": pairs(PURPOSES),
            "data_access": pairs(DATA_ACCESS),
            "foreground_ip": pairs(FOREGROUND_IP),
            "value_rules": pairs(VALUE_RULES),
            "instruments": pairs(INSTRUMENTS),
            "clinician_credit": pairs(CLINICIAN_CREDIT),
            "public_communication": pairs(PUBLIC_COMMUNICATION),
        },
        "money_instruments": list(MONEY_INSTRUMENTS),
        "credit_roles": list(CREDIT_ROLES),
        "severities": pairs(SEVERITIES),
        "sources": dict(SOURCES),
        "rule_names": dict(_RULE_NAMES),
        "messages": MESSAGES,
        "checks": {k: list(v) for k, v in CHECKS.items()},
        "badge": dict(_BADGE),
        "icon": dict(_ICON),
        "css": _CSS,
        "share_tolerance": SHARE_TOLERANCE,
        "max_partners": _MAX_PARTNERS,
        "max_text": _MAX_TEXT,
        "role_words": [[role, list(words)] for role, words in _ROLE_WORDS],
        "flag_fields": list(FLAG_LABELS),
        "flag_labels": pairs(FLAG_LABELS),
        "draft_kit": DRAFT_KIT,
        "draft_version": DRAFT_VERSION,
        "draft_fields": [
            f.name for f in fields(TermSheet) if f.name not in ("shares", "background_ip", "credit_roles")
        ],
        "partner_keys": list(_PARTNER_KEYS),
        "defaults": {
            "title": TermSheet.title,
            "partner_names": list(_DEFAULT_PARTNERS),
            "purpose": TermSheet.purpose,
            "data_access": TermSheet.data_access,
            "foreground_ip": TermSheet.foreground_ip,
            "value_rule": TermSheet.value_rule,
        },
        "start": start.to_dict(),
        "blank": blank.to_dict(),
        "poll": {
            "kit": KIT_MARKER,
            "version": FORMAT_VERSION,
            "rule_answers": dict(POLL_RULE_ANSWERS),
            "questions": dict(_POLL_QUESTIONS),
        },
    }


def static_form(start: TermSheet | None = None) -> HtmlOutput:
    """The term-sheet form that needs no Python kernel (display it as a cell's last line).

    It is the book's counterpart of :class:`TermSheetForm`: the same fields, the same checks
    in the same words (computed in the browser by ``aicollab/display/static/termsheet-form.js`` from
    :func:`form_config`), a printable summary to download or print, the draft as a JSON file
    (:meth:`TermSheet.from_dict` reads it) and the room-poll file. The output is deterministic
    (no random ids), so nbval can compare it.
    """
    markup = tool_html(
        "termsheet",
        '<p class="aicollab-tsform-loading aicollab-status">Loading the term-sheet form (it runs in your browser; '
        "nothing is sent anywhere)...</p>"
        "<noscript><p>The term-sheet form needs JavaScript. The filled example above and its findings work without it."
        "</p></noscript>"
        # termsheet-form.js reads its settings from this element (kit.js loads the script).
        f'<script type="application/json" class="aicollab-tsform-config">{script_json(form_config(start))}</script>',
        attrs='class="aicollab-tsform"',
    )
    title = (start or example_term_sheet("first draft")).title
    return HtmlOutput(markup, f"Term-sheet form (runs in the browser), starting from {title!r}")
