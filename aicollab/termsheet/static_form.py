"""The term-sheet form that needs no Python kernel (the book's counterpart of the JupyterLab form)."""

from __future__ import annotations

from aicollab.display.render import HtmlOutput, script_json, tool_html
from aicollab.inputs import browser_rules

from .checker import TABLES
from .draft import TermSheet
from .examples import example_term_sheet
from .menus import _DEFAULT_PARTNERS, _ROLE_WORDS, CREDIT_ROLES, FLAG_LABELS, MENUS
from .poll_answers import _POLL_QUESTIONS, POLL_RULE_ANSWERS
from .rulebook import RULEBOOK
from .summary import _BADGE, _CSS, _ICON

# --------------------------------------------------------------------------------------
# The kernel-free form (the static book, and JupyterLab without a running kernel)
# --------------------------------------------------------------------------------------

#: The vendored script that runs the kernel-free form (in ``aicollab/display/static/``; the
#: kit's ``kit.js`` loads it where a form is shown).
FORM_SCRIPT = "termsheet-form.js"


#: Entries of rulebook.json that document it for people; the browser does not need them.
_DOCUMENTATION = ("about", "language", "numbers")


def _rules_for_the_browser() -> dict:
    """rulebook.json as the form receives it: everything but its documentation."""
    rules = {k: v for k, v in RULEBOOK.items() if k not in _DOCUMENTATION}
    for section in ("file", "text"):
        rules[section] = {k: v for k, v in RULEBOOK[section].items() if k != "about"}
    return rules


def form_config(start: TermSheet | None = None) -> dict:
    """Everything the kernel-free form needs, as JSON-ready data (the single source of its words).

    ``start`` is the draft the form opens with (default: the illustrative first draft).
    ``rulebook`` is ``rulebook.json`` itself, without its documentation (every check, draft
    rule and message, which the form's interpreter runs); ``inputs`` the kit's shared input
    rules (``aicollab.inputs.browser_rules()``: the draft format's limits and the character classes); ``tables`` the tables its ``label`` operation reads. Menus are
    lists of ``[key, label]`` pairs so their order survives JSON; colours and the printable
    summary's CSS are the ones :func:`summary_html` uses.
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
        "rulebook": _rules_for_the_browser(),
        "inputs": browser_rules(),
        "tables": TABLES,
        "menus": {name: pairs(menu) for name, menu in MENUS.items()},
        "credit_roles": list(CREDIT_ROLES),
        "badge": dict(_BADGE),
        "icon": dict(_ICON),
        "css": _CSS,
        "role_words": [[role, list(words)] for role, words in _ROLE_WORDS],
        "flag_fields": list(FLAG_LABELS),
        "flag_labels": pairs(FLAG_LABELS),
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
