"""Hypothesis strategies for hostile and careless input (issue 17), shared by the fuzzers here.

- ``hostile_text``: any code point, plus pools Hypothesis rarely draws on its own: lone
  surrogates, invisible, bidi and control characters, markup openers, prototype-like names
  (``constructor``, ``__proto__``...) and look-alikes; now and then very long;
- ``numbers``: zero, signed zero, denormals, values around the kit's limits, 1e308, NaN,
  infinities, and integers of 19 to 4,300 digits;
- ``json_values``: nested JSON-able values; ``raw_json``: JSON *text*, so that keys can repeat
  and literals can be what ``json.dumps`` never writes (5,000-digit numbers, 1e400, NaN,
  nesting 50,000 deep);
- ``poll_files``: folders of room-poll files (shared ids, odd names, odd encodings);
- ``csv_mutations``: a real dataset file with one cell replaced, sometimes cut short or re-encoded;
- ``model_calls``: calls into the value model with hostile numbers and names.

Written from the prototype in /work/scratch/hostile (fuzz_strategies.py), trimmed so each
example is cheap to draw.
"""

from __future__ import annotations

import json
import math

from hypothesis import strategies as st

PROTO_NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "then"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\x00", "\x1b", "\x7f"]
INVISIBLE += ["\u0085", "\u2028", "\u2029", "\u180e", "\U000e0041", "\u3164", "\u034f"]
#: Lone surrogates (Hypothesis' text() almost never draws them), including surrogateescape's.
SURROGATES = ["\ud800", "\udbff", "\udfff", "\udc80", "\udcff"]
MARKUP = ["<!--", "-->", "<script>", "</script>", "</", "]]>", "&", "\u2028"]
LOOKALIKE = ["Funding", "Fund\u0456ng", "Funding\u200b", "Fun\u00addi\u200dng", "\uff26unding", "Cafe\u0301", "Café"]
LOOKALIKE += ["Clinicians", "clinicians ", "CLINICIANS", "\u0130", "\u00df", "\ufb01"]
EXTREME_FLOATS = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1e-7, 1e-6, 0.5, 99.95, 100.0, 100.0000001, 1e12]
EXTREME_FLOATS += [1e15, 1.0000000000000002e15, 2.0**53, 1e21, 1e300, 1e308, -1e308, math.nan, math.inf, -math.inf]
BIG_INT_DIGITS = [19, 20, 21, 309, 400, 4300]  # as Python ints (json.dumps cannot write more)
BIG_LITERAL_DIGITS = [4301, 5000]  # only as raw JSON text

any_char = st.characters(codec=None, categories=None)


@st.composite
def hostile_text(draw, max_size: int = 30) -> str:
    """Text from several pools, sometimes glued together, sometimes very long."""
    part = st.one_of(
        st.text(any_char, max_size=max_size),
        st.sampled_from(INVISIBLE + SURROGATES + MARKUP + PROTO_NAMES + LOOKALIKE),
        st.text(st.sampled_from(INVISIBLE + SURROGATES + ["a", " ", "\u0301"]), max_size=6),
    )
    text = "".join(draw(st.lists(part, min_size=1, max_size=3)))
    if draw(st.integers(0, 40)) == 0:  # now and then: very long
        text = text * draw(st.sampled_from([100, 5000]))
    return text


def numbers() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(EXTREME_FLOATS),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**6), 10**6),
        st.sampled_from(BIG_INT_DIGITS).map(lambda n: 10 ** (n - 1)),
        st.sampled_from(BIG_INT_DIGITS).map(lambda n: -(10 ** (n - 1))),
    )


def keys() -> st.SearchStrategy:
    return st.one_of(st.sampled_from(PROTO_NAMES + LOOKALIKE + ["kit", "version", "weights", "name"]), hostile_text(12))


json_values = st.recursive(
    st.none() | st.booleans() | numbers() | hostile_text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys(), children, max_size=3),
    max_leaves=6,
)
scalars = st.none() | st.booleans() | numbers() | hostile_text(20)


def _needs_ascii(obj) -> bool:
    """True when ``obj`` holds a lone surrogate: JSON can carry it only as a \\uXXXX escape."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _lit_number() -> st.SearchStrategy:
    return st.one_of(
        numbers().filter(lambda x: not (isinstance(x, float) and not math.isfinite(x))).map(json.dumps),
        st.sampled_from(["-0", "-0.0", "1e400", "-1e400", "1e-400", "1.0", "1E+2", "NaN", "Infinity", "-Infinity"]),
        st.sampled_from(BIG_INT_DIGITS + BIG_LITERAL_DIGITS).map(lambda n: "9" * n),
    )


def _lit_string() -> st.SearchStrategy:
    return hostile_text().map(lambda s: json.dumps(s, ensure_ascii=_needs_ascii(s)))


@st.composite
def raw_json(draw, depth: int = 0) -> str:
    """JSON text whose objects may repeat keys and whose nesting may be extreme."""
    kinds = ["num", "str", "lit"] + (["list", "obj", "obj", "deep"] if depth <= 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "num":
        return draw(_lit_number())
    if kind == "str":
        return draw(_lit_string())
    if kind == "lit":
        return draw(st.sampled_from(["null", "true", "false"]))
    if kind == "deep":
        n = draw(st.sampled_from([5, 10, 1000, 50_000]))
        return "[" * n + draw(raw_json(depth=3)) + "]" * n
    if kind == "list":
        return "[" + ", ".join(draw(st.lists(raw_json(depth=depth + 1), max_size=3))) + "]"
    names = draw(st.lists(keys(), max_size=3))
    if names and draw(st.booleans()):
        names.append(draw(st.sampled_from(names)))  # a key given twice
    return "{" + ", ".join(f"{json.dumps(k)}: {draw(raw_json(depth=depth + 1))}" for k in names) + "}"


# ---------------------------------------------------------------------------- room-poll files
RESOURCES = ["Image data sharing", "Clinical information", "Funding", "Algorithm development", "funding "]
BARRIERS = ["legal", "standards", "LEGAL", "Policy support", "data-access"]
CREATED = ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2099-01-01T00:00:00+00:00", "2026-W48-1"]
CREATED += ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.000+00:00", "1999-01-01T00:00:00Z"]


@st.composite
def poll_documents(draw) -> dict:
    """A dict shaped like a poll file: the marker is usually right, the values often not."""
    doc: dict = {
        "kit": draw(st.sampled_from(["aicollab-room-poll"] * 6 + ["other"])),
        "version": draw(st.sampled_from([1, 1, 1, 1.0, 2, "1", True, 10**400])),
    }
    if draw(st.booleans()):
        doc["submission_id"] = draw(
            st.one_of(st.uuids().map(str), st.uuids().map(lambda u: "{" + str(u).upper() + "}"), hostile_text(40))
        )
    if draw(st.booleans()):
        doc["created"] = draw(st.sampled_from(CREATED) | scalars)
    if draw(st.booleans()):
        doc["name"] = draw(st.none() | hostile_text(70))
    weight_keys = st.sampled_from(RESOURCES) | keys()
    doc["weights"] = draw(st.dictionaries(weight_keys, numbers(), max_size=6) | json_values)
    doc["barrier_ranking"] = draw(st.lists(st.sampled_from(BARRIERS) | hostile_text(20), max_size=6) | json_values)
    doc["capstone"] = draw(st.dictionaries(keys(), scalars | st.lists(scalars, max_size=3), max_size=4) | json_values)
    return doc


@st.composite
def poll_files(draw) -> dict[str, bytes]:
    """One to three files: serialised documents (some sharing an id), raw hostile JSON, odd encodings."""
    files: dict[str, bytes] = {}
    shared_id = str(draw(st.uuids()))
    for i in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["doc", "doc", "doc", "raw", "bytes"]))
        name = draw(st.sampled_from([f"f{i}.json", f"f{i} (1).json", f"\x1b[31mf{i}.json", f"f{i}\u202e.json"]))
        doc = draw(poll_documents())
        if how == "doc":
            if draw(st.integers(0, 2)) == 0:
                doc["submission_id"] = shared_id
            text = json.dumps(doc, ensure_ascii=draw(st.booleans()) or _needs_ascii(doc), allow_nan=True)
            data = text.encode("utf-8")
        elif how == "raw":
            head = '{"kit": "aicollab-room-poll", "version": 1, "submission_id": "' + shared_id + '", "weights": '
            data = (head + draw(raw_json()) + ', "capstone": ' + draw(raw_json()) + "}").encode("utf-8")
        else:
            enc = draw(st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252"]))
            data = json.dumps(doc, ensure_ascii=True, allow_nan=True).encode(enc, errors="replace")
        files[name] = data
    return files


# ---------------------------------------------------------------------------- data files
HOSTILE_CELLS = ["4_3", "\u0664\u0663", " 43 ", "\uff14\uff13", "1e400", "-0", "nan", "9" * 5000, "1e-400"]
HOSTILE_CELLS += ["\x00", "\u200b43", "43\u202e", '"', '"""', "a\nb", "=cmd|' /C calc'!A0", "<!--", "", " "]


@st.composite
def csv_mutations(draw, text: str) -> bytes:
    """The file's text with one cell replaced by a hostile value, then encoded one way or another."""
    lines = text.split("\n")
    row = draw(st.integers(1, max(1, len([line for line in lines if line]) - 1)))
    cells = lines[row].split(",")
    col = draw(st.integers(0, len(cells) - 1))
    cells[col] = draw(st.sampled_from(HOSTILE_CELLS) | hostile_text(20).map(lambda s: s.replace(",", ";")))
    lines[row] = ",".join(cells)
    out = "\n".join(lines)
    enc = draw(st.sampled_from(["utf-8"] * 5 + ["utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    if draw(st.integers(0, 9)) == 0:
        out = out[: draw(st.integers(0, len(out)))]  # cut short
    return out.encode(enc, errors="surrogatepass" if enc.startswith("utf-") else "replace")


# ---------------------------------------------------------------------------- model arguments
model_numbers = numbers() | scalars
player_names = st.lists(st.sampled_from(["A", "B", "C", "Hospital", "Clinicians"]) | hostile_text(12), max_size=9)
RULES = ["proportional", "shapley", "equal", "nash", "weighted_shapley"]


@st.composite
def model_calls(draw) -> tuple[str, tuple, dict]:
    """(function name, positional args, keyword args) for one public model call."""
    kind = draw(
        st.sampled_from(
            ["proportional", "equal_split", "nash", "shapley", "weighted_shapley", "core"]
            + ["partnership", "partnership", "normalise_supply", "deal_terms", "recognition_gap", "wilson"]
        )
    )
    ps = draw(player_names)
    per_player = st.lists(model_numbers, min_size=len(ps), max_size=len(ps)) if ps else st.just([])
    if kind == "proportional":
        return kind, (ps, draw(per_player), draw(model_numbers)), {}
    if kind == "equal_split":
        return kind, (ps, draw(model_numbers)), {}
    if kind == "nash":
        return (
            kind,
            (ps, draw(model_numbers)),
            {"outside_options": draw(st.none() | per_player), "power": draw(st.none() | per_player)},
        )
    if kind in ("shapley", "weighted_shapley", "core"):
        ps = ps[:4]
        game = {
            frozenset(p for k, p in enumerate(ps) if m >> k & 1): draw(model_numbers) for m in range(1, 1 << len(ps))
        }
        extra = (draw(st.lists(model_numbers, min_size=len(ps), max_size=len(ps))),) if kind != "shapley" else ()
        return kind, (ps, game, *extra), {}
    if kind == "partnership":
        resources = draw(
            st.dictionaries(hostile_text(12) | st.sampled_from(["Data", "Code"]), model_numbers, min_size=1, max_size=4)
        )
        kwargs = {
            "players": tuple(ps),
            "resources": resources,
            "gamma": draw(model_numbers),
            "total": draw(model_numbers),
        }
        return kind, (draw(st.sampled_from(RULES)),), kwargs
    if kind == "normalise_supply":
        return kind, (ps, draw(st.lists(model_numbers, min_size=len(ps), max_size=len(ps)))), {}
    if kind in ("deal_terms", "recognition_gap"):
        fields = ("annual_net_sales", "years", "post_money_valuation", "licence_price_per_year")
        fields += ("success_probability", "discount", "fee_share_to_clinicians", "discount_share_to_clinicians")
        chosen = draw(st.lists(st.sampled_from(fields), max_size=4, unique=True))
        return kind, (draw(model_numbers),), {k: draw(model_numbers) for k in chosen}
    return kind, (draw(model_numbers), draw(model_numbers)), {"z": draw(model_numbers)}
