"""The draft term sheet (:class:`TermSheet`): every field checked, and its JSON draft format.

A bad value raises ``ValueError`` with a message that says what is wrong and what is allowed.
Drafts travel between the book's kernel-free form and JupyterLab as JSON
(:meth:`TermSheet.to_dict` / :meth:`TermSheet.from_dict`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from aicollab.display.render import tool_html
from aicollab.inputs import InputError, bounded, excerpt, number_text

from .boundary import clean_text, collapse, key
from .menus import (
    _DEFAULT_PARTNERS,
    CLINICIAN_CREDIT,
    CREDIT_ROLES,
    DATA_ACCESS,
    FOREGROUND_IP,
    INSTRUMENTS,
    MENUS,
    PUBLIC_COMMUNICATION,
    PURPOSES,
    ROLES,
    VALUE_RULES,
    infer_role,
)
from .rulebook import RULEBOOK, add_left_to_right, fill, one_decimal
from .sections import _sections_html

# Validation helpers: the rules and the words come from the rulebook's "draft" section
# --------------------------------------------------------------------------------------

_DRAFT = RULEBOOK["draft"]
_MSG = _DRAFT["messages"]


def _fail(message: str, **values) -> InputError:
    """The kit's input error (a ValueError) with one of the rulebook's draft messages, filled in and bounded."""
    return InputError(bounded(fill(_MSG[message], values)))


def _text(value, what: str, *, required: bool = False, max_length: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail("text_type", what=what, got=excerpt(value))
    return clean_text(value, what, required=required, max_length=max_length)


def _choice(value, options: Mapping[str, str], what: str) -> str:
    """Accept an option's key or its label (any case, any spacing); return the key."""
    if isinstance(value, str):
        v = key(value)
        for k, label in options.items():
            if v in (key(k), key(label)):
                return k
    valid = ", ".join(excerpt(k) for k in options)
    raise _fail("choice_unknown", what=what, got=excerpt(value), valid=valid)


def _choices(values, options: Mapping[str, str], what: str) -> tuple[str, ...]:
    """A list of option keys/labels (or one text) -> tuple of keys in the menu's order, no duplicates."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise _fail("choices_type", what=what, got=excerpt(values))
    keys = {_choice(v, options, what) for v in values}
    return tuple(k for k in options if k in keys)


def _flag(value, what: str) -> bool:
    if not isinstance(value, bool):
        raise _fail("flag_type", what=what, got=excerpt(value))
    return value


def _months(value, spec: Mapping) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not value.is_integer())
    ):
        raise _fail("months_type", what=spec["what"], got=excerpt(value))
    if not spec["min"] <= value <= spec["max"]:
        raise _fail("months_range", what=spec["what"], min=spec["min"], max=spec["max"], got=excerpt(value))
    return int(value)


def _partner_name(name, k: int) -> str:
    """Partner ``k``'s name, checked like every text (NFC, no invisible characters, a length limit)."""
    if not isinstance(name, str) or not collapse(name):
        raise _fail("partner_no_name", got=excerpt(name))
    what = fill(_MSG["partner_name_what"], {"k": k})
    return clean_text(name, what, required=True, max_length=_DRAFT["name_max_length"])


def _first(keys) -> str:
    """The first of some keys in code-point order (JavaScript reorders number-like keys, so the
    draft's own order cannot be used to pick the one a message names)."""
    return min(keys)


def shares_from_rule(partnership, rule: str = "shapley", **options) -> dict[str, float]:
    """Percentages per partner from a lesson-4 sharing rule, rounded to one decimal place.

    ``partnership`` is an :class:`aicollab.model.Partnership`; ``rule`` and ``options`` are
    passed to :func:`aicollab.model.allocate`. The result can be used as a term sheet's
    ``shares`` (it adds up to 100 within the allowed rounding).
    """
    from aicollab.model import allocate

    x = allocate(partnership, rule, **options)
    return {str(p): round(float(v) / partnership.total * 100.0, 1) for p, v in x.items()}


# --------------------------------------------------------------------------------------
# The term sheet
# --------------------------------------------------------------------------------------


#: The JSON draft format: its marker and version, its top-level keys and the keys of one partner.
DRAFT_KIT: str = _DRAFT["kit"]
DRAFT_VERSION: int = _DRAFT["version"]
_TOP_KEYS = tuple(f["name"] for f in _DRAFT["fields"] if f["kind"] not in ("background_ip", "shares", "credit_roles"))
_PARTNER_KEYS = tuple(_DRAFT["partner_keys"])


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
        # Field by field in the rulebook's order (the first problem is the one reported).
        names: tuple[str, ...] = ()
        for spec in _DRAFT["fields"]:
            name, kind, value = spec["name"], spec["kind"], getattr(self, spec["name"])
            if kind == "text":
                value = _text(value, spec["what"], required=spec.get("required", False), max_length=spec["max_length"])
            elif kind == "choice":
                value = _choice(value, MENUS[spec["menu"]], spec["what"])
            elif kind == "choices":
                value = _choices(value, MENUS[spec["menu"]], spec["what"])
            elif kind == "flag":
                value = _flag(value, spec["what"])
            elif kind == "months":
                value = _months(value, spec)
            elif kind == "partners":
                value = self._check_partners(value)
                names = tuple(value)
            elif kind == "background_ip":
                value = self._check_background(value, names, spec)
            elif kind == "shares":
                value = self._check_shares(value, names)
            elif kind == "credit_roles":
                value = self._check_roles(value, names)
            object.__setattr__(self, name, value)

    # ---- field checks ----------------------------------------------------------------
    @staticmethod
    def _check_partners(partners) -> dict[str, str]:
        if isinstance(partners, str):
            raise _fail("partners_text", got=excerpt(partners))
        if isinstance(partners, Mapping):
            items = list(partners.items())
        else:
            try:
                items = [(p, None) for p in partners]
            except TypeError:
                raise _fail("partners_type", got=excerpt(partners)) from None
        out: dict[str, str] = {}
        seen: set[str] = set()
        for k, (name, role) in enumerate(items, start=1):
            clean = _partner_name(name, k)
            if key(clean) in seen:
                raise _fail("partner_twice", name=excerpt(clean))
            seen.add(key(clean))
            what = fill(_MSG["role_what"], {"name": excerpt(clean)})
            out[clean] = infer_role(clean) if role is None else _choice(role, ROLES, what)
        if len(out) < _DRAFT["partners_min"]:
            raise _fail("too_few_partners", min=_DRAFT["partners_min"], count=len(out))
        if len(out) > _DRAFT["partners_max"]:
            raise _fail("too_many_partners", max=_DRAFT["partners_max"], count=len(out))
        return out

    @staticmethod
    def _partner(name, names: tuple[str, ...], what: str) -> str:
        if isinstance(name, str):
            k = key(name)
            for n in names:
                if key(n) == k:
                    return n
        raise _fail("unknown_partner", got=excerpt(name), what=what, names=", ".join(names))

    def _check_background(self, background, names, spec: Mapping) -> dict[str, str]:
        if background is None:
            return {}
        if not isinstance(background, Mapping):
            raise _fail("background_type")
        out = {}
        for k, v in background.items():
            p = self._partner(k, names, "background_ip")
            t = _text(v, fill(spec["what"], {"name": excerpt(p)}), max_length=spec["max_length"])
            if t:
                out[p] = t
        return {n: out[n] for n in names if n in out}

    def _check_shares(self, shares, names) -> dict[str, float]:
        if shares is None:
            return {n: 100.0 / len(names) for n in names}
        if isinstance(shares, pd.Series):
            shares = shares.to_dict()
        if not isinstance(shares, Mapping):
            raise _fail("shares_type")
        got: dict[str, float] = {}
        for k, v in shares.items():
            p = self._partner(k, names, "shares")
            who = excerpt(p)
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise _fail("share_not_number", name=who, got=excerpt(v))
            try:
                f = float(v)
            except OverflowError:
                raise _fail("share_too_big", name=who, max=_DRAFT["share_max"], value=excerpt(v)) from None
            if not math.isfinite(f):
                raise _fail("share_not_finite", name=who, got=excerpt(v))
            if f < 0:
                raise _fail("share_negative", name=who, value=number_text(v))
            if f > _DRAFT["share_max"]:
                raise _fail("share_too_big", name=who, max=_DRAFT["share_max"], value=number_text(v))
            got[p] = f
        missing = [n for n in names if n not in got]
        if missing:
            raise _fail("share_missing", name=excerpt(missing[0]))
        total = add_left_to_right(got[n] for n in names)
        if not abs(total - 100.0) <= _DRAFT["share_tolerance"]:
            raise _fail("shares_total", total=one_decimal(total), tolerance=number_text(_DRAFT["share_tolerance"]))
        return {n: got[n] for n in names}

    def _check_roles(self, roles, names) -> dict[str, tuple[str, ...]]:
        if roles is None:
            return {}
        if not isinstance(roles, Mapping):
            raise _fail("credit_roles_type")
        out = {}
        lookup = {key(r): r for r in CREDIT_ROLES}
        lookup.update({key(r.replace("–", "-")): r for r in CREDIT_ROLES})
        for k, v in roles.items():
            p = self._partner(k, names, "credit_roles")
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, (list, tuple, set, frozenset)):
                raise _fail("roles_type", name=excerpt(p), got=excerpt(v))
            chosen = set()
            for r in v:
                found = lookup.get(key(r)) if isinstance(r, str) else None
                if found is None:
                    raise _fail(
                        "role_unknown",
                        got=excerpt(r),
                        name=excerpt(p),
                        count=len(CREDIT_ROLES),
                        roles=", ".join(CREDIT_ROLES),
                    )
                chosen.add(found)
            if chosen:
                out[p] = tuple(r for r in CREDIT_ROLES if r in chosen)
        return {n: out[n] for n in names if n in out}

    # ---- views -----------------------------------------------------------------------
    # ---- the JSON draft format (shared with the book's kernel-free form) ----------------
    def to_dict(self) -> dict:
        """The draft in the kit's JSON draft format (see :func:`TermSheet.from_dict`).

        This is the format the book's kernel-free form downloads ("Download my draft"), so a
        draft started in the browser can be finished in JupyterLab and back.
        """
        partners = []
        for n, role in self.partners.items():
            partners.append(
                {
                    "name": n,
                    "role": role,
                    "share": self.shares[n],
                    "background_ip": self.background_ip.get(n, ""),
                    "credit_roles": list(self.credit_roles.get(n, ())),
                }
            )
        out: dict = {
            "kit": DRAFT_KIT,
            "version": DRAFT_VERSION,
            "title": self.title,
            "note": self.note,
            "partners": partners,
        }
        for f in fields(self):
            if f.name in ("title", "note", "partners", "shares", "background_ip", "credit_roles"):
                continue
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_dict(cls, data) -> TermSheet:
        """A draft from the kit's JSON draft format (what :meth:`to_dict` and the book's form write).

        The format is one JSON object: ``title``, ``note`` and the flat fields of
        :class:`TermSheet` under their own names, plus ``partners``: a list of objects, one
        per partner, each with ``name`` and optionally ``role`` (a :data:`ROLES` key; guessed
        from the name when missing), ``share`` (percent), ``background_ip`` (text) and
        ``credit_roles`` (a list). Missing fields take their defaults; when no partner has a
        share the split is equal. ``"kit"`` and ``"version"`` are optional, but when present
        they must be ``"aicollab-term-sheet"`` and 1. Raises ``ValueError`` with a plain
        message for anything else (an unknown field, a partner without a name, ...).

        The rules and their words are the rulebook's ``draft`` section (``rulebook.json``); the
        book's kernel-free form applies the same section (``termsheet-rules.js``), and
        ``tests/test_termsheet_browser.py`` proves both give the same messages and findings.
        """
        if not isinstance(data, Mapping):
            raise _fail("not_object")
        d = dict(data)
        kit = d.pop("kit", DRAFT_KIT)
        if kit != DRAFT_KIT:
            raise _fail("wrong_kit", got=excerpt(kit), kit=excerpt(DRAFT_KIT))
        version = d.pop("version", DRAFT_VERSION)
        if isinstance(version, bool) or version != DRAFT_VERSION:
            raise _fail("wrong_version", got=excerpt(version), version=DRAFT_VERSION)
        unknown = [k for k in d if k not in _TOP_KEYS]
        if unknown:
            raise _fail("unknown_field", got=excerpt(_first(unknown)), fields=", ".join(_TOP_KEYS))
        kwargs = dict(d)
        if "partners" in d:
            rows = d["partners"]
            if not isinstance(rows, list):
                raise _fail("partners_not_list")
            partners, shares, background, roles = {}, {}, {}, {}
            seen: set[str] = set()
            for i, row in enumerate(rows, start=1):
                if not isinstance(row, Mapping):
                    raise _fail("partner_not_object", k=i, got=excerpt(row))
                extra = [k for k in row if k not in _PARTNER_KEYS]
                if extra:
                    raise _fail("unknown_partner_field", got=excerpt(_first(extra)), k=i, keys=", ".join(_PARTNER_KEYS))
                name = row.get("name")
                if not isinstance(name, str):
                    raise _fail("partner_no_name", got=excerpt(name))
                clean = _partner_name(name, i) if collapse(name) else ""
                if clean and key(clean) in seen:
                    raise _fail("partner_twice", name=excerpt(clean))
                seen.add(key(clean))
                partners[name] = row.get("role")
                share = row.get("share")
                if share is not None:
                    if isinstance(share, bool) or not isinstance(share, (int, float)):
                        raise _fail("share_not_number", name=excerpt(clean), got=excerpt(share))
                    shares[name] = share
                if row.get("background_ip") is not None:
                    background[name] = row["background_ip"]
                if row.get("credit_roles") is not None:
                    roles[name] = row["credit_roles"]
            kwargs.update(
                partners=partners, background_ip=background, credit_roles=roles, shares=shares if shares else None
            )
        return cls(**kwargs)

    def with_changes(self, **changes) -> TermSheet:
        """A copy with some fields changed (checked again), e.g. ``ts.with_changes(deidentified=True)``."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise _fail("unknown_field", got=excerpt(unknown[0]), fields=", ".join(f.name for f in fields(self)))
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
        shares = "; ".join(f"{n} {one_decimal(v)}%" for n, v in self.shares.items())
        if self.background_ip:
            bg_text = "; ".join(f"{n}: {self.background_ip.get(n, 'not listed')}" for n in self.partners)
        else:
            bg_text = "Not listed for any partner"
        roles = [(f"CRediT roles: {n}", ", ".join(r)) for n, r in self.credit_roles.items()]
        return [
            (
                "Partners and aim",
                [
                    ("Partners", partners),
                    ("Aim for patients", self.patient_benefit or "Not stated"),
                    ("Purpose", PURPOSES[self.purpose]),
                ],
            ),
            (
                "Data access",
                [
                    ("Access route", DATA_ACCESS[self.data_access]),
                    ("Exclusive rights", yes(self.exclusive_data_rights)),
                ],
            ),
            (
                "Intellectual property",
                [("New (foreground) IP", FOREGROUND_IP[self.foreground_ip]), ("Background IP (kept by each)", bg_text)],
            ),
            ("Value share", [("How the split is set", VALUE_RULES[self.value_rule]), ("Shares", shares)]),
            ("Value-sharing instruments", [("Instruments", listed(self.instruments, INSTRUMENTS))]),
            ("Credit for clinicians", [("Credit", listed(self.clinician_credit, CLINICIAN_CREDIT)), *roles]),
            (
                "Governance",
                [
                    ("Steering committee", yes(self.steering_committee)),
                    ("Clinicians on it", yes(self.clinicians_on_committee)),
                    (
                        "Review points",
                        f"Every {self.review_every_months} months" if self.review_every_months else "None agreed",
                    ),
                    ("Exit terms", self.exit_terms or "Not stated"),
                ],
            ),
            (
                "Privacy",
                [
                    ("De-identified data", yes(self.deidentified)),
                    ("Confidentiality agreement", yes(self.confidentiality_agreement)),
                ],
            ),
            ("Patients and the public", [("Communication", listed(self.public_communication, PUBLIC_COMMUNICATION))]),
            (
                "Building capacity",
                [
                    ("AI training for clinicians", yes(self.clinician_training)),
                    ("Shared standards", yes(self.shared_standards)),
                    ("Hospital AI research unit", yes(self.ai_research_unit)),
                ],
            ),
        ]

    def to_frame(self) -> pd.DataFrame:
        """The draft as a table: columns ``section``, ``item``, ``value``."""
        rows = [(sec, label, value) for sec, items in self.sections() for label, value in items]
        return pd.DataFrame(rows, columns=["section", "item", "value"])

    def __repr__(self) -> str:
        return f"TermSheet({self.title!r}, partners={list(self.partners)!r})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        # Styled by termsheet.css, which the book links and kit.js links in JupyterLab.
        return {"text/plain": repr(self), "text/html": tool_html("termsheet-view", _sections_html(self, level=3))}
