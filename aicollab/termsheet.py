"""A term-sheet builder for a healthcare-AI partnership (the capstone lesson).

A *term sheet* is the short, plain list of headline terms partners agree before lawyers
write the contract. This module lets a learner draft one and checks the draft against the
recommendations of the kit's sources:

* :class:`TermSheet`: the draft, with every field validated (a bad value raises
  ``ValueError`` with a message that says what is wrong and what is allowed);
* :func:`check`: one row per check, each with a severity, a plain message and the
  bibliography key of the source behind it (keys are in ``book/references.bib``);
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
* the survey of clinicians and researchers by Ye, Ma and Abuhashish (``ye2026collaborations``;
  its preprint summary ``ye2025preprint`` mentions co-governance);
* Alami et al. (2025), whose second theme is that clinicians' essential contributions lack
  institutional and commercial recognition (``alami2025conflicts``);
* Grootjans et al. (2025) on co-creation (``grootjans2025cocreate``);
* ICMJE authorship criteria (``icmje``) and CRediT contributor roles (``credit2022``).

The English frameworks are used as worked examples of public guidance; partnerships
elsewhere follow their own law and policy. Nothing here is legal advice.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from .render import HtmlOutput

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

# --------------------------------------------------------------------------------------
# The menus a learner chooses from (key -> plain label)
# --------------------------------------------------------------------------------------

#: Kinds of partner. The role decides which checks apply (e.g. clinicians' recognition).
ROLES: dict[str, str] = {
    "clinicians": "Clinicians",
    "hospital": "Hospital or health system",
    "research": "Research institution",
    "company": "Company",
    "funder": "Funder",
    "patients": "Patients or the public",
    "other": "Other",
}

#: What the data will be used for (the NHS framework prices the two differently).
PURPOSES: dict[str, str] = {
    "commercial": "Commercial: a product or service will be sold",
    "non-commercial": "Non-commercial: research, audit or an open model",
}

#: The NHS England guide's three ways of giving a partner access to data, plus "not decided".
DATA_ACCESS: dict[str, str] = {
    "in_hospital": "Data stays in the hospital: hospital staff run the analyses and the partner sees aggregated results only",
    "secure_environment": "Secure data environment: the partner works on the data inside an environment the hospital controls",
    "pseudonymised_extract": "Pseudonymised extract: a de-identified copy of the data is handed to the partner",
    "undecided": "Not decided yet",
}

#: Who owns new (foreground) IP: the three usual outcomes, plus "to be agreed later".
FOREGROUND_IP: dict[str, str] = {
    "company_owns_licence_back": "The company owns new IP and licenses it back to the hospital for research and clinical use",
    "joint": "The partners own new IP jointly",
    "hospital_owns_licenses": "The hospital owns new IP and licenses it to the company",
    "undecided": "To be agreed later",
}

#: How the percentages were set (the first four are the rules of lesson 4).
VALUE_RULES: dict[str, str] = {
    "proportional": "Proportional to agreed contribution scores",
    "shapley": "Shapley value (average added value over every joining order)",
    "equal": "Equal split",
    "nash": "Nash bargaining (outside options first, then the surplus by bargaining power)",
    "negotiated": "Negotiated without a formula",
}

_RULE_NAMES = {"proportional": "proportional", "shapley": "Shapley value", "equal": "equal split",
               "nash": "Nash bargaining"}

#: Value-sharing instruments.
INSTRUMENTS: dict[str, str] = {
    "access_fee": "Fee for access to the data",
    "upfront": "Upfront payment",
    "subscription": "Subscription payments",
    "milestones": "Milestone payments",
    "royalty": "Royalty on product revenue",
    "equity": "Equity stake in the company",
    "product_discount": "Free or discounted use of the product",
    "consent_to_commercialise": "Consent-to-commercialise clause (money negotiated later if the work is commercialised)",
}

#: Instruments that agree a share of commercial value in advance.
MONEY_INSTRUMENTS: tuple[str, ...] = ("upfront", "subscription", "milestones", "royalty", "equity")

#: Ways of giving clinicians credit.
CLINICIAN_CREDIT: dict[str, str] = {
    "icmje_authorship": "Authorship for clinicians who meet all four ICMJE criteria",
    "acknowledgement": "Named acknowledgement for contributors who are not authors",
    "credit_roles": "Everyone's contribution recorded with CRediT roles",
    "institutional_recognition": "The hospital counts the work (job plan, protected time, promotion)",
    "data_providers_as_authors": "Everyone who provided data is listed as an author",
}

#: The 14 CRediT contributor roles (ANSI/NISO Z39.104-2022).
CREDIT_ROLES: tuple[str, ...] = (
    "Conceptualization",
    "Data curation",
    "Formal analysis",
    "Funding acquisition",
    "Investigation",
    "Methodology",
    "Project administration",
    "Resources",
    "Software",
    "Supervision",
    "Validation",
    "Visualization",
    "Writing – original draft",
    "Writing – review & editing",
)

#: Ways of telling patients and the public about the partnership.
PUBLIC_COMMUNICATION: dict[str, str] = {
    "plain_summary": "A plain-language summary of the partnership is published",
    "patient_panel": "A patient and public involvement group advises the project",
    "publish_terms": "The headline terms (who gets what) are published",
}

#: Severities, most serious first, with the words the summary prints.
SEVERITIES: dict[str, str] = {
    "high": "High: fix before signing",
    "medium": "Medium: should be fixed",
    "low": "Low: worth considering",
    "ok": "OK",
}

#: Headings of the printable summary, in order.
SECTIONS: tuple[str, ...] = (
    "Partners and aim",
    "Data access",
    "Intellectual property",
    "Value share",
    "Value-sharing instruments",
    "Credit for clinicians",
    "Governance",
    "Privacy",
    "Patients and the public",
    "Building capacity",
    "Findings",
    "Sources",
)

#: Short references for the printed summary (keys as in book/references.bib).
SOURCES: dict[str, str] = {
    "ye2026collaborations": "Ye J, Ma M, Abuhashish M (2026). The collaborations among healthcare systems, research "
    "institutions, and industry on artificial intelligence research and development. Frontiers in Artificial "
    "Intelligence 8:1694145. doi:10.3389/frai.2025.1694145",
    "ye2025preprint": "Ye J, Ma M, Abuhashish M (2025). Preprint of the survey above. arXiv:2509.00068",
    "alami2025conflicts": "Alami H, Rivard L, Lehoux P, et al. (2025). Conflicts and complexities around intellectual "
    "property and value sharing of artificial intelligence healthcare solutions in public-private partnerships: "
    "a qualitative study. SSM - Health Systems 5:100093. doi:10.1016/j.ssmhs.2025.100093",
    "grootjans2025cocreate": "Grootjans W, Krainska U, Rezazade Mehrizi MH (2025). How do medical institutions "
    "co-create artificial intelligence solutions with commercial startups? European Radiology. "
    "doi:10.1007/s00330-025-11672-4",
    "dhsc2019principles": "Department of Health and Social Care (2019). Guiding principles for data partnerships, "
    "as applied by the NHS Centre for Improving Data Collaboration. transform.england.nhs.uk",
    "nhse2023vsf": "NHS England (2023). Value sharing framework for NHS data partnerships. transform.england.nhs.uk",
    "nhse2023vsfpractical": "NHS England (2023). Practical applications of the value sharing framework. "
    "transform.england.nhs.uk",
    "nhse2023guide": "NHS England (2023). A guide to effective NHS data partnerships. transform.england.nhs.uk",
    "upd2020fairness": "Understanding Patient Data and Ada Lovelace Institute (2020). Foundations of fairness: where "
    "next for NHS health data partnerships?",
    "icmje": "International Committee of Medical Journal Editors. Defining the role of authors and contributors.",
    "credit2022": "NISO (2022). CRediT, Contributor Roles Taxonomy (ANSI/NISO Z39.104-2022).",
}

#: Percentages must add up to 100 within this many points.
SHARE_TOLERANCE = 0.5

_MAX_PARTNERS = 8
_MAX_TEXT = 2000

# --------------------------------------------------------------------------------------
# Small validation helpers (each raises ValueError with a plain message)
# --------------------------------------------------------------------------------------


def _text(value, what: str, *, required: bool = False, max_len: int = _MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, got {value!r}")
    t = " ".join(value.split())
    if required and not t:
        raise ValueError(f"{what} must not be empty")
    if len(t) > max_len:
        raise ValueError(f"{what} is too long ({len(t)} characters; at most {max_len})")
    return t


def _choice(value, options: Mapping[str, str], what: str) -> str:
    """Accept an option's key or its label (any case); return the key."""
    if isinstance(value, str):
        v = value.strip()
        for k, label in options.items():
            if v.casefold() in (k.casefold(), label.casefold()):
                return k
    valid = "; ".join(f"{k!r} ({label})" for k, label in options.items())
    raise ValueError(f"unknown {what} {value!r}; choose one of: {valid}")


def _choices(values, options: Mapping[str, str], what: str) -> tuple[str, ...]:
    """A list of option keys/labels -> tuple of keys in the menu's order, no duplicates."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    try:
        items = list(values)
    except TypeError:
        raise ValueError(f"{what} must be a list of options, got {values!r}") from None
    keys = {_choice(v, options, what) for v in items}
    return tuple(k for k in options if k in keys)


def _flag(value, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} must be True or False, got {value!r}")
    return value


def _num(x: float) -> str:
    """A number for a message: Python's shortest repr, without a trailing ".0" (2.5, 5, 1e-07)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _add(values: Iterable[float]) -> float:
    """Plain left-to-right float addition.

    Not ``sum()``: from Python 3.12 ``sum`` compensates rounding errors, and the book's
    JavaScript form must reach the very same totals (it adds left to right).
    """
    total = 0.0
    for v in values:
        total += float(v)
    return total


_ROLE_WORDS = (
    ("clinicians", ("clinician", "radiologist", "doctor", "physician", "nurse", "pathologist", "surgeon")),
    ("hospital", ("hospital", "trust", "health system", "health board", "clinic")),
    ("research", ("university", "research", "institute", "lab", "academic", "college")),
    ("company", ("company", "industry", "startup", "start-up", "vendor", "ltd", "inc", "firm")),
    ("funder", ("funder", "foundation", "council", "charity")),
    ("patients", ("patient", "public", "citizen")),
)


def infer_role(name: str) -> str:
    """Guess a partner's role from its name ("Radiologists" -> "clinicians"); "other" if unsure."""
    n = name.casefold()
    for role, words in _ROLE_WORDS:
        if any(w in n for w in words):
            return role
    return "other"


def shares_from_rule(partnership, rule: str = "shapley", **options) -> dict[str, float]:
    """Percentages per partner from a lesson-4 sharing rule, rounded to one decimal place.

    ``partnership`` is an :class:`aicollab.value.Partnership`; ``rule`` and ``options`` are
    passed to :func:`aicollab.value.allocate`. The result can be used as a term sheet's
    ``shares`` (it adds up to 100 within the allowed rounding).
    """
    from .value import allocate

    x = allocate(partnership, rule, **options)
    return {str(p): round(float(v) / partnership.total * 100.0, 1) for p, v in x.items()}


# --------------------------------------------------------------------------------------
# The term sheet
# --------------------------------------------------------------------------------------

_DEFAULT_PARTNERS = ("Clinicians", "Hospital", "Research institution", "AI company")

#: The JSON draft format: its marker and version, and the keys of one partner.
DRAFT_KIT = "aicollab-term-sheet"
DRAFT_VERSION = 1
_PARTNER_KEYS = ("name", "role", "share", "background_ip", "credit_roles")


@dataclass(frozen=True)
class TermSheet:
    """A draft term sheet. Every field is checked when the object is made.

    Fields (menus are the module's dictionaries; give a key or its label)
    ------
    title : the project's name (required).
    partners : partner names (a list: roles are guessed with :func:`infer_role`) or a dict
        ``{name: role}`` with roles from :data:`ROLES`; 2 to 8 partners, names unique.
    patient_benefit : how the partnership aims to improve patient care (text).
    purpose : a :data:`PURPOSES` key: "commercial" or "non-commercial".
    data_access : a :data:`DATA_ACCESS` key (the NHS England guide's three options, or "undecided").
    foreground_ip : a :data:`FOREGROUND_IP` key: who owns new IP.
    background_ip : ``{partner: what they bring and keep}``; may be empty.
    exclusive_data_rights : True if the partner gets exclusive rights to the data.
    value_rule : a :data:`VALUE_RULES` key: how the percentages were set.
    shares : ``{partner: percent}`` for every partner, each >= 0, adding up to 100 within
        ±0.5. Default: an equal split.
    instruments : keys of :data:`INSTRUMENTS` (how value is paid).
    clinician_credit : keys of :data:`CLINICIAN_CREDIT`.
    credit_roles : ``{partner: [CRediT roles]}``, roles from :data:`CREDIT_ROLES`.
    steering_committee, clinicians_on_committee : governance flags.
    review_every_months : months between review points, a whole number 0-36 (0 = none).
    exit_terms : what happens to data, models and IP if a partner leaves (text).
    deidentified, confidentiality_agreement : privacy flags.
    public_communication : keys of :data:`PUBLIC_COMMUNICATION`.
    clinician_training, shared_standards, ai_research_unit : capacity-building flags (the
        survey's recommendations).
    note : free text printed under the title (e.g. "Illustrative scenario").
    """

    title: str = "Untitled partnership"
    partners: object = _DEFAULT_PARTNERS
    patient_benefit: str = ""
    purpose: str = "commercial"
    data_access: str = "undecided"
    foreground_ip: str = "undecided"
    background_ip: Mapping[str, str] = field(default_factory=dict)
    exclusive_data_rights: bool = False
    value_rule: str = "equal"
    shares: Mapping[str, float] | None = None
    instruments: Sequence[str] = ()
    clinician_credit: Sequence[str] = ()
    credit_roles: Mapping[str, Sequence[str]] = field(default_factory=dict)
    steering_committee: bool = False
    clinicians_on_committee: bool = False
    review_every_months: int = 0
    exit_terms: str = ""
    deidentified: bool = False
    confidentiality_agreement: bool = False
    public_communication: Sequence[str] = ()
    clinician_training: bool = False
    shared_standards: bool = False
    ai_research_unit: bool = False
    note: str = ""

    def __post_init__(self):
        s = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        s("title", _text(self.title, "the title", required=True, max_len=200))
        partners = self._check_partners(self.partners)
        s("partners", partners)
        names = tuple(partners)
        s("patient_benefit", _text(self.patient_benefit, "the patient-benefit aim"))
        s("purpose", _choice(self.purpose, PURPOSES, "purpose"))
        s("data_access", _choice(self.data_access, DATA_ACCESS, "data-access option"))
        s("foreground_ip", _choice(self.foreground_ip, FOREGROUND_IP, "foreground-IP option"))
        s("background_ip", self._check_background(self.background_ip, names))
        s("exclusive_data_rights", _flag(self.exclusive_data_rights, "exclusive_data_rights"))
        s("value_rule", _choice(self.value_rule, VALUE_RULES, "value-sharing rule"))
        s("shares", self._check_shares(self.shares, names))
        s("instruments", _choices(self.instruments, INSTRUMENTS, "instrument"))
        s("clinician_credit", _choices(self.clinician_credit, CLINICIAN_CREDIT, "kind of clinician credit"))
        s("credit_roles", self._check_roles(self.credit_roles, names))
        for flag in ("steering_committee", "clinicians_on_committee", "deidentified", "confidentiality_agreement",
                     "clinician_training", "shared_standards", "ai_research_unit"):
            s(flag, _flag(getattr(self, flag), flag))
        s("review_every_months", self._check_months(self.review_every_months))
        s("exit_terms", _text(self.exit_terms, "the exit terms"))
        s("public_communication", _choices(self.public_communication, PUBLIC_COMMUNICATION, "public-communication option"))
        s("note", _text(self.note, "the note", max_len=400))

    # ---- field checks ----------------------------------------------------------------
    @staticmethod
    def _check_partners(partners) -> dict[str, str]:
        if isinstance(partners, str):
            raise ValueError(
                f"partners must be a list of names, not a single text (got {partners!r}; "
                "separate names into a list, e.g. ['Clinicians', 'Hospital'])"
            )
        if isinstance(partners, Mapping):
            items = list(partners.items())
        else:
            try:
                items = [(p, None) for p in partners]
            except TypeError:
                raise ValueError(f"partners must be a list of names or a dict {{name: role}}, got {partners!r}") from None
        out: dict[str, str] = {}
        seen: set[str] = set()
        for name, role in items:
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"every partner needs a name (text), got {name!r}")
            clean = " ".join(name.split())
            if clean.casefold() in seen:
                raise ValueError(f"partner {clean!r} is listed twice: every partner needs a different name")
            seen.add(clean.casefold())
            out[clean] = infer_role(clean) if role is None else _choice(role, ROLES, f"role for partner {clean!r}")
        if len(out) < 2:
            raise ValueError(f"a partnership needs at least 2 partners, got {len(out)}")
        if len(out) > _MAX_PARTNERS:
            raise ValueError(f"at most {_MAX_PARTNERS} partners are supported, got {len(out)}")
        return out

    @staticmethod
    def _partner(name, names: tuple[str, ...], what: str) -> str:
        if isinstance(name, str):
            clean = " ".join(name.split())
            for n in names:
                if n.casefold() == clean.casefold():
                    return n
        raise ValueError(f"unknown partner {name!r} in {what}; the partners are: {', '.join(names)}")

    def _check_background(self, background, names) -> dict[str, str]:
        if background is None:
            return {}
        if not isinstance(background, Mapping):
            raise ValueError("background_ip must be a dict {partner: what they bring and keep}")
        out = {}
        for k, v in background.items():
            p = self._partner(k, names, "background_ip")
            t = _text(v, f"the background IP of {p!r}")
            if t:
                out[p] = t
        return {n: out[n] for n in names if n in out}

    def _check_shares(self, shares, names) -> dict[str, float]:
        if shares is None:
            return {n: 100.0 / len(names) for n in names}
        if isinstance(shares, pd.Series):
            shares = shares.to_dict()
        if not isinstance(shares, Mapping):
            raise ValueError("shares must be a dict {partner: percent}, e.g. {'Clinicians': 25, 'Hospital': 25, ...}")
        got: dict[str, float] = {}
        for k, v in shares.items():
            p = self._partner(k, names, "shares")
            if isinstance(v, bool):
                raise ValueError(f"the share of {p!r} must be a number (percent), got {v!r}")
            try:
                f = float(v)
            except (TypeError, ValueError):
                raise ValueError(f"the share of {p!r} must be a number (percent), got {v!r}") from None
            if not math.isfinite(f):
                raise ValueError(f"the share of {p!r} must be a finite number, got {v!r}")
            if f < 0:
                raise ValueError(f"the share of {p!r} is negative ({_num(f)}%); shares must be 0 or more")
            got[p] = f
        missing = [n for n in names if n not in got]
        if missing:
            raise ValueError(f"no share given for {missing[0]!r}; give every partner a percentage (0 is allowed)")
        total = _add(got.values())
        if abs(total - 100.0) > SHARE_TOLERANCE:
            raise ValueError(
                f"the shares add up to {total:.1f}%, not 100%; adjust them so they total 100 "
                f"(within ±{_num(SHARE_TOLERANCE)})"
            )
        return {n: got[n] for n in names}

    def _check_roles(self, roles, names) -> dict[str, tuple[str, ...]]:
        if roles is None:
            return {}
        if not isinstance(roles, Mapping):
            raise ValueError("credit_roles must be a dict {partner: [CRediT roles]}")
        out = {}
        lookup = {r.casefold(): r for r in CREDIT_ROLES}
        lookup.update({r.replace("–", "-").casefold(): r for r in CREDIT_ROLES})
        for k, v in roles.items():
            p = self._partner(k, names, "credit_roles")
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, (list, tuple, set, frozenset)):
                raise ValueError(f"the CRediT roles of {p!r} must be a list of roles, got {v!r}")
            chosen = set()
            for r in v:
                key = r.strip().casefold() if isinstance(r, str) else None
                if key not in lookup:
                    raise ValueError(
                        f"unknown CRediT role {r!r} for {p!r}; the 14 roles are: {', '.join(CREDIT_ROLES)}"
                    )
                chosen.add(lookup[key])
            if chosen:
                out[p] = tuple(r for r in CREDIT_ROLES if r in chosen)
        return {n: out[n] for n in names if n in out}

    @staticmethod
    def _check_months(months) -> int:
        if isinstance(months, bool) or not isinstance(months, (int, float)) or (
            isinstance(months, float) and not months.is_integer()
        ):
            raise ValueError(f"review_every_months must be a whole number of months (0 = no review points), got {months!r}")
        m = int(months)
        if not 0 <= m <= 36:
            raise ValueError(f"review_every_months must be between 0 and 36, got {m}")
        return m

    # ---- views -----------------------------------------------------------------------
    # ---- the JSON draft format (shared with the book's kernel-free form) ----------------
    def to_dict(self) -> dict:
        """The draft in the kit's JSON draft format (see :func:`TermSheet.from_dict`).

        This is the format the book's kernel-free form downloads ("Download my draft"), so a
        draft started in the browser can be finished in JupyterLab and back.
        """
        partners = []
        for n, role in self.partners.items():
            partners.append({
                "name": n,
                "role": role,
                "share": self.shares[n],
                "background_ip": self.background_ip.get(n, ""),
                "credit_roles": list(self.credit_roles.get(n, ())),
            })
        out: dict = {"kit": DRAFT_KIT, "version": DRAFT_VERSION, "title": self.title, "note": self.note,
                     "partners": partners}
        for f in fields(self):
            if f.name in ("title", "note", "partners", "shares", "background_ip", "credit_roles"):
                continue
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_dict(cls, data) -> "TermSheet":
        """A draft from the kit's JSON draft format (what :meth:`to_dict` and the book's form write).

        The format is one JSON object: ``title``, ``note`` and the flat fields of
        :class:`TermSheet` under their own names, plus ``partners``: a list of objects, one
        per partner, each with ``name`` and optionally ``role`` (a :data:`ROLES` key; guessed
        from the name when missing), ``share`` (percent), ``background_ip`` (text) and
        ``credit_roles`` (a list). Missing fields take their defaults; when no partner has a
        share the split is equal. ``"kit"`` and ``"version"`` are optional, but when present
        they must be ``"aicollab-term-sheet"`` and 1. Raises ``ValueError`` with a plain
        message for anything else (an unknown field, a partner without a name, ...).

        The book's kernel-free form applies the same rules in JavaScript
        (``aicollab/static/termsheet-form.js``); ``tests/test_termsheet_browser.py`` proves
        both give the same messages and findings.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a term-sheet draft must be a JSON object ({...}) with fields such as \"title\" and \"partners\"")
        d = dict(data)
        kit = d.pop("kit", DRAFT_KIT)
        if kit != DRAFT_KIT:
            raise ValueError(f"this is not a term-sheet draft of this kit (its \"kit\" is {kit!r}, not {DRAFT_KIT!r})")
        version = d.pop("version", DRAFT_VERSION)
        if isinstance(version, bool) or version != DRAFT_VERSION:
            raise ValueError(f"this draft has format version {version!r}; this kit reads version {DRAFT_VERSION}")
        allowed = [f.name for f in fields(cls) if f.name not in ("shares", "background_ip", "credit_roles")]
        for k in d:
            if k not in allowed:
                raise ValueError(f"unknown term-sheet field {k!r}; the fields are: {', '.join(allowed)}")
        kwargs = dict(d)
        if "partners" in d:
            rows = d["partners"]
            if not isinstance(rows, list):
                raise ValueError("\"partners\" must be a list of partners, each like {\"name\": \"Hospital\", \"share\": 25}")
            partners, shares, background, roles = {}, {}, {}, {}
            seen: set[str] = set()
            for i, row in enumerate(rows, start=1):
                if not isinstance(row, Mapping):
                    raise ValueError(f"partner {i} must be an object with a name, like {{\"name\": \"Hospital\"}}; got {row!r}")
                extra = [k for k in row if k not in _PARTNER_KEYS]
                if extra:
                    raise ValueError(f"unknown field {extra[0]!r} for partner {i}; a partner has: {', '.join(_PARTNER_KEYS)}")
                name = row.get("name")
                if not isinstance(name, str):
                    raise ValueError(f"every partner needs a name (text), got {name!r}")
                clean = " ".join(name.split())
                if clean and clean.casefold() in seen:
                    raise ValueError(f"partner {clean!r} is listed twice: every partner needs a different name")
                seen.add(clean.casefold())
                partners[name] = row.get("role")
                share = row.get("share")
                if share is not None:
                    if isinstance(share, bool) or not isinstance(share, (int, float)):
                        raise ValueError(f"the share of {clean!r} must be a number (percent), got {share!r}")
                    shares[name] = share
                if row.get("background_ip") is not None:
                    background[name] = row["background_ip"]
                if row.get("credit_roles") is not None:
                    roles[name] = row["credit_roles"]
            kwargs.update(partners=partners, background_ip=background, credit_roles=roles,
                          shares=shares if shares else None)
        return cls(**kwargs)

    def with_changes(self, **changes) -> "TermSheet":
        """A copy with some fields changed (checked again), e.g. ``ts.with_changes(deidentified=True)``."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise ValueError(f"unknown term-sheet field {unknown[0]!r}; the fields are: {', '.join(f.name for f in fields(self))}")
        return replace(self, **changes)

    def partners_with_role(self, role: str) -> tuple[str, ...]:
        """Names of the partners with this role (a :data:`ROLES` key)."""
        return tuple(n for n, r in self.partners.items() if r == role)

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The draft as (section heading, [(label, value), ...]) in :data:`SECTIONS` order."""
        def yes(x: bool) -> str:
            return "Yes" if x else "No"

        def listed(keys, menu) -> str:
            return "; ".join(menu[k] for k in keys) if keys else "None chosen"

        partners = "; ".join(n if infer_role(n) == r else f"{n} ({ROLES[r].lower()})" for n, r in self.partners.items())
        shares = "; ".join(f"{n} {v:.1f}%" for n, v in self.shares.items())
        if self.background_ip:
            bg_text = "; ".join(f"{n}: {self.background_ip.get(n, 'not listed')}" for n in self.partners)
        else:
            bg_text = "Not listed for any partner"
        roles = [(f"CRediT roles: {n}", ", ".join(r)) for n, r in self.credit_roles.items()]
        return [
            ("Partners and aim", [
                ("Partners", partners),
                ("Aim for patients", self.patient_benefit or "Not stated"),
                ("Purpose", PURPOSES[self.purpose]),
            ]),
            ("Data access", [
                ("Access route", DATA_ACCESS[self.data_access]),
                ("Exclusive rights", yes(self.exclusive_data_rights)),
            ]),
            ("Intellectual property", [("New (foreground) IP", FOREGROUND_IP[self.foreground_ip]),
                                       ("Background IP (kept by each)", bg_text)]),
            ("Value share", [("How the split is set", VALUE_RULES[self.value_rule]), ("Shares", shares)]),
            ("Value-sharing instruments", [("Instruments", listed(self.instruments, INSTRUMENTS))]),
            ("Credit for clinicians", [("Credit", listed(self.clinician_credit, CLINICIAN_CREDIT)), *roles]),
            ("Governance", [
                ("Steering committee", yes(self.steering_committee)),
                ("Clinicians on it", yes(self.clinicians_on_committee)),
                ("Review points", f"Every {self.review_every_months} months" if self.review_every_months else "None agreed"),
                ("Exit terms", self.exit_terms or "Not stated"),
            ]),
            ("Privacy", [
                ("De-identified data", yes(self.deidentified)),
                ("Confidentiality agreement", yes(self.confidentiality_agreement)),
            ]),
            ("Patients and the public", [("Communication", listed(self.public_communication, PUBLIC_COMMUNICATION))]),
            ("Building capacity", [
                ("AI training for clinicians", yes(self.clinician_training)),
                ("Shared standards", yes(self.shared_standards)),
                ("Hospital AI research unit", yes(self.ai_research_unit)),
            ]),
        ]

    def to_frame(self) -> pd.DataFrame:
        """The draft as a table: columns ``section``, ``item``, ``value``."""
        rows = [(sec, label, value) for sec, items in self.sections() for label, value in items]
        return pd.DataFrame(rows, columns=["section", "item", "value"])

    def save_summary(self, path, findings: pd.DataFrame | None = None) -> Path:
        """Write the printable summary to ``path`` (see :func:`save_summary`)."""
        return save_summary(self, path, findings)

    def __repr__(self) -> str:
        return f"TermSheet({self.title!r}, partners={list(self.partners)!r})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), "text/html": f"<style>{_CSS}</style>" + _sections_html(self, level=3)}


# --------------------------------------------------------------------------------------
# Checking a draft
# --------------------------------------------------------------------------------------


#: Every message :func:`check` can give, by check id and case. ``{name}`` fields are filled
#: in by :func:`check`: numbers already formatted, lists already joined. One source of truth
#: for both checkers: the book's kernel-free form (``aicollab/static/termsheet-form.js``)
#: receives this table as JSON and only decides which case applies.
MESSAGES: dict[str, dict[str, str]] = {
    "T01": {
        "fail": "State how the partnership aims to improve patient care: the Department of Health and Social Care's "
                "first principle asks for this aim to be explicit.",
        "ok": "The aim for patient care is stated.",
    },
    "T02": {
        "fail": "Choose how partners will reach the data. The NHS England guide describes three options: the data stays "
                "in the hospital, a secure data environment, or a pseudonymised extract.",
        "ok": "The way partners reach the data is chosen.",
    },
    "T03": {
        "extract": "A copy of the data leaves the hospital. The NHS England guide expects extracts in a small and "
                   "shrinking number of cases, with secure data environments becoming the usual route, and the survey "
                   "recommends secure data-sharing frameworks: record why an extract is needed.",
        "ok": "The data stays under the hospital's control (no copy is handed over).",
    },
    "T04": {
        "fail": "Drop the exclusive rights: NHS trusts have been asked not to give any partner exclusivity over their "
                "data, and an agreement should not stop the data serving other beneficial uses.",
        "ok": "No partner gets exclusive rights to the data.",
    },
    "T05": {
        "fail": "Settle who will own new (foreground) IP now: the NHS England guide says this must be negotiated at the "
                "start of the partnership, not after the product exists.",
        "ok": "Ownership of new IP is settled at the start.",
    },
    "T06": {
        "none": "List each partner's background IP (what they bring and keep). The NHS England guide asks "
                "organisations to know their knowledge assets and how they make up their background IP.",
        "some": "Background IP is not listed for: {missing}. Write 'none' if they bring none.",
        "ok": "Every partner's background IP is listed.",
    },
    "T07": {
        "fail": "The hospital side gets 0% of the value. NHS England's framework says the NHS should share in the "
                "value its data helps to create.",
        "ok": "The hospital side (hospital and clinicians) shares in the value ({share}%).",
    },
    "T08": {
        "ok": "Clinicians receive both credit and a share of the value ({share}%).",
        "no_credit": "Clinicians get a share of the value but no agreed credit: Alami et al. found that the lack of "
                     "institutional recognition of clinicians' contributions holds back their engagement.",
        "no_share": "Clinicians get credit but 0% of the value: Alami et al. found that clinicians' essential "
                    "contributions lack commercial as well as institutional recognition. Consider a share, or say "
                    "how the hospital passes part of its share on.",
        "neither": "Clinicians get neither credit nor a share of the value. Alami et al. found that this lack of "
                   "recognition of clinicians' essential contributions holds back their engagement in partnerships.",
        "not_partner": "Clinicians are not a separate partner, so any reward depends on the hospital's internal policy "
                       "(lesson 4: who counts as a player changes the answer). Say how the hospital will recognise its "
                       "clinicians' work.",
    },
    "T09": {
        "fail": "Explain how the percentages were reached. NHS England's practical guidance asks for a share that is "
                "proportionate to the contribution, counting the data and any clinical or analytical expertise.",
        "ok": "The split follows a stated rule ({rule}).",
    },
    "T10": {
        "fail": "Add a fee for data access: NHS England's framework says the NHS will always charge for access to "
                "health data (the fee should depend on the use and must not stand in the way of good use).",
        "ok": "A data-access fee is included.",
    },
    "T11": {
        "commercial_fail": "For commercial use, agree the share in advance: NHS England's practical guidance lists "
                           "upfront, subscription and milestone payments and revenue royalties.",
        "commercial_ok": "The commercial share is agreed in advance.",
        "noncommercial_fail": "For non-commercial use, add a consent-to-commercialise clause so a financial share can "
                              "be negotiated later if the work is commercialised (NHS England's practical guidance).",
        "noncommercial_ok": "A consent-to-commercialise clause covers later commercial use.",
    },
    "T12": {
        "fail": "A royalty is the only payment: it pays only if the product sells, and NHS England expects "
                "royalties in a minority of deals. Consider an upfront or milestone element too.",
        "ok": "The payments do not rest on a royalty alone.",
    },
    "T13": {
        "fail": "Agree how clinicians' work will be credited (authorship under ICMJE, acknowledgement, CRediT roles, "
                "recognition by the hospital): Alami et al. found this recognition is often missing.",
        "gift_only": " Listing every data provider as an author does not count (see T14).",
        "ok": "Credit for clinicians is agreed.",
    },
    "T14": {
        "gift": "Authorship cannot be given for providing data alone: ICMJE requires all four criteria. Acknowledge "
                "data providers and record their CRediT roles (e.g. Resources, Data curation) instead.",
        "fail": "State that authorship follows ICMJE's four criteria, so clinicians know what earns it.",
        "ok": "Authorship follows the ICMJE criteria.",
    },
    "T15": {
        "fail": "Record who did what with CRediT roles: they describe contributions that do not earn authorship.",
        "ok": "Contributions are recorded with CRediT roles.",
    },
    "T16": {
        "fail": "Ask the hospital to count clinicians' work on the project (job plan, protected time, promotion): "
                "Alami et al. point to missing institutional recognition.",
        "ok": "The hospital will count clinicians' work.",
    },
    "T17": {
        "fail": "Set up a joint steering committee: the public asked for partners who are transparent and accountable, "
                "and the survey's authors call for co-governance.",
        "ok": "A joint steering committee oversees the partnership.",
    },
    "T18": {
        "fail": "Give clinicians a seat on the steering committee: Grootjans et al. report that active involvement "
                "of radiology professionals leads to more clinically relevant AI.",
        "ok": "Clinicians sit on the steering committee.",
    },
    "T19": {
        "fail": "Agree review points: Grootjans et al. describe partners adjusting a co-creation as it goes (what each "
                "commits, how each adapts, how the arrangement is reconfigured).",
        "ok": "Review points every {months} months.",
    },
    "T20": {
        "fail": "Say what happens to the data, the model and the IP if a partner leaves or the project ends: the NHS "
                "England guide asks for data assets to be managed with clear governance.",
        "ok": "Exit and termination terms are written down.",
    },
    "T21": {
        "fail": "De-identify the data before partners see it: 74% of clinicians in the survey called de-identification "
                "and confidentiality agreements necessary, and the law (e.g. GDPR) must be followed.",
        "ok": "Data are de-identified before partners see them.",
    },
    "T22": {
        "fail": "Sign a confidentiality agreement: 74% of clinicians in the survey called it necessary.",
        "ok": "A confidentiality agreement is signed.",
    },
    "T23": {
        "fail": "Plan how patients and the public will be told about the partnership: clear, open communication is "
                "one of the Department of Health and Social Care's principles.",
        "ok": "Patients and the public will be told about the partnership.",
    },
    "T24": {
        "fail": "Consider publishing the headline terms: the public deliberation asked partners to be transparent "
                "and accountable.",
        "ok": "The headline terms will be published.",
    },
    "T25": {
        "fail": "Include AI training for clinicians: 59% of surveyed clinicians reported gaps in AI knowledge and the "
                "authors recommend education and training.",
        "ok": "AI training for clinicians is included.",
    },
    "T26": {
        "fail": "Agree data and technical standards: 65% of surveyed clinicians named the lack of industry standards as "
                "an obstacle.",
        "ok": "Data and technical standards are agreed.",
    },
    "T27": {
        "fail": "Involve a hospital AI research unit or team: 72% of clinicians said their hospital had no AI research "
                "department, and the authors recommend creating them.",
        "ok": "A hospital AI research unit or team is involved.",
    },
}

#: Area (summary section) and source key(s) of every check, by id.
CHECKS: dict[str, tuple[str, str]] = {
    "T01": ("Partners and aim", "dhsc2019principles"),
    "T02": ("Data access", "nhse2023guide"),
    "T03": ("Data access", "nhse2023guide;ye2026collaborations"),
    "T04": ("Data access", "dhsc2019principles"),
    "T05": ("Intellectual property", "nhse2023guide"),
    "T06": ("Intellectual property", "nhse2023guide"),
    "T07": ("Value share", "nhse2023vsf"),
    "T08": ("Value share", "alami2025conflicts"),
    "T09": ("Value share", "nhse2023vsfpractical"),
    "T10": ("Value-sharing instruments", "nhse2023vsf"),
    "T11": ("Value-sharing instruments", "nhse2023vsfpractical"),
    "T12": ("Value-sharing instruments", "nhse2023vsfpractical"),
    "T13": ("Credit for clinicians", "alami2025conflicts"),
    "T14": ("Credit for clinicians", "icmje"),
    "T15": ("Credit for clinicians", "credit2022"),
    "T16": ("Credit for clinicians", "alami2025conflicts"),
    "T17": ("Governance", "upd2020fairness;ye2025preprint"),
    "T18": ("Governance", "grootjans2025cocreate"),
    "T19": ("Governance", "grootjans2025cocreate"),
    "T20": ("Governance", "nhse2023guide"),
    "T21": ("Privacy", "ye2026collaborations;dhsc2019principles"),
    "T22": ("Privacy", "ye2026collaborations"),
    "T23": ("Patients and the public", "dhsc2019principles"),
    "T24": ("Patients and the public", "upd2020fairness"),
    "T25": ("Building capacity", "ye2026collaborations"),
    "T26": ("Building capacity", "ye2026collaborations"),
    "T27": ("Building capacity", "ye2026collaborations"),
}


def _add_finding(rows: list, fid: str, severity: str, case: str, **fill: str) -> None:
    """Append one finding: ``severity`` is "ok" for a passed check; ``case`` picks the message."""
    area, source = CHECKS[fid]
    rows.append((fid, area, severity, MESSAGES[fid][case].format(**fill), source))


def _pass_or(rows: list, fid: str, ok: bool, severity: str, **fill: str) -> None:
    """The common two-case check: the "ok" message if ``ok``, else "fail" at ``severity``."""
    _add_finding(rows, fid, "ok" if ok else severity, "ok" if ok else "fail", **fill)


def check(term_sheet: TermSheet) -> pd.DataFrame:
    """Check a draft against the sources' recommendations; one row per check.

    Columns: ``id`` (e.g. "T05"), ``area`` (a summary section), ``severity`` ("high",
    "medium", "low" or "ok"), ``message`` (plain words: what is wrong and what to do, or
    what is fine) and ``source`` (bibliography key(s), ";"-separated). Rows are sorted by
    severity, most serious first. ``result.attrs["summary"]`` counts each severity.

    The wording of every message is in :data:`MESSAGES`; this function decides which case
    applies. The book's JavaScript form makes the same decisions (a browser test compares).
    """
    ts = term_sheet
    if not isinstance(ts, TermSheet):
        raise ValueError("check() expects a TermSheet; build one with TermSheet(title=..., partners=..., ...)")
    rows: list = []
    clin = ts.partners_with_role("clinicians")
    hosp = ts.partners_with_role("hospital")

    _pass_or(rows, "T01", bool(ts.patient_benefit), "high")

    # Data access
    _pass_or(rows, "T02", ts.data_access != "undecided", "high")
    if ts.data_access == "pseudonymised_extract":
        _add_finding(rows, "T03", "medium", "extract")
    elif ts.data_access != "undecided":
        _add_finding(rows, "T03", "ok", "ok")
    _pass_or(rows, "T04", not ts.exclusive_data_rights, "high")

    # Intellectual property
    _pass_or(rows, "T05", ts.foreground_ip != "undecided", "high")
    missing = [n for n in ts.partners if n not in ts.background_ip]
    if len(missing) == len(ts.partners):
        _add_finding(rows, "T06", "medium", "none")
    elif missing:
        _add_finding(rows, "T06", "low", "some", missing=", ".join(missing))
    else:
        _add_finding(rows, "T06", "ok", "ok")

    # Value share
    if hosp or clin:
        public_share = _add(ts.shares[n] for n in hosp + clin)
        _pass_or(rows, "T07", public_share > 0, "high", share=f"{public_share:.1f}")
    if clin:
        clin_share = _add(ts.shares[n] for n in clin)
        credit = [k for k in ts.clinician_credit if k != "data_providers_as_authors"]
        if clin_share > 0 and credit:
            _add_finding(rows, "T08", "ok", "ok", share=f"{clin_share:.1f}")
        elif clin_share > 0:
            _add_finding(rows, "T08", "medium", "no_credit")
        elif credit:
            _add_finding(rows, "T08", "medium", "no_share")
        else:
            _add_finding(rows, "T08", "high", "neither")
    else:
        _add_finding(rows, "T08", "medium", "not_partner")
    _pass_or(rows, "T09", ts.value_rule != "negotiated", "low", rule=_RULE_NAMES.get(ts.value_rule, ts.value_rule))

    # Instruments
    _pass_or(rows, "T10", "access_fee" in ts.instruments, "medium")
    money = [k for k in ts.instruments if k in MONEY_INSTRUMENTS]
    if ts.purpose == "commercial":
        _add_finding(rows, "T11", "ok" if money else "medium", "commercial_ok" if money else "commercial_fail")
        if money:
            _pass_or(rows, "T12", money != ["royalty"], "low")
    else:
        ok = "consent_to_commercialise" in ts.instruments
        _add_finding(rows, "T11", "ok" if ok else "medium", "noncommercial_ok" if ok else "noncommercial_fail")

    # Credit
    proper = [k for k in ts.clinician_credit if k != "data_providers_as_authors"]
    if proper:
        _add_finding(rows, "T13", "ok", "ok")
    else:
        gift_only = "data_providers_as_authors" in ts.clinician_credit
        area, source = CHECKS["T13"]
        rows.append(("T13", area, "high", MESSAGES["T13"]["fail"] + (MESSAGES["T13"]["gift_only"] if gift_only else ""),
                     source))
    if "data_providers_as_authors" in ts.clinician_credit:
        _add_finding(rows, "T14", "medium", "gift")
    else:
        _pass_or(rows, "T14", "icmje_authorship" in ts.clinician_credit, "low")
    _pass_or(rows, "T15", "credit_roles" in ts.clinician_credit or bool(ts.credit_roles), "low")
    if clin or hosp:
        _pass_or(rows, "T16", "institutional_recognition" in ts.clinician_credit, "low")

    # Governance
    _pass_or(rows, "T17", ts.steering_committee, "medium")
    if ts.steering_committee and clin:
        _pass_or(rows, "T18", ts.clinicians_on_committee, "low")
    _pass_or(rows, "T19", ts.review_every_months > 0, "low", months=str(ts.review_every_months))
    _pass_or(rows, "T20", bool(ts.exit_terms), "medium")

    # Privacy
    _pass_or(rows, "T21", ts.deidentified, "high")
    _pass_or(rows, "T22", ts.confidentiality_agreement, "high")

    # Patients and public
    _pass_or(rows, "T23", bool(ts.public_communication), "high")
    _pass_or(rows, "T24", "publish_terms" in ts.public_communication, "low")

    # Capacity (the survey's recommendations)
    _pass_or(rows, "T25", ts.clinician_training, "low")
    _pass_or(rows, "T26", ts.shared_standards, "low")
    _pass_or(rows, "T27", ts.ai_research_unit, "low")

    df = pd.DataFrame(rows, columns=["id", "area", "severity", "message", "source"])
    order = {k: i for i, k in enumerate(SEVERITIES)}
    df = df.sort_values(["severity", "id"], key=lambda c: c.map(order) if c.name == "severity" else c,
                        kind="stable").reset_index(drop=True)
    counts = df["severity"].value_counts()
    df.attrs["summary"] = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in SEVERITIES)
    return df


# --------------------------------------------------------------------------------------
# HTML: findings, sections and the printable summary
# --------------------------------------------------------------------------------------

_BADGE = {"high": "#A33A00", "medium": "#8A5A00", "low": "#005A8C", "ok": "#006B4F"}
_ICON = {"high": "✖", "medium": "▲", "low": "●", "ok": "✔"}

_CSS = """
.aicollab-ts { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111; line-height: 1.3; max-width: 62rem; }
.aicollab-ts .ts-title { font-size: 1.35rem; margin: 0 0 0.2rem 0; }
.aicollab-ts .ts-section { font-size: 1.0rem; margin: 0.6rem 0 0.2rem 0; border-bottom: 1px solid #888; padding-bottom: 0.1rem; break-after: avoid; }
.aicollab-ts .ts-note { margin: 0 0 0.4rem 0; font-style: italic; }
.aicollab-ts .ts-grid { columns: 2 24rem; column-gap: 1.2rem; }
.aicollab-ts .ts-block { break-inside: avoid; }
.aicollab-ts table { border-collapse: collapse; width: 100%; margin: 0.1rem 0 0.3rem 0; font-size: 0.88rem; }
.aicollab-ts caption { text-align: left; font-weight: 600; padding: 0.1rem 0; }
.aicollab-ts th, .aicollab-ts td { border: 1px solid #bbb; padding: 0.12rem 0.3rem; text-align: left; vertical-align: top; }
.aicollab-ts th[scope=row] { width: 40%; font-weight: 600; background: #f3f3f3; }
.aicollab-ts thead th { background: #e8e8e8; }
.aicollab-ts .sev { font-weight: 700; white-space: nowrap; }
.aicollab-ts .ts-sources { font-size: 0.8rem; padding-left: 1.1rem; margin: 0.2rem 0; }
.aicollab-ts .ts-foot { font-size: 0.78rem; color: #333; margin-top: 0.4rem; }
.aicollab-ts .ts-lowhead { margin: 0.3rem 0 0.1rem 0; font-weight: 700; color: #005A8C; }
.aicollab-ts .ts-low { columns: 2 22rem; column-gap: 1.2rem; font-size: 0.85rem; padding-left: 1.1rem; margin: 0.1rem 0; }
.aicollab-ts .ts-passed { margin: 0.2rem 0; color: #006B4F; font-weight: 600; }
.aicollab-ts .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  @page { size: A4; margin: 9mm; }
  .aicollab-ts { font-size: 7.5pt; line-height: 1.18; max-width: none; }
  .aicollab-ts .ts-title { font-size: 12pt; }
  .aicollab-ts .ts-section { font-size: 8.5pt; margin: 0.25rem 0 0.1rem 0; }
  .aicollab-ts .ts-grid { columns: 2; column-gap: 0.8rem; }
  .aicollab-ts table { font-size: 7pt; margin: 0 0 0.15rem 0; }
  .aicollab-ts th, .aicollab-ts td { padding: 0.05rem 0.25rem; }
  .aicollab-ts th[scope=row] { width: 33%; }
  .aicollab-ts .ts-sources { columns: 2; column-gap: 0.8rem; }
  .aicollab-ts .ts-sources, .aicollab-ts .ts-foot { font-size: 6.5pt; margin: 0.1rem 0; }
  .aicollab-ts .ts-low { columns: 2; font-size: 7pt; }
  .aicollab-ts tr, .aicollab-ts li { break-inside: avoid; }
}
""".strip()


def _h(level: int, text: str, cls: str) -> str:
    level = min(max(level, 1), 6)
    return f'<h{level} class="{cls}">{html.escape(text)}</h{level}>'


def _rows_table(caption: str, rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><th scope="row">{html.escape(label)}</th><td>{html.escape(value)}</td></tr>' for label, value in rows
    )
    return f'<table><caption class="visually-hidden">{html.escape(caption)}</caption><tbody>{body}</tbody></table>'


def _sections_html(ts: TermSheet, level: int = 2) -> str:
    parts = []
    for heading, rows in ts.sections():
        parts.append(_h(level, heading, "ts-section"))
        parts.append(_rows_table(heading, rows))
    return f'<div class="aicollab-ts">{"".join(parts)}</div>'


def _check_findings(findings) -> pd.DataFrame:
    need = ["id", "area", "severity", "message", "source"]
    if not isinstance(findings, pd.DataFrame) or any(c not in findings.columns for c in need):
        raise ValueError("findings must be the table returned by check(term_sheet)")
    return findings


def findings_html(findings: pd.DataFrame, *, include_ok: bool = True, caption: str = "Findings",
                  compact: bool = False) -> str:
    """The findings of :func:`check` as an accessible HTML table (severity in words and symbols).

    ``compact=True`` puts each source after its message instead of in its own column.
    """
    f = _check_findings(findings)
    if not include_ok:
        f = f[f["severity"] != "ok"]
    cols = ["Severity", "Finding"] + ([] if compact else ["Source"])
    head = "<thead><tr>" + "".join(f'<th scope="col">{c}</th>' for c in cols) + "</tr></thead>"
    body = []
    for r in f.itertuples(index=False):
        sev = r.severity
        label = SEVERITIES[sev].split(":")[0]
        src = html.escape(r.source.replace(";", "; "))
        text = f"<b>{html.escape(r.area)}</b> ({html.escape(r.id)}): {html.escape(r.message)}"
        body.append(
            f'<tr><td class="sev" style="color:{_BADGE[sev]}">{_ICON[sev]} {html.escape(label)}</td>'
            + (f"<td>{text} [{src}]</td></tr>" if compact else f"<td>{text}</td><td>{src}</td></tr>")
        )
    if not body:
        body.append(f'<tr><td colspan="{len(cols)}">Nothing to fix: every check passed.</td></tr>')
    summary = findings.attrs.get("summary", "")
    cap = f"{caption} ({summary})" if summary else caption
    return (f'<div class="aicollab-ts"><table><caption>{html.escape(cap)}</caption>{head}'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _first_clause(message: str) -> str:
    """The action at the start of a message: up to its first colon or full stop."""
    m = re.match(r"(.+?)(?::\s|(?<!e\.g)(?<!i\.e)\.\s|\.$)", message)
    return (m.group(1) if m else message).rstrip(".") + "."


def summary_html(term_sheet: TermSheet, findings: pd.DataFrame | None = None, *, standalone: bool = True,
                 level: int = 1) -> str:
    """A one-page printable summary of the draft and its findings, as HTML.

    ``findings`` defaults to ``check(term_sheet)``; passed checks are counted, not listed,
    to keep the page short. With ``standalone=True`` (the default) the result is a complete
    HTML document with its styles inline (including print styles for A4) and no link to, or
    resource from, any other site. ``standalone=False`` gives a fragment for display inside
    a notebook, with headings starting at ``level``.
    """
    ts = term_sheet
    if not isinstance(ts, TermSheet):
        raise ValueError("summary_html() expects a TermSheet")
    f = check(ts) if findings is None else _check_findings(findings)
    top = 1 if standalone else level
    passed = int((f["severity"] == "ok").sum())
    parts = [_h(top, ts.title, "ts-title")]
    parts.append(f'<p class="ts-note">{html.escape(ts.note or "Draft term sheet")}. '
                 "Headline terms for discussion; not a contract and not legal advice.</p>")
    blocks = "".join(
        f'<div class="ts-block">{_h(top + 1, heading, "ts-section")}{_rows_table(heading, rows)}</div>'
        for heading, rows in ts.sections()
    )
    parts.append(f'<div class="ts-grid">{blocks}</div>')
    parts.append(_h(top + 1, "Findings", "ts-section"))
    serious = f[f["severity"].isin(["high", "medium"])]
    serious.attrs = dict(f.attrs)
    low = f[f["severity"] == "low"]
    if len(serious):
        parts.append(findings_html(serious, include_ok=False, compact=True,
                                   caption="To fix"))
    if len(low):
        items = "".join(
            f"<li><b>{html.escape(r.id)}</b> {html.escape(_first_clause(r.message))} [{html.escape(r.source.replace(';', '; '))}]</li>"
            for r in low.itertuples(index=False)
        )
        parts.append(f'<p class="ts-lowhead">{_ICON["low"]} Worth considering ({len(low)}):</p><ul class="ts-low">{items}</ul>')
    if not len(serious) and not len(low):
        parts.append("<p>Nothing to fix: every check passed.</p>")
    parts.append(f'<p class="ts-passed">{_ICON["ok"]} {passed} checks passed.</p>')
    keys = []
    for src in f["source"]:
        for k in src.split(";"):
            if k and k not in keys:
                keys.append(k)
    parts.append(_h(top + 1, "Sources", "ts-section"))
    items = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(SOURCES.get(k, k))}</li>" for k in keys)
    parts.append(f'<ul class="ts-sources">{items}</ul>')
    parts.append('<p class="ts-foot">Made with the Partners in Healthcare AI teaching kit (aicollab.termsheet). '
                 "Severity: High = fix before signing; Medium = should be fixed; Low = worth considering.</p>")
    body = f'<div class="aicollab-ts">{"".join(parts)}</div>'
    style = f"<style>{_CSS}</style>"
    if not standalone:
        return style + body
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(ts.title)}: term sheet summary</title>{style}"
        "<style>body{margin:1.2rem;}</style>"
        f"</head><body><main>{body}</main></body></html>\n"
    )


def save_summary(term_sheet: TermSheet, path, findings: pd.DataFrame | None = None) -> Path:
    """Write :func:`summary_html` to ``path`` (a file name ending in .html); return the path.

    Open the file in a browser to read it, print it (Ctrl+P or Cmd+P) or save it as PDF.
    Raises ValueError if the path does not end in .html or its folder does not exist.
    """
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give a file name ending in .html, e.g. 'my_term_sheet.html'")
    p = Path(path).expanduser()
    if p.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"the summary is an HTML page: use a file name ending in .html (got {str(path)!r})")
    if not p.parent.exists():
        raise ValueError(f"the folder {str(p.parent)!r} does not exist; save next to the notebook or create it first")
    if p.is_dir():
        raise ValueError(f"{str(p)!r} is a folder; give a file name ending in .html")
    p.write_text(summary_html(term_sheet, findings), encoding="utf-8")
    return p


def save_draft(term_sheet: TermSheet, path) -> Path:
    """Write the draft in the kit's JSON draft format (see :meth:`TermSheet.from_dict`); return the path.

    The book's kernel-free form opens such a file with "Open a saved draft", and
    :func:`load_draft` reads it back. Raises ValueError for a name not ending in .json or a
    missing folder.
    """
    if not isinstance(term_sheet, TermSheet):
        raise ValueError("save_draft() expects a TermSheet")
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give a file name ending in .json, e.g. 'my_draft.json'")
    p = Path(path).expanduser()
    if p.suffix.lower() != ".json":
        raise ValueError(f"a draft is saved as JSON: use a file name ending in .json (got {str(path)!r})")
    if not p.parent.exists():
        raise ValueError(f"the folder {str(p.parent)!r} does not exist; save next to the notebook or create it first")
    p.write_text(json.dumps(term_sheet.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return p


def load_draft(path) -> TermSheet:
    """Open a draft saved by the book's form ("Download my draft") or by :func:`save_draft`.

    Every problem is a ValueError with a plain message: no such file, not JSON, or a draft
    the kit cannot use (the message of :meth:`TermSheet.from_dict`, e.g. shares that do not
    add up to 100). The file itself is never changed.
    """
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give the path of a draft file, e.g. 'term-sheet-draft-my-partnership.json'")
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"there is no file {str(path)!r}; put the downloaded draft next to this notebook "
                         "(drag it into JupyterLab's file browser) and give its name")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"the file {p.name} is not a term-sheet draft: it is not JSON") from None
    try:
        return TermSheet.from_dict(data)
    except ValueError as exc:
        raise ValueError(f"the file {p.name} could not be opened: {exc}") from None


__all__ += ["save_draft", "load_draft"]


def show_findings(findings: pd.DataFrame, include_ok: bool = True) -> HtmlOutput:
    """Display the findings table in a notebook (works in the static book)."""
    f = _check_findings(findings)
    return HtmlOutput(f"<style>{_CSS}</style>" + findings_html(f, include_ok=include_ok),
                 f"Findings: {f.attrs.get('summary', len(f))}")


def compare_drafts(before: TermSheet, after: TermSheet) -> pd.DataFrame:
    """Each check's severity in two drafts side by side: columns ``id``, ``area``, ``before``, ``after``.

    Only checks whose severity differs are listed, most serious "before" first; a check that
    applies to only one draft shows "n/a" for the other.
    """
    if not isinstance(before, TermSheet) or not isinstance(after, TermSheet):
        raise ValueError("compare_drafts() expects two TermSheets")
    a = check(before).set_index("id")
    b = check(after).set_index("id")
    ids = sorted(set(a.index) | set(b.index))
    rows = []
    for i in ids:
        sa = a["severity"].get(i, "n/a")
        sb = b["severity"].get(i, "n/a")
        if sa != sb:
            area = a["area"].get(i) if i in a.index else b["area"].get(i)
            rows.append((i, area, sa, sb))
    order = {k: n for n, k in enumerate([*SEVERITIES, "n/a"])}
    rows.sort(key=lambda r: (order[r[2]], r[0]))
    return pd.DataFrame(rows, columns=["id", "area", "before", "after"])


def summary_preview(term_sheet: TermSheet, findings: pd.DataFrame | None = None, level: int = 3) -> HtmlOutput:
    """The printable summary inside a collapsible block, for a notebook page."""
    frag = summary_html(term_sheet, findings, standalone=False, level=level)
    markup = (f'<details class="aicollab-ts-preview"><summary>Preview the printable summary of '
              f'"{html.escape(term_sheet.title)}"</summary>{frag}</details>')
    return HtmlOutput(markup, f"Printable summary of {term_sheet.title!r}")


__all__ += ["show_findings", "summary_preview", "compare_drafts"]


# --------------------------------------------------------------------------------------
# Illustrative examples and the room poll
# --------------------------------------------------------------------------------------

_EXAMPLE_NOTE = "Illustrative scenario: invented partners and terms, not a real agreement"


def example_term_sheet(version: str = "first draft") -> TermSheet:
    """An ILLUSTRATIVE term sheet for a lung-nodule triage tool: "first draft" or "revised".

    The first draft has the gaps the checks look for; the revision fixes them. The revised
    percentages are the Shapley shares of the kit's default scenario (lesson 4), rounded.
    """
    v = str(version).strip().casefold()
    if v not in ("first draft", "revised"):
        raise ValueError(f"unknown version {version!r}; choose 'first draft' or 'revised'")
    base = dict(
        title="Lung-nodule triage tool",
        partners={"Clinicians": "clinicians", "Hospital": "hospital", "Research institution": "research",
                  "AI company": "company"},
        patient_benefit="Shorter waits for CT reports by putting scans with suspicious nodules first",
        purpose="commercial",
        note=_EXAMPLE_NOTE,
    )
    if v == "first draft":
        return TermSheet(
            **base,
            data_access="pseudonymised_extract",
            foreground_ip="undecided",
            exclusive_data_rights=True,
            value_rule="negotiated",
            shares={"Clinicians": 0, "Hospital": 20, "Research institution": 20, "AI company": 60},
            instruments=["royalty"],
            clinician_credit=["data_providers_as_authors"],
            deidentified=True,
        )
    from .scenarios import default_partnership

    shares = shares_from_rule(default_partnership(), "shapley")
    return TermSheet(
        **base,
        data_access="secure_environment",
        foreground_ip="company_owns_licence_back",
        background_ip={
            "Clinicians": "Reporting protocols and the labelling guide written by the radiologists",
            "Hospital": "The imaging archive and its data-management processes",
            "Research institution": "The lab's existing nodule-detection code",
            "AI company": "The company's product platform and regulatory files",
        },
        value_rule="shapley",
        shares=shares,
        instruments=["access_fee", "upfront", "milestones", "royalty"],
        clinician_credit=["icmje_authorship", "acknowledgement", "credit_roles", "institutional_recognition"],
        credit_roles={"Clinicians": ["Conceptualization", "Data curation", "Validation"]},
        steering_committee=True,
        clinicians_on_committee=True,
        review_every_months=6,
        exit_terms="If a partner leaves, data access ends, copies held by partners are deleted and the licence-back survives",
        deidentified=True,
        confidentiality_agreement=True,
        public_communication=["plain_summary", "patient_panel", "publish_terms"],
        clinician_training=True,
        shared_standards=True,
        ai_research_unit=True,
    )


#: How each rule is named in the room poll (the instructor's notebook counts these answers).
POLL_RULE_ANSWERS: dict[str, str] = {
    "proportional": "Proportional to contributions",
    "shapley": "Shapley value",
    "equal": "Equal split",
    "nash": "Nash bargaining",
    "negotiated": "Negotiated without a formula",
}


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
        out[q["share"]] = round(_add(ts.shares[n] for n in clin), 1)
    out.update({
        q["access"]: DATA_ACCESS[ts.data_access],
        q["ip"]: FOREGROUND_IP[ts.foreground_ip],
        q["instruments"]: [INSTRUMENTS[k] for k in ts.instruments],
        q["credit"]: [CLINICIAN_CREDIT[k] for k in ts.clinician_credit],
        q["committee"]: ts.steering_committee,
        q["public"]: [PUBLIC_COMMUNICATION[k] for k in ts.public_communication],
    })
    return out


def export_for_poll(term_sheet: TermSheet, path=None, name: str | None = None):
    """Save the capstone choices for the room poll (:func:`aicollab.poll.export_choices`).

    Returns the path of the small JSON file written (by default in the current folder).
    """
    from .poll import export_choices

    return export_choices(capstone=poll_choices(term_sheet), name=name, path=path)


__all__ += ["POLL_RULE_ANSWERS", "export_for_poll"]


# --------------------------------------------------------------------------------------
# The kernel-free form (the static book, and JupyterLab without a running kernel)
# --------------------------------------------------------------------------------------

#: The vendored script that runs the kernel-free form (in ``aicollab/static/``).
FORM_SCRIPT = "termsheet-form.js"

#: Labels of the yes/no terms, shared by both forms.
FLAG_LABELS: dict[str, str] = {
    "steering_committee": "A joint steering committee oversees the partnership",
    "clinicians_on_committee": "Clinicians sit on the steering committee",
    "deidentified": "Data are de-identified before partners see them",
    "confidentiality_agreement": "A confidentiality agreement is signed",
    "clinician_training": "AI training for clinicians is part of the project",
    "shared_standards": "Partners agree data and technical standards",
    "ai_research_unit": "A hospital AI research unit or team is involved",
}

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


def form_config(start: TermSheet | None = None) -> dict:
    """Everything the kernel-free form needs, as JSON-ready data (the single source of its words).

    ``start`` is the draft the form opens with (default: the illustrative first draft).
    Menus are lists of ``[key, label]`` pairs so their order survives JSON; messages, check
    areas and sources, severities, colours and the printable summary's CSS are the ones
    :func:`check` and :func:`summary_html` use.
    """
    start = example_term_sheet("first draft") if start is None else start
    if not isinstance(start, TermSheet):
        raise ValueError("form_config() expects a TermSheet to start from (or nothing, for the illustrative first draft)")
    pairs = lambda m: [[k, v] for k, v in m.items()]  # noqa: E731
    from .poll import FORMAT_VERSION, KIT_MARKER

    blank = TermSheet(title="My partnership")
    return {
        "menus": {
            "roles": pairs(ROLES), "purposes": pairs(PURPOSES), "data_access": pairs(DATA_ACCESS),
            "foreground_ip": pairs(FOREGROUND_IP), "value_rules": pairs(VALUE_RULES), "instruments": pairs(INSTRUMENTS),
            "clinician_credit": pairs(CLINICIAN_CREDIT), "public_communication": pairs(PUBLIC_COMMUNICATION),
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
        "form_css": _FORM_CSS,
        "share_tolerance": SHARE_TOLERANCE,
        "max_partners": _MAX_PARTNERS,
        "max_text": _MAX_TEXT,
        "role_words": [[role, list(words)] for role, words in _ROLE_WORDS],
        "flag_fields": list(FLAG_LABELS),
        "flag_labels": pairs(FLAG_LABELS),
        "draft_kit": DRAFT_KIT,
        "draft_version": DRAFT_VERSION,
        "draft_fields": [f.name for f in fields(TermSheet) if f.name not in ("shares", "background_ip", "credit_roles")],
        "partner_keys": list(_PARTNER_KEYS),
        "defaults": {
            "title": TermSheet.title, "partner_names": list(_DEFAULT_PARTNERS), "purpose": TermSheet.purpose,
            "data_access": TermSheet.data_access, "foreground_ip": TermSheet.foreground_ip,
            "value_rule": TermSheet.value_rule,
        },
        "start": start.to_dict(),
        "blank": blank.to_dict(),
        "poll": {
            "kit": KIT_MARKER, "version": FORMAT_VERSION, "rule_answers": dict(POLL_RULE_ANSWERS),
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
    in the same words (computed in the browser by ``aicollab/static/termsheet-form.js`` from
    :func:`form_config`), a printable summary to download or print, the draft as a JSON file
    (:meth:`TermSheet.from_dict` reads it) and the room-poll file. The output is deterministic
    (no random ids), so nbval can compare it.
    """
    from .render import FILES_SCRIPT, STATIC_ROUTE, inline_script

    cfg = json.dumps(form_config(start), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    cfg = cfg.replace("</", "<\\/")
    loader = _LOADER % {"route": STATIC_ROUTE, "script": FORM_SCRIPT}
    markup = (
        inline_script(FILES_SCRIPT)
        + f'<div class="aicollab-tsform"><style>{_FORM_CSS}</style>'
        '<p class="aicollab-tsform-loading">Loading the term-sheet form (it runs in your browser; nothing is sent '
        "anywhere)...</p>"
        "<noscript><p>The term-sheet form needs JavaScript. The filled example above and its findings work without it."
        "</p></noscript>"
        f'<script type="application/json" class="aicollab-tsform-config">{cfg}</script></div>'
        f"<script>{loader}</script>"
    )
    title = (start or example_term_sheet("first draft")).title
    return HtmlOutput(markup, f"Term-sheet form (runs in the browser), starting from {title!r}")


__all__ += ["FORM_SCRIPT", "FLAG_LABELS", "form_config", "static_form"]


# --------------------------------------------------------------------------------------
# The JupyterLab form
# --------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return (s or "term-sheet")[:60]


class TermSheetForm:
    """A form for drafting a term sheet in JupyterLab (display it as a cell's last line).

    Dropdowns, text boxes, sliders and tick boxes collect the draft; **Check my draft**
    validates it and lists the findings; **Save summary** writes the printable summary as an
    HTML file next to the notebook. Bad input shows a plain message and keeps everything the
    learner typed. ``form.term_sheet`` is the last valid draft; ``form.findings`` its findings.
    """

    def __init__(self, term_sheet: TermSheet | None = None, folder=None):
        import ipywidgets as w

        self._w = w
        self.term_sheet: TermSheet = term_sheet or TermSheet(title="My partnership")
        self.findings: pd.DataFrame | None = None
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.last_saved: Path | None = None
        ts = self.term_sheet
        wide = {"description_width": "16rem"}
        full = w.Layout(width="46rem")
        self.title = w.Text(value=ts.title, description="Project title", style=wide, layout=full)
        self.partners_text = w.Text(value=", ".join(ts.partners), description="Partners (comma-separated)",
                                    style=wide, layout=full)
        self.apply_partners = w.Button(description="Use these partners", tooltip="Rebuild the share sliders")
        self.aim = w.Textarea(value=ts.patient_benefit, description="Aim for patient care", style=wide, layout=full)
        self.purpose = w.Dropdown(options=[(v, k) for k, v in PURPOSES.items()], value=ts.purpose,
                                  description="Purpose", style=wide, layout=full)
        self.data_access = w.Dropdown(options=[(v, k) for k, v in DATA_ACCESS.items()], value=ts.data_access,
                                      description="Data access", style=wide, layout=full)
        self.exclusive = w.Checkbox(value=ts.exclusive_data_rights, description="A partner gets exclusive rights to the data",
                                    indent=False)
        self.foreground = w.Dropdown(options=[(v, k) for k, v in FOREGROUND_IP.items()], value=ts.foreground_ip,
                                     description="New (foreground) IP", style=wide, layout=full)
        self.rule = w.Dropdown(options=[(v, k) for k, v in VALUE_RULES.items()], value=ts.value_rule,
                               description="How the split is set", style=wide, layout=full)
        self.instruments = {k: w.Checkbox(value=k in ts.instruments, description=v, indent=False,
                                          layout=w.Layout(width="46rem")) for k, v in INSTRUMENTS.items()}
        self.credit = {k: w.Checkbox(value=k in ts.clinician_credit, description=v, indent=False,
                                     layout=w.Layout(width="46rem")) for k, v in CLINICIAN_CREDIT.items()}
        self.public = {k: w.Checkbox(value=k in ts.public_communication, description=v, indent=False,
                                     layout=w.Layout(width="46rem")) for k, v in PUBLIC_COMMUNICATION.items()}
        self.flags = {
            name: w.Checkbox(value=getattr(ts, name), description=label, indent=False, layout=w.Layout(width="46rem"))
            for name, label in FLAG_LABELS.items()
        }
        self.review = w.IntSlider(value=ts.review_every_months, min=0, max=24, step=1,
                                  description="Review every (months; 0 = never)", style=wide, layout=full)
        self.exit_terms = w.Textarea(value=ts.exit_terms, description="Exit and termination terms", style=wide, layout=full)
        self.shares_box = w.VBox()
        self.background_box = w.VBox()
        self.share_total = w.HTML()
        self._share_sliders: dict[str, object] = {}
        self._background: dict[str, object] = {}
        self.check_button = w.Button(description="Check my draft", button_style="primary",
                                     tooltip="Check the draft against the sources' recommendations")
        self.save_button = w.Button(description="Save summary", tooltip="Write a printable HTML summary next to the notebook")
        self.draft_button = w.Button(description="Save draft (JSON)",
                                     tooltip="Write the draft as a JSON file next to the notebook (the book's form opens it)")
        self.message = w.HTML()
        self.results = w.HTML()
        from .poll import export_button

        self.poll_box = export_button(lambda: {"capstone": poll_choices(self.draft())}, path=self.folder,
                                      description="Save my answers for the room poll")
        self.apply_partners.on_click(self._on_partners)
        self.check_button.on_click(self._on_check)
        self.save_button.on_click(self._on_save)
        self.draft_button.on_click(self._on_save_draft)
        self._build_partner_controls(dict(ts.shares), dict(ts.background_ip))

        def heading(text):
            return w.HTML(f"<h4 style='margin:0.8rem 0 0.2rem 0'>{html.escape(text)}</h4>")

        self.widget = w.VBox([
            heading("Term-sheet builder"),
            self.title, w.HBox([self.partners_text, self.apply_partners]), self.aim, self.purpose,
            heading("Data access and privacy"), self.data_access, self.exclusive,
            self.flags["deidentified"], self.flags["confidentiality_agreement"],
            heading("Intellectual property"), self.foreground,
            w.HTML("Background IP: what each partner brings and keeps"), self.background_box,
            heading("Value share (percent; must add up to 100)"), self.rule, self.shares_box, self.share_total,
            heading("Instruments"), *self.instruments.values(),
            heading("Credit for clinicians"), *self.credit.values(),
            heading("Governance"), self.flags["steering_committee"], self.flags["clinicians_on_committee"],
            self.review, self.exit_terms,
            heading("Patients and the public"), *self.public.values(),
            heading("Building capacity"), self.flags["clinician_training"], self.flags["shared_standards"],
            self.flags["ai_research_unit"],
            w.HBox([self.check_button, self.save_button, self.draft_button]), self.message, self.results,
            heading("Room poll (workshops)"), self.poll_box,
        ])

    # ---- building ----------------------------------------------------------------------
    def _build_partner_controls(self, shares: Mapping[str, float], background: Mapping[str, str]) -> None:
        w = self._w
        names = [n.strip() for n in self.partners_text.value.split(",") if n.strip()]
        self._share_sliders = {}
        self._background = {}
        for n in names:
            sl = w.FloatSlider(value=float(shares.get(n, 0.0)), min=0, max=100, step=0.5, description=n,
                               style={"description_width": "16rem"}, layout=w.Layout(width="46rem"),
                               readout_format=".1f")
            sl.observe(self._on_share, names="value")
            self._share_sliders[n] = sl
            self._background[n] = w.Text(value=background.get(n, ""), description=n,
                                         style={"description_width": "16rem"}, layout=w.Layout(width="46rem"))
        self.shares_box.children = tuple(self._share_sliders.values())
        self.background_box.children = tuple(self._background.values())
        self._on_share()

    def _on_share(self, _change=None) -> None:
        total = sum(s.value for s in self._share_sliders.values())
        ok = abs(total - 100) <= SHARE_TOLERANCE
        colour = "#006B4F" if ok else "#A33A00"
        words = "adds up to 100" if ok else "must add up to 100"
        self.share_total.value = f"<span style='color:{colour}'>Total: {total:.1f}% ({words})</span>"

    def _on_partners(self, _button=None) -> None:
        old = {n: s.value for n, s in self._share_sliders.items()}
        bg = {n: t.value for n, t in self._background.items()}
        self._build_partner_controls(old, bg)
        self._say("Partners updated: set each partner's share so they add up to 100.", ok=True)

    # ---- reading and acting ------------------------------------------------------------
    def draft(self) -> TermSheet:
        """Build a TermSheet from the form's current values (raises ValueError if invalid)."""
        names = [n.strip() for n in self.partners_text.value.split(",") if n.strip()]
        if set(names) != set(self._share_sliders):
            raise ValueError("the partner list has changed: press 'Use these partners' first")
        known = dict(self.term_sheet.partners)
        return TermSheet(
            title=self.title.value,
            # a partner kept from the starting draft keeps its role; a new one gets a guessed role
            partners={n: known.get(" ".join(n.split())) for n in names},
            patient_benefit=self.aim.value,
            purpose=self.purpose.value,
            data_access=self.data_access.value,
            foreground_ip=self.foreground.value,
            background_ip={n: t.value for n, t in self._background.items()},
            exclusive_data_rights=self.exclusive.value,
            value_rule=self.rule.value,
            shares={n: s.value for n, s in self._share_sliders.items()},
            instruments=[k for k, c in self.instruments.items() if c.value],
            clinician_credit=[k for k, c in self.credit.items() if c.value],
            review_every_months=self.review.value,
            exit_terms=self.exit_terms.value,
            public_communication=[k for k, c in self.public.items() if c.value],
            # no widgets for these: carried over from the starting draft
            credit_roles={n: r for n, r in self.term_sheet.credit_roles.items() if n in names},
            note=self.term_sheet.note,
            **{k: c.value for k, c in self.flags.items()},
        )

    def _say(self, text: str, ok: bool = False) -> None:
        if ok:
            self.message.value = f"<p role='status' style='color:#006B4F'>{html.escape(text)}</p>"
        else:
            text = text[0].upper() + text[1:] if text else text
            if text and not text.endswith((".", "!", "?", ")")):
                text += "."
            self.message.value = (f"<p role='alert' style='color:#A33A00'><b>Check this:</b> {html.escape(text)} "
                                  "Your draft is kept; nothing was lost.</p>")

    def _on_check(self, _button=None) -> bool:
        try:
            ts = self.draft()
        except ValueError as exc:
            self._say(str(exc))
            return False
        self.term_sheet = ts
        self.findings = check(ts)
        self._say(f"Checked: {self.findings.attrs['summary']}.", ok=True)
        self.results.value = f"<style>{_CSS}</style>" + findings_html(self.findings)
        return True

    def _save_file(self, what: str, pattern: str, write) -> Path | None:
        """Check the draft, then ``write(path)`` next to the notebook, the file named by ``pattern``
        with the checked draft's title in place of ``{}``; None (and a message) when that fails."""
        if not self._on_check():
            return None
        try:
            path = write(self.folder / pattern.format(_slug(self.term_sheet.title)))
        except (ValueError, OSError) as exc:
            self._say(f"the {what} could not be saved ({exc})")
            return None
        return path

    def _on_save(self, _button=None) -> Path | None:
        path = self._save_file("summary", "term-sheet-{}.html",
                               lambda p: save_summary(self.term_sheet, p, self.findings))
        if path is not None:
            self.last_saved = path
            self._say(f"Saved {path.name} next to this notebook. Open it from the file browser, then print it "
                      "(Ctrl+P or Cmd+P) or download it.", ok=True)
        return path

    def _on_save_draft(self, _button=None) -> Path | None:
        path = self._save_file("draft", "term-sheet-draft-{}.json", lambda p: save_draft(self.term_sheet, p))
        if path is not None:
            self._say(f"Saved {path.name} next to this notebook. load_draft({path.name!r}) opens it again; in the "
                      "book, use the form's 'Open a saved draft'.", ok=True)
        return path

    def answers(self) -> dict[str, object]:
        """The last valid draft's headline choices (see :func:`poll_choices`)."""
        return poll_choices(self.term_sheet)

    # ---- display -----------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Term-sheet form: {self.term_sheet.title!r} ({len(self.term_sheet.partners)} partners)"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/plain"] = repr(self)
        return bundle
