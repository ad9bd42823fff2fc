"""Random term-sheet drafts in the kit's JSON draft format, valid and invalid.

Used by ``tests/test_termsheet_browser.py`` to prove that the book's kernel-free form
(``aicollab/display/static/termsheet-form.js``) and :mod:`aicollab.termsheet` agree on every draft:
the same error message for a bad draft, the same findings and the same printable summary
for a good one. The drafts are plain JSON (what the form reads and writes), seeded so a
failure can be replayed.

What is covered on purpose: names with accents, quotes, markup characters, extra spaces
and digits only (JavaScript orders digit-only object keys first, so the form must not use
objects for partners); shares whose one-decimal rounding is an exact tie (12.25); a share
of -0.0; menu values given as labels or in another case; every validation rule (empty
title, 1 or 9 partners, duplicate or blank names, negative, missing or non-number shares,
totals off 100, months that are not whole or out of range, unknown menu values and fields,
texts one character too long, a wrong ``kit`` or ``version``).

What is left out on purpose: a number where text is expected given as a float with an
integer value (JSON ``42.0``); Python prints ``42.0`` and JavaScript cannot tell it from
``42``. The form never writes such a value.
"""

from __future__ import annotations

import copy
import random

from aicollab import termsheet as T

NAMES = [
    "Clinicians",
    "Radiologists",
    "Hospital",
    "University Hospital Trust",
    "Research institution",
    "Imaging lab",
    "AI company",
    "MedVision Ltd",
    "Patients' forum",
    "Regional funder",
    "Ünïversity Klinik",
    "Straße Clinic",
    "O'Brien Foundation",
    'The "Q" Institute',
    "<b>AI & Co</b>",
    "12",
    "007",
    "  Nurses   team ",
    "Ἀθῆναι Lab",
    "Data stewards",
]
TEXTS = [
    "",
    "   ",
    "Faster CT reports",
    "Shorter waits for <urgent> scans & fewer misses",
    'Patients\' data stay in the "trust"',
    "Reporting protocols\nand labels",
    "Ω ≤ 5 % — ok",
    "x" * 150,
]


def _pick_keys(rng: random.Random, menu: dict, k_max: int | None = None) -> list[str]:
    keys = list(menu)
    k = rng.randint(0, len(keys) if k_max is None else k_max)
    chosen = rng.sample(keys, k)
    out = []
    for key in chosen:  # sometimes the label, sometimes another case
        r = rng.random()
        out.append(menu[key] if r < 0.1 else key.upper() if r < 0.15 else key)
    return out


def _choice(rng: random.Random, menu: dict) -> str:
    key = rng.choice(list(menu))
    r = rng.random()
    return menu[key] if r < 0.1 else f"  {key.title()} " if r < 0.15 else key


def _shares(rng: random.Random, n: int) -> list[float]:
    style = rng.random()
    if style < 0.2:
        return [round(100 / n, 2)] * (n - 1) + [round(100 - round(100 / n, 2) * (n - 1), 2)]
    if style < 0.35:  # exact ties at one decimal (x.25, x.75)
        base = [12.25, 12.75, 0.25, 24.75, 50.0, 0.0, 0.0, 0.0][:n]
        base[-1] = 0.0
        base[-1] = round(100 - sum(base), 2)
        return base
    if style < 0.45:
        s = [0.0] * n
        s[rng.randrange(n)] = 100.0
        if rng.random() < 0.5:
            s[rng.randrange(n)] = -0.0 if s.count(100.0) else s[0]
        return s
    raw = [rng.random() ** 2 for _ in range(n)]
    tot = sum(raw)
    vals = [round(100 * x / tot, rng.choice([0, 1, 2, 3])) for x in raw]
    vals[-1] = round(vals[-1] + (100 - sum(vals)), 3)
    if vals[-1] < 0:
        vals = [100.0] + [0.0] * (n - 1)
    return vals


def random_valid(rng: random.Random) -> dict:
    """A draft that should pass validation (most of the time; rounding may still push a total off)."""
    n = rng.randint(2, 6)
    names = rng.sample(NAMES, n)
    shares = _shares(rng, n)
    partners = []
    for name, share in zip(names, shares):
        p: dict = {"name": name}
        r = rng.random()
        if r < 0.6:
            p["role"] = _choice(rng, T.ROLES)
        elif r < 0.8:
            p["role"] = None
        p["share"] = share
        if rng.random() < 0.6:
            p["background_ip"] = rng.choice(TEXTS)
        if rng.random() < 0.4:
            roles = rng.sample(T.CREDIT_ROLES, rng.randint(0, 4))
            roles = [r.replace("–", "-").lower() if rng.random() < 0.3 else r for r in roles]
            p["credit_roles"] = roles
        partners.append(p)
    d: dict = {"kit": T.DRAFT_KIT, "version": T.DRAFT_VERSION} if rng.random() < 0.7 else {}
    d["title"] = rng.choice(["Lung-nodule triage", "  Sepsis   alert ", "Ward <AI> & 'friends'", "Ω"])
    d["note"] = rng.choice(["", "Illustrative scenario", "Draft 2 — for discussion"])
    d["partners"] = partners
    d["patient_benefit"] = rng.choice(TEXTS)
    d["purpose"] = _choice(rng, T.PURPOSES)
    d["data_access"] = _choice(rng, T.DATA_ACCESS)
    d["foreground_ip"] = _choice(rng, T.FOREGROUND_IP)
    d["exclusive_data_rights"] = rng.random() < 0.4
    d["value_rule"] = _choice(rng, T.VALUE_RULES)
    d["instruments"] = _pick_keys(rng, T.INSTRUMENTS)
    d["clinician_credit"] = _pick_keys(rng, T.CLINICIAN_CREDIT)
    if rng.random() < 0.2:
        d["instruments"] = rng.choice(list(T.INSTRUMENTS))  # one text, not a list
    for flag in (
        "steering_committee",
        "clinicians_on_committee",
        "deidentified",
        "confidentiality_agreement",
        "clinician_training",
        "shared_standards",
        "ai_research_unit",
    ):
        if rng.random() < 0.9:
            d[flag] = rng.random() < 0.5
    d["review_every_months"] = rng.choice([0, 0, 3, 6, 12, 36, 6.0])
    d["exit_terms"] = rng.choice(TEXTS)
    d["public_communication"] = _pick_keys(rng, T.PUBLIC_COMMUNICATION)
    for key in list(d):  # sometimes leave a field out: its default applies
        if key not in ("title", "partners") and rng.random() < 0.05:
            del d[key]
    return d


def _mutations(rng: random.Random, d: dict) -> list:
    """Ways to break a draft: (description, function that changes the draft in place)."""

    def set_(key, value):
        return lambda x: x.__setitem__(key, value)

    def rows(x):
        ps = x.get("partners")
        return [p for p in ps if isinstance(p, dict)] if isinstance(ps, list) else []

    def partner(i, key, value):
        def change(x):
            if rows(x):
                rows(x)[i % len(rows(x))][key] = value

        return change

    def drop_share(x):
        if rows(x):
            rows(x)[-1].pop("share", None)

    def dup(x):
        r = rows(x)
        if len(r) >= 2 and isinstance(r[0].get("name"), str):
            r[-1]["name"] = " " + r[0]["name"].upper() + "  "

    def nine(x):
        x["partners"] = [{"name": f"P{k}", "share": 100 / 9} for k in range(9)]

    def one(x):
        x["partners"] = x["partners"][:1]

    return [
        set_("title", ""),
        set_("title", "   "),
        set_("title", 42),
        set_("title", None),
        set_("title", "t" * 201),
        set_("note", "n" * 401),
        set_("exit_terms", "e" * 2001),
        set_("patient_benefit", ["a"]),
        set_("purpose", "profit"),
        set_("purpose", 3),
        set_("data_access", None),
        set_("foreground_ip", "mine"),
        set_("value_rule", "shapely"),
        set_("instruments", ["royalty", "bitcoin"]),
        set_("instruments", 5),
        set_("instruments", True),
        set_("clinician_credit", ["fame"]),
        set_("public_communication", [None]),
        set_("steering_committee", "yes"),
        set_("deidentified", 1),
        set_("ai_research_unit", None),
        set_("review_every_months", 2.5),
        set_("review_every_months", -1),
        set_("review_every_months", 37),
        set_("review_every_months", True),
        set_("review_every_months", "6"),
        set_("review_every_months", 1e-07),
        set_("review_every_months", 1e300),
        set_("colour", "blue"),
        set_("kit", "aicollab-room-poll"),
        set_("version", 2),
        set_("version", True),
        set_("partners", "Clinicians, Hospital"),
        set_("partners", [["Clinicians", 50]]),
        one,
        nine,
        dup,
        drop_share,
        partner(0, "name", ""),
        partner(1, "name", "   "),
        partner(0, "name", None),
        partner(1, "name", 7),
        partner(0, "role", "boss"),
        partner(1, "share", -2.5),
        partner(0, "share", -1e-07),
        partner(0, "share", "25"),
        partner(1, "share", True),
        partner(0, "share", 1e300),
        partner(1, "share", 0.6 + 100),
        partner(0, "background_ip", 5),
        partner(0, "background_ip", "b" * 2001),
        partner(1, "credit_roles", ["Hero"]),
        partner(0, "credit_roles", 3),
        partner(0, "colour", "red"),
    ]


def random_drafts(count: int, seed: int = 0) -> list[dict]:
    """``count`` drafts: about two thirds valid, the rest with one or two deliberate faults."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        d = random_valid(rng)
        if "partners" not in d:
            d["partners"] = [{"name": "Clinicians", "share": 50}, {"name": "Hospital", "share": 50}]
        if rng.random() < 0.35:
            muts = _mutations(rng, d)
            for m in rng.sample(muts, rng.choice([1, 1, 2])):
                m(d)
        out.append(copy.deepcopy(d))
    return out


def fixed_drafts() -> list[dict]:
    """Hand-picked drafts: the two illustrative examples, the default draft and every single fault."""
    out = [
        T.example_term_sheet("first draft").to_dict(),
        T.example_term_sheet("revised").to_dict(),
        T.TermSheet().to_dict(),
        {},
        {"title": "Only a title"},
    ]
    rng = random.Random(99)
    base = T.example_term_sheet("revised").to_dict()
    for k in range(len(_mutations(rng, base))):
        d = copy.deepcopy(base)
        _mutations(rng, d)[k](d)
        out.append(d)
    out.append({"__proto__": {"title": 5}, "title": "Prototype"})  # an odd field name stays an unknown field
    out.append({"partners": [{"name": "A", "__proto__": 1}, {"name": "B"}]})
    out.append([1, 2])  # not an object at all
    out.append("a draft")
    return out
