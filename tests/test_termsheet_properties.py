"""Property tests of the term-sheet model (Hypothesis): any valid draft survives the JSON draft
format unchanged, and check() always gives one well-formed finding per applicable check."""

from __future__ import annotations

import json
import os
import tempfile

# Keep Hypothesis' cache out of the repository (it is created lazily on first use).
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "aicollab-hypothesis"))

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

from aicollab import termsheet as T  # noqa: E402
from aicollab.inputs import InputError  # noqa: E402
from aicollab.termsheet.boundary import collapse, key  # noqa: E402

# Texts a learner can type: no control or format characters (the draft rules refuse those;
# tests/test_termsheet_rules.py covers them), no Hangul fillers.
_VISIBLE = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Cf"), exclude_characters="\u034f\u115f\u1160\u3164\uffa0"
)
NAME = st.text(alphabet=_VISIBLE, min_size=1, max_size=24).filter(lambda s: collapse(s))
TEXT = st.text(alphabet=_VISIBLE, max_size=60)


@st.composite
def term_sheets(draw) -> T.TermSheet:
    names = draw(st.lists(NAME, min_size=2, max_size=8, unique_by=key))
    roles = {n: draw(st.sampled_from(list(T.ROLES))) for n in names}
    weights = draw(st.lists(st.integers(0, 1000), min_size=len(names), max_size=len(names)).filter(any))
    total = sum(weights)
    shares = {n: w * 100 / total for n, w in zip(names, weights)}
    pick = lambda menu: draw(st.lists(st.sampled_from(list(menu)), unique=True))  # noqa: E731
    return T.TermSheet(
        title=draw(NAME),
        partners=roles,
        shares=shares,
        patient_benefit=draw(TEXT),
        purpose=draw(st.sampled_from(list(T.PURPOSES))),
        data_access=draw(st.sampled_from(list(T.DATA_ACCESS))),
        foreground_ip=draw(st.sampled_from(list(T.FOREGROUND_IP))),
        background_ip={n: draw(TEXT) for n in names if draw(st.booleans())},
        exclusive_data_rights=draw(st.booleans()),
        value_rule=draw(st.sampled_from(list(T.VALUE_RULES))),
        instruments=pick(T.INSTRUMENTS),
        clinician_credit=pick(T.CLINICIAN_CREDIT),
        credit_roles={
            n: draw(st.lists(st.sampled_from(T.CREDIT_ROLES), unique=True)) for n in names if draw(st.booleans())
        },
        review_every_months=draw(st.integers(0, 36)),
        exit_terms=draw(TEXT),
        public_communication=pick(T.PUBLIC_COMMUNICATION),
        note=draw(TEXT),
        **{f: draw(st.booleans()) for f in T.FLAG_LABELS},
    )


@settings(max_examples=150, deadline=None)
@given(term_sheets())
def test_json_draft_format_round_trips(ts):
    again = T.TermSheet.from_dict(json.loads(json.dumps(ts.to_dict())))
    assert again == ts


@settings(max_examples=150, deadline=None)
@given(term_sheets())
def test_check_gives_one_well_formed_finding_per_applicable_check(ts):
    f = T.check(ts)
    assert f["id"].is_unique
    assert set(f["id"]) <= set(T.CHECKS)
    always = {
        "T01",
        "T02",
        "T04",
        "T05",
        "T06",
        "T08",
        "T09",
        "T10",
        "T11",
        "T13",
        "T14",
        "T15",
        "T17",
        "T19",
        "T20",
        "T21",
        "T22",
        "T23",
        "T24",
        "T25",
        "T26",
        "T27",
    }
    assert always <= set(f["id"])
    assert set(f["severity"]) <= set(T.SEVERITIES)
    order = [list(T.SEVERITIES).index(s) for s in f["severity"]]
    assert order == sorted(order)
    for r in f.itertuples():
        assert (r.area, r.source) == T.CHECKS[r.id]
        assert r.message
        for placeholder in ("{missing}", "{share}", "{rule}", "{months}"):  # every template field was filled
            assert placeholder not in r.message or any(placeholder in n for n in ts.partners)
    counts = f["severity"].value_counts()
    assert f.attrs["summary"] == ", ".join(f"{int(counts.get(k, 0))} {k}" for k in T.SEVERITIES)


# ---- the draft reader under hostile input (issue 17) --------------------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=30) | st.sampled_from(
    ["\ud800", "a\udc00", "\u200b", "\u202e", "\x00", "Cafe\u0301", "__proto__", "constructor", "</script>", "ß" * 120]
)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
_FIELD = st.sampled_from([*T.TermSheet.__dataclass_fields__, "kit", "version", "name", "role", "share"])


@st.composite
def draft_files(draw) -> bytes:
    """The revised example with a few fields (or a partner's fields) replaced by any JSON value,
    written in one of the encodings a learner's editor might use."""
    d = T.example_term_sheet("revised").to_dict()
    for _ in range(draw(st.integers(1, 3))):
        field, value = draw(_FIELD), draw(_JSON)
        if field in ("name", "role", "share"):
            partners = d["partners"]  # an earlier draw may have replaced the list itself
            if isinstance(partners, list) and partners:
                partner = partners[draw(st.integers(0, len(partners) - 1))]
                if isinstance(partner, dict):
                    partner[field] = value
        else:
            d[field] = value
    text = json.dumps(d, ensure_ascii=draw(st.booleans()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


@settings(max_examples=300, deadline=None)
@given(st.one_of(draft_files(), st.binary(max_size=300)))
def test_reading_any_file_opens_a_usable_draft_or_says_why(data):
    """No exception but the kit's InputError (naming the file, at most 400 characters); what
    opens can be checked, summarised and saved as UTF-8."""
    try:
        ts = T.read_draft(data, "fuzz.json")
    except InputError as exc:
        assert "fuzz.json" in str(exc) and len(str(exc)) <= 400
        return
    T.summary_html(ts, T.check(ts)).encode("utf-8")
    json.dumps(ts.to_dict(), ensure_ascii=False).encode("utf-8")
