"""The term-sheet form that needs no Python kernel (the book's counterpart of the JupyterLab form)."""

from __future__ import annotations

import json

from aicollab.display.render import HtmlOutput
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

#: The vendored script that runs the kernel-free form (in ``aicollab/display/static/``).
FORM_SCRIPT = "termsheet-form.js"


_FORM_CSS = """
.aicollab-tsform { margin: 0.5rem 0 1rem 0; background: #fff; color: #111; color-scheme: light; padding: 0.5rem 0.7rem; border-radius: 4px; }
.aicollab-tsf { font-size: 0.95rem; max-width: 62rem; }
.aicollab-tsf-group { border: 1px solid #8a8a8a; border-radius: 4px; padding: 0.4rem 0.8rem 0.6rem 0.8rem; margin: 0 0 0.7rem 0; }
.aicollab-tsf-group legend { font-weight: 700; padding: 0 0.3rem; width: auto; float: none; font-size: 1rem; margin: 0; color: #111; }
.aicollab-tsf-field { margin: 0.35rem 0; }
.aicollab-tsf-field > label { display: block; font-weight: 600; margin-bottom: 0.1rem; }
.aicollab-tsf input[type=text], .aicollab-tsf textarea, .aicollab-tsf select { width: 100%; max-width: 46rem; box-sizing: border-box; font: inherit; padding: 0.2rem 0.3rem; border: 1px solid #6b6b6b; border-radius: 3px; color: #111; background: #fff; }
.aicollab-tsf select option { color: #111; background: #fff; }
.aicollab-tsf-partners td input[type=text], .aicollab-tsf-partners td select { max-width: none; }
.aicollab-tsf-partners input[name=share] { width: 5.5rem; }
.aicollab-tsf-scroll { overflow-x: auto; }
.aicollab-tsf-partners { border-collapse: collapse; width: 100%; min-width: 40rem; }
.aicollab-tsf-partners caption { text-align: left; font-size: 0.85rem; padding: 0.1rem 0; color: #333; }
.aicollab-tsf-partners th, .aicollab-tsf-hint, .aicollab-tsf label { color: #111; }
.aicollab-tsf label.aicollab-tsf-button { color: #004C76; }
.aicollab-tsf-partners th, .aicollab-tsf-partners td { padding: 0.15rem 0.25rem; text-align: left; vertical-align: middle; border-bottom: 1px solid #c8c8c8; }
.aicollab-tsf-check { margin: 0.2rem 0; display: flex; gap: 0.45rem; align-items: flex-start; }
.aicollab-tsf-check input { margin-top: 0.25rem; flex: none; }
.aicollab-tsf-hint { font-size: 0.85rem; margin: 0.1rem 0 0 0; opacity: 0.9; }
.aicollab-tsf-total { font-weight: 600; margin: 0.3rem 0; }
.aicollab-tsf-total.is-ok { color: #006B4F; }
.aicollab-tsf-total.is-off { color: #A33A00; }
.aicollab-tsf-buttons, .aicollab-tsf-actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0; align-items: center; }
.aicollab-tsf-button { font: inherit; font-size: 0.9rem; padding: 0.3rem 0.7rem; border: 1px solid #005A8C; border-radius: 4px; background: #fff; color: #004C76; cursor: pointer; display: inline-block; }
.aicollab-tsf-button.is-primary { background: #005A8C; color: #fff; font-weight: 700; }
.aicollab-tsf-button:disabled { border-color: #8a8a8a; color: #595959; cursor: not-allowed; }
.aicollab-tsf-button:focus-visible, .aicollab-tsf input:focus-visible, .aicollab-tsf select:focus-visible, .aicollab-tsf textarea:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
.aicollab-tsf-file { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.aicollab-tsf-file:focus-visible + .aicollab-tsf-filelabel { outline: 3px solid #E69F00; outline-offset: 1px; }
.aicollab-tsf-alert p { color: #A33A00; margin: 0.4rem 0; }
.aicollab-tsf-message { margin: 0.4rem 0; color: #006B4F; }
.aicollab-tsf [aria-invalid=true] { border: 2px solid #A33A00; }
.aicollab-tsf .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
""".strip()


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
        "form_css": _FORM_CSS,
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


_LOADER = """(function () {
  var s = document.currentScript, box = s && s.previousElementSibling;
  if (!box) { return; }
  if (window.aicollabTermSheet) { window.aicollabTermSheet.mountAll(); return; }
  var note = box.querySelector(".aicollab-tsform-loading");
  // JupyterLab: the kit's server extension serves the script. The book: it sits in _static,
  // next to the kit's a11y-fixes.js, which every page loads.
  var config = document.getElementById("jupyter-config-data"), src = null;
  if (config) {
    try { src = (JSON.parse(config.textContent).baseUrl || "/").replace(/\\/?$/, "/") + "%(route)s%(script)s"; }
    catch (e) { src = null; }
  } else {
    var known = document.querySelector('script[src*="a11y-fixes.js"]');
    if (known) { src = known.src.replace(/a11y-fixes\\.js(\\?.*)?$/, "%(script)s"); }
  }
  if (!src) { note.textContent = "The form's script is missing from this page: reload the page."; return; }
  var tag = document.createElement("script");
  tag.src = src;
  tag.onerror = function () {
    note.textContent = config ? "The form's script could not be loaded from this Jupyter server. Run the kit's set-up "
      + "command (it enables the aicollab server extension) and restart JupyterLab, or use the live form below."
      : "The form's script could not be loaded: reload the page.";
  };
  document.head.appendChild(tag);
})();"""


def static_form(start: TermSheet | None = None) -> HtmlOutput:
    """The term-sheet form that needs no Python kernel (display it as a cell's last line).

    It is the book's counterpart of :class:`TermSheetForm`: the same fields, the same checks
    in the same words (computed in the browser by ``aicollab/display/static/termsheet-form.js`` from
    :func:`form_config`), a printable summary to download or print, the draft as a JSON file
    (:meth:`TermSheet.from_dict` reads it) and the room-poll file. The output is deterministic
    (no random ids), so nbval can compare it.
    """
    from aicollab.display.render import FILES_SCRIPT, STATIC_ROUTE, inline_script

    cfg = json.dumps(form_config(start), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    cfg = cfg.replace("</", "<\\/")
    loader = _LOADER % {"route": STATIC_ROUTE, "script": FORM_SCRIPT}
    markup = (
        inline_script(FILES_SCRIPT) + f'<div class="aicollab-tsform"><style>{_FORM_CSS}</style>'
        '<p class="aicollab-tsform-loading">Loading the term-sheet form (it runs in your browser; nothing is sent '
        "anywhere)...</p>"
        "<noscript><p>The term-sheet form needs JavaScript. The filled example above and its findings work without it."
        "</p></noscript>"
        f'<script type="application/json" class="aicollab-tsform-config">{cfg}</script></div>'
        f"<script>{loader}</script>"
    )
    title = (start or example_term_sheet("first draft")).title
    return HtmlOutput(markup, f"Term-sheet form (runs in the browser), starting from {title!r}")
