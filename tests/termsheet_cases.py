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
import json
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
    out.append(sum_order_draft())
    return out


def sum_order_draft() -> dict:
    """Three clinician partners whose shares total 38.949999999999996 added from the left but
    38.95 added from the right: one decimal gives 38.9 or 39.0, so an interpreter that adds in
    another order than the rulebook's ``sum`` shows a different T08 message."""
    return {
        "title": "Sum order",
        "partners": [
            {"name": "Radiologists", "role": "clinicians", "share": 10.27},
            {"name": "Nurses", "role": "clinicians", "share": 25.14},
            {"name": "Pathologists", "role": "clinicians", "share": 3.54},
            {"name": "AI company", "role": "company", "share": 61.05},
        ],
        "clinician_credit": ["acknowledgement"],
    }


# ---- hostile draft files (bytes), for load_draft / read_draft and the form's "Open a saved draft" ----


def _revised() -> dict:
    return T.example_term_sheet("revised").to_dict()


def _raw(field: str, raw: str, partner: int | None = None) -> str:
    """The revised example as JSON text with one field (or one partner's field) replaced by raw JSON text."""
    d = _revised()
    if partner is None:
        d[field] = "@@"
    else:
        d["partners"][partner][field] = "@@"
    return json.dumps(d, ensure_ascii=False).replace('"@@"', raw, 1)


def _u(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def hostile_files() -> list[tuple[str, bytes]]:
    """Named draft files that a careless or hostile hand might give the form or load_draft.

    Encodings and byte-order marks, sizes, broken JSON, nesting, duplicate keys, huge and odd
    numbers, broken, invisible and look-alike text, prototype-like names. Both readers must open
    each the same way or refuse it with the same message.
    """
    good = json.dumps(_revised(), ensure_ascii=False)
    accented = json.dumps({**_revised(), "title": "Café Hôpital «triage» – 2026"}, ensure_ascii=False)
    files: dict[str, bytes] = {
        "plain.json": _u(good),
        "bom.json": b"\xef\xbb\xbf" + _u(accented),
        "utf16le.json": accented.encode("utf-16"),  # with a BOM, as Windows Notepad saves "Unicode"
        "utf16be.json": b"\xfe\xff" + accented.encode("utf-16-be"),
        "utf16-no-bom.json": accented.encode("utf-16-le"),
        "utf16-odd.json": accented.encode("utf-16")[:-1],
        "utf16-lone-surrogate.json": b"\xff\xfe"
        + '{"title": "'.encode("utf-16-le")
        + b"\x00\xd8"
        + '"}'.encode("utf-16-le"),
        "utf32.json": accented.encode("utf-32"),
        "utf32be.json": b"\x00\x00\xfe\xff" + accented.encode("utf-32-be"),
        "latin1.json": accented.encode("latin-1", "replace"),
        "cp1252.json": json.dumps({**_revised(), "title": "Smart “quotes”"}, ensure_ascii=False).encode("cp1252"),
        "invalid-byte.json": _u(good[:20]) + b"\xff" + _u(good[20:]),
        "overlong.json": _u(good[:20]) + b"\xc0\xaf" + _u(good[20:]),
        "cesu-surrogate.json": _u(good[:20]) + b"\xed\xa0\x80" + _u(good[20:]),
        "cut-multibyte.json": _u(accented)[: _u(accented).index("é".encode()) + 1],
        "bom-twice.json": b"\xef\xbb\xbf\xef\xbb\xbf" + _u(good),
        "too-big.json": _u(" " * 262_144 + good),
        "just-fits.json": _u(good + " " * (262_144 - len(_u(good)))),
        "empty.json": b"",
        "spaces.json": b" \n\t\r ",
        "open-brace.json": b"{",
        "array.json": b"[1, 2]",
        "text.json": b'"a draft"',
        "null.json": b"null",
        "trailing.json": _u(good + " x"),
        "trailing-comma.json": b'{"title": "T",}',
        "array-comma.json": b'{"instruments": ["upfront",]}',
        "leading-zero.json": _u(_raw("review_every_months", "06")),
        "single-quotes.json": b"{'title': 'T'}",
        "comment.json": _u("// my draft\n" + good),
        "nan.json": _u(_raw("share", "NaN", 0)),
        "infinity.json": _u(_raw("share", "Infinity", 0)),
        "minus-infinity.json": _u(_raw("review_every_months", "-Infinity")),
        "control-in-string.json": _u(good.replace('"Lung', '"Lu\x01ng', 1)),
        "deep-array.json": _u("[" * 100_000 + "]" * 100_000),
        "deep-object.json": _u('{"title":' * 5000 + "1" + "}" * 5000),
        "deep-title.json": _u(_raw("title", "[" * 3000 + "]" * 3000)),
        "depth-6.json": _u(_raw("note", "[" * 5 + "]" * 5)),
        "depth-7.json": _u(_raw("note", "[" * 6 + "]" * 6)),
        "empty-containers.json": _u(_raw("note", '[{}, [], {"a": []}]')),
        "duplicate-title.json": b'{"title": "Agreed title", "title": "Other title"}',
        "duplicate-escaped.json": b'{"title": "A", "\\u0074itle": "B"}',
        "duplicate-in-partner.json": _u(good.replace('"share": 33.1', '"share": 33.1, "share": 50', 1)),
        "duplicate-proto.json": b'{"__proto__": 1, "__proto__": 2}',
        "same-key-two-objects.json": b'{"partners": [{"name": "A", "share": 50}, {"name": "B", "share": 50}]}',
        "digits-5000.json": _u(_raw("review_every_months", "9" * 5000)),
        "digits-400.json": _u(_raw("share", "1" + "0" * 400, 0)),
        "number-21-digits.json": _u(_raw("share", "33." + "1" * 19, 0)),
        "number-20-digits.json": _u(_raw("share", "33." + "1" * 18, 0)),
        "number-1e400.json": _u(_raw("share", "1e400", 0)),
        "number-1e16.json": _u(_raw("review_every_months", "1e16")),
        "number-1e15.json": _u(_raw("review_every_months", "1e15")),
        "title-20-digit-integer.json": _u(_raw("title", "12345678901234567890")),
        "number-underflow.json": _u(_raw("share", "1e-400", 3)),
        "title-1.0.json": _u(_raw("title", "1.0")),
        "title-minus-0.json": _u(_raw("title", "-0.0")),
        "title-tiny.json": _u(_raw("title", "1.5e-7")),
        "months-36.0.json": _u(_raw("review_every_months", "36.0")),
        "months-1e1.json": _u(_raw("review_every_months", "1e1")),
        "months-almost-12.json": _u(_raw("review_every_months", "12.000000000000001")),
        "months-minus-0.json": _u(_raw("review_every_months", "-0")),
        "share-denormal.json": _u(_raw("share", "5e-324", 0)),
        "share-minus-0.json": _u(_raw("share", "-0.0", 0)),
        "share-tiny-negative.json": _u(_raw("share", "-1e-7", 0)),
        "share-too-big.json": _u(_raw("share", "150", 0)),
        "title-lone-high.json": _u(_raw("title", '"Lung \\ud800 tool"')),
        "title-lone-low.json": _u(_raw("title", '"\\udc00"')),
        "title-reversed-pair.json": _u(_raw("title", '"\\udc00\\ud800"')),
        "title-valid-pair.json": _u(_raw("title", '"Lung \\ud83e\\udec1 tool"')),
        "title-nul.json": _u(_raw("title", '"Lung\\u0000tool"')),
        "title-zwsp-only.json": _u(_raw("title", '"\\u200b"')),
        "title-bom-char.json": _u(_raw("title", '"\\ufeffLung"')),
        "title-soft-hyphen.json": _u(_raw("title", '"Lung\\u00adtool"')),
        "title-line-separator.json": _u(_raw("title", '"Lung\\u2028tool"')),
        "title-esc.json": _u(_raw("title", '"\\u001b[31mRed"')),
        "title-tag.json": _u(_raw("title", '"Lung\\udb40\\udc01"')),
        "title-201-combining.json": _u(_raw("title", json.dumps("e" + "\u0301" * 200))),
        "title-markup.json": _u(_raw("title", '"</script><!--<script>&amp;"')),
        "title-list-50k.json": _u(_raw("title", json.dumps(["x"] * 50_000))),
        "title-list-300k.json": _u(_raw("title", json.dumps(["x"] * 300_000))),
        "note-object-proto.json": _u(_raw("note", '{"__proto__": {"x": 1}}')),
        "name-zwsp-twin.json": _u(good.replace('"name": "Hospital"', '"name": "Clinicians\\u200b"', 1)),
        "name-joiner-twin.json": _u(good.replace('"name": "Hospital"', '"name": "Clini\\u200dcians"', 1)),
        "name-nfd-twin.json": json.dumps(
            {"partners": [{"name": "Café", "share": 50}, {"name": "Cafe\u0301", "share": 50}]}, ensure_ascii=False
        ).encode(),
        "name-case-twin.json": _u(good.replace('"name": "Hospital"', '"name": "  CLINICIANS "', 1)),
        "name-sharp-s-twin.json": _u(
            json.dumps({"partners": [{"name": "Straße Clinic", "share": 50}, {"name": "STRASSE CLINIC", "share": 50}]})
        ),
        "name-rtl-override.json": _u(good.replace('"name": "AI company"', '"name": "\\u202eynapmoc IA"', 1)),
        "name-nul.json": _u(good.replace('"name": "Clinicians"', '"name": "Clini\\u0000cians"', 1)),
        "name-hangul-filler.json": _u(good.replace('"name": "Hospital"', '"name": "\\u3164"', 1)),
        "name-101.json": _u(good.replace('"name": "Hospital"', '"name": "' + "H" * 101 + '"', 1)),
        "name-100.json": _u(good.replace('"name": "Hospital"', '"name": "' + "H" * 100 + '"', 1)),
        "name-200k.json": _u(good.replace('"name": "Hospital"', '"name": "' + "H" * 200_000 + '"', 1)),
        "name-6m.json": _u(good.replace('"name": "Hospital"', '"name": "' + "H" * 6_000_000 + '"', 1)),
        "name-long-unknown.json": _u(good.replace('"name": "Hospital"', '"name": "' + "Ω" * 99 + '"', 1)),
        "name-constructor.json": _u(good.replace('"name": "Clinicians"', '"name": "constructor"', 1)),
        "name-proto.json": _u(good.replace('"name": "Clinicians"', '"name": "__proto__"', 1)),
        "name-tostring-twice.json": _u(
            good.replace('"name": "Clinicians"', '"name": "toString"', 1).replace(
                '"name": "Hospital"', '"name": "TOSTRING"', 1
            )
        ),
        "role-constructor.json": _u(_raw("role", '"constructor"', 0)),
        "role-proto.json": _u(_raw("role", '"__proto__"', 0)),
        "credit-role-hasownproperty.json": _u(_raw("credit_roles", '["hasOwnProperty"]', 0)),
        "credit-roles-object.json": _u(_raw("credit_roles", '{"length": 2}', 0)),
        "purpose-valueof.json": _u(_raw("purpose", '"valueOf"')),
        "instruments-proto.json": _u(_raw("instruments", '["__proto__"]')),
        "instruments-object.json": _u(_raw("instruments", '{"upfront": true}')),
        "unknown-numeric-keys.json": b'{"title": "T", "b": 1, "10": 2, "9": 3}',
        "unknown-partner-keys.json": b'{"partners": [{"name": "A", "zeta": 1, "2": 2}, {"name": "B"}]}',
        "proto-top.json": b'{"__proto__": {"title": 5}, "title": "Prototype"}',
        "kit-list.json": b'{"kit": ["aicollab-term-sheet"]}',
        "version-1.0.json": b'{"version": 1.0, "title": "One point oh"}',
        "version-true.json": b'{"version": true}',
        "menu-label-spaces.json": _u(_raw("purpose", '"  NON-COMMERCIAL:   research, audit or an open model "')),
        "menu-invisible.json": _u(_raw("purpose", '"comm\\u200bercial"')),
        "exit-terms-long.json": _u(_raw("exit_terms", json.dumps("e" * 2001))),
    }
    return list(files.items())


_ATOMS = [
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1.0",
    "36.0",
    "2.5",
    "-2.5",
    "1e-7",
    "5e-324",
    "1e15",
    "1e16",
    "1e22",
    "NaN",
    "Infinity",
    "99999999999999999999",
    "[]",
    "{}",
    "[[[[[[[[[[]]]]]]]]]]",
    '{"a": 1, "a": 2}',
    '""',
    '"   "',
    '"x"',
    '"\\u0000"',
    '"\\u200b"',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u202e"',
    '"Cafe\\u0301"',
    '"__proto__"',
    '"constructor"',
    '"toString"',
    '"hasOwnProperty"',
    '"</script>"',
    '"<!--"',
    '"\\u2028"',
    '"commercial"',
    '"COMMERCIAL"',
    '"royalty"',
    '["royalty", "royalty"]',
    '["upfront", 5]',
    '"' + "y" * 250 + '"',
    "[" * 40 + "]" * 40,
    '{"name": "A"}',
    '[{"name": "A"}]',
    "1" * 40,
]
_FIELDS = [
    "title",
    "note",
    "patient_benefit",
    "purpose",
    "data_access",
    "foreground_ip",
    "exclusive_data_rights",
    "value_rule",
    "instruments",
    "clinician_credit",
    "steering_committee",
    "review_every_months",
    "exit_terms",
    "public_communication",
    "kit",
    "version",
    "partners",
]
_PARTNER_FIELDS = ["name", "role", "share", "background_ip", "credit_roles"]
_ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]


def random_hostile_files(count: int, seed: int = 17) -> list[tuple[str, bytes]]:
    """``count`` seeded drafts with one to three fields replaced by hostile JSON text, in a random encoding."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        d = _revised()
        slots = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            if rng.random() < 0.4 and isinstance(d["partners"], list):
                k = rng.randrange(len(d["partners"]))
                field = rng.choice(_PARTNER_FIELDS)
                d["partners"][k][field] = f"@@{len(slots)}@@"
            else:
                d[rng.choice(_FIELDS)] = f"@@{len(slots)}@@"
            slots.append(rng.choice(_ATOMS))
        text = json.dumps(d, ensure_ascii=False)
        for j, atom in enumerate(slots):
            text = text.replace(f'"@@{j}@@"', atom)
        encoding = rng.choice(_ENCODINGS)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        out.append((f"random-{i}.json", data))
    return out
