"""The draft term sheet (:class:`TermSheet`): every field checked, and its JSON draft format.

A bad value raises ``ValueError`` with a message that says what is wrong and what is allowed.
Drafts travel between the book's kernel-free form and JupyterLab as JSON
(:meth:`TermSheet.to_dict` / :meth:`TermSheet.from_dict`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from aicollab.display.render import tool_html

from .menus import (
    _DEFAULT_PARTNERS,
    _MAX_PARTNERS,
    _MAX_TEXT,
    CLINICIAN_CREDIT,
    CREDIT_ROLES,
    DATA_ACCESS,
    FOREGROUND_IP,
    INSTRUMENTS,
    PUBLIC_COMMUNICATION,
    PURPOSES,
    ROLES,
    SHARE_TOLERANCE,
    VALUE_RULES,
    infer_role,
)
from .sections import _sections_html

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
        for flag in (
            "steering_committee",
            "clinicians_on_committee",
            "deidentified",
            "confidentiality_agreement",
            "clinician_training",
            "shared_standards",
            "ai_research_unit",
        ):
            s(flag, _flag(getattr(self, flag), flag))
        s("review_every_months", self._check_months(self.review_every_months))
        s("exit_terms", _text(self.exit_terms, "the exit terms"))
        s(
            "public_communication",
            _choices(self.public_communication, PUBLIC_COMMUNICATION, "public-communication option"),
        )
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
                raise ValueError(
                    f"partners must be a list of names or a dict {{name: role}}, got {partners!r}"
                ) from None
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
        if (
            isinstance(months, bool)
            or not isinstance(months, (int, float))
            or (isinstance(months, float) and not months.is_integer())
        ):
            raise ValueError(
                f"review_every_months must be a whole number of months (0 = no review points), got {months!r}"
            )
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

        The book's kernel-free form applies the same rules in JavaScript
        (``aicollab/display/static/termsheet-form.js``); ``tests/test_termsheet_browser.py`` proves
        both give the same messages and findings.
        """
        if not isinstance(data, Mapping):
            raise ValueError(
                'a term-sheet draft must be a JSON object ({...}) with fields such as "title" and "partners"'
            )
        d = dict(data)
        kit = d.pop("kit", DRAFT_KIT)
        if kit != DRAFT_KIT:
            raise ValueError(f'this is not a term-sheet draft of this kit (its "kit" is {kit!r}, not {DRAFT_KIT!r})')
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
                raise ValueError('"partners" must be a list of partners, each like {"name": "Hospital", "share": 25}')
            partners, shares, background, roles = {}, {}, {}, {}
            seen: set[str] = set()
            for i, row in enumerate(rows, start=1):
                if not isinstance(row, Mapping):
                    raise ValueError(
                        f'partner {i} must be an object with a name, like {{"name": "Hospital"}}; got {row!r}'
                    )
                extra = [k for k in row if k not in _PARTNER_KEYS]
                if extra:
                    raise ValueError(
                        f"unknown field {extra[0]!r} for partner {i}; a partner has: {', '.join(_PARTNER_KEYS)}"
                    )
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
            kwargs.update(
                partners=partners, background_ip=background, credit_roles=roles, shares=shares if shares else None
            )
        return cls(**kwargs)

    def with_changes(self, **changes) -> TermSheet:
        """A copy with some fields changed (checked again), e.g. ``ts.with_changes(deidentified=True)``."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise ValueError(
                f"unknown term-sheet field {unknown[0]!r}; the fields are: {', '.join(f.name for f in fields(self))}"
            )
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
