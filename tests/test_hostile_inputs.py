"""The shared input boundary (aicollab.inputs, issue 17): rules file, encodings, JSON pre-scan, text, numbers.

Each test here failed before the boundary existed (there was no module: ImportError), and each
was made to fail once on purpose against a broken rule (noted where it matters).
"""

from __future__ import annotations

import functools
import json
import pickle
import random
import shutil
import subprocess
import unicodedata

import pytest

from aicollab import inputs
from aicollab.inputs import InputError

# ---------------------------------------------------------------------------- the rules file


def test_rules_file_is_package_data_and_complete():
    rules = inputs.rules()
    assert set(rules["formats"]) >= {"poll", "draft", "datapackage", "csv"}
    for fmt, rule in rules["formats"].items():
        assert rule["max_bytes"] > 0 and rule["what"], fmt
        if fmt != "csv":
            assert rule["max_depth"] >= 3
            assert {rule["duplicate_keys"], rule["bad_numbers"], rule["broken_text"]} <= {"refuse", "flag"}
    assert inputs.browser_rules() == rules  # the browser gets exactly what Python reads
    rules["formats"]["poll"]["max_bytes"] = 1  # a copy: the module's rules are unchanged
    assert inputs.format_rules("poll")["max_bytes"] == 64 * 1024


@functools.lru_cache(maxsize=1)
def _unicode_ranges() -> dict[str, list[tuple[int, int]]]:
    """Code-point ranges per general category, from this Python's Unicode table (one pass)."""
    out: dict[str, list[list[int]]] = {}
    category = unicodedata.category
    for code in range(0x110000):
        ranges = out.setdefault(category(chr(code)), [])
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return {k: [tuple(r) for r in v] for k, v in out.items()}


def _ranges_of(category: str) -> list[tuple[int, int]]:
    return _unicode_ranges()[category]


def test_format_characters_table_matches_unicode():
    """The explicit table of format (Cf) characters is this Python's Unicode table: when Python's
    Unicode version changes, this fails and the table is regenerated (both languages use it)."""
    assert inputs.char_ranges("format") == _ranges_of("Cf")
    assert inputs.char_ranges("control") == _ranges_of("Cc")
    assert inputs.char_ranges("surrogate") == _ranges_of("Cs")


def test_character_classes_are_consistent():
    fmt = inputs.char_pattern("format")
    for name in ("bidi", "joiners"):
        for lo, hi in inputs.char_ranges(name):
            assert all(fmt.match(chr(c)) for c in range(lo, hi + 1)), name
    space = inputs.char_pattern("space")
    assert all(space.match(ch) for ch in " \u00a0\u3000\u2028") and not space.match("\u200b")
    assert all(unicodedata.category(chr(lo)) in ("Zs", "Zl", "Zp") for lo, _ in inputs.char_ranges("space"))


# ---------------------------------------------------------------------------- bytes to text

DOC = {"title": "Café", "partners": [{"name": "Clinicians"}]}


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"], ids=lambda e: e
)
def test_byte_order_marks_open_drafts(encoding):
    text = json.dumps(DOC, ensure_ascii=False)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    assert inputs.read_json(data, "draft", "d.json") == (DOC, [])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_is_refused(encoding):
    data = json.dumps(DOC).encode(encoding)
    if encoding == "utf-32-be":
        data = b"\x00\x00\xfe\xff" + json.dumps(DOC).encode("utf-32-be")
    with pytest.raises(InputError, match=r"d\.json: UTF-32 text; open it and save it as UTF-8"):
        inputs.decode_bytes(data, "draft", "d.json")


def test_utf16_is_refused_for_csv_with_advice():
    with pytest.raises(InputError, match=r"x\.csv: UTF-16 text .*save it as UTF-8"):
        inputs.decode_bytes("a,b\n1,2\n".encode("utf-16"), "csv", "x.csv")


def test_latin1_names_file_line_and_byte():
    data = "a,b\n1,2\n3,Caf\u00e9\n".encode("cp1252")
    with pytest.raises(InputError) as info:
        inputs.decode_bytes(data, "csv", "x.csv")
    assert str(info.value) == "x.csv, line 3: not UTF-8 text (byte 0xe9); open it and save it as UTF-8"
    assert info.value.line == 3 and info.value.file == "x.csv"


@pytest.mark.parametrize(
    "data",
    [b"\xc0\xaf", b"\xed\xa0\x80", b"\xff", b"ok\xe2\x82"],
    ids=["overlong", "encoded-surrogate", "invalid-byte", "cut-short"],
)
def test_strict_utf8(data):
    with pytest.raises(InputError, match="not UTF-8 text"):
        inputs.decode_bytes(data, "poll", "p.json")


def test_nul_and_utf16_without_mark():
    with pytest.raises(InputError, match=r"^p\.json: binary data, not text \(it holds a NUL byte\)$"):
        inputs.decode_bytes(b"{\n\x00}", "poll", "p.json")
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
        inputs.decode_bytes('{"a": 1}'.encode("utf-16-le"), "poll", "p.json")


def test_size_is_checked_before_decoding(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (inputs.format_rules("poll")["max_bytes"] + 1))
    with pytest.raises(InputError, match=r"big\.json: too big: 64 KB \(a room-poll file is at most 64 KB\)"):
        inputs.read_json(big, "poll")
    with pytest.raises(InputError, match="too big"):
        inputs.decode_bytes(big.read_bytes(), "poll", "big.json")


def test_read_json_refuses_links_and_folders(tmp_path):
    (tmp_path / "real.json").write_text("{}", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    with pytest.raises(InputError, match="link.json: could not be opened"):
        inputs.read_json(tmp_path / "link.json", "draft")
    with pytest.raises(InputError, match="not a regular file"):
        inputs.read_json(tmp_path, "draft")
    with pytest.raises(InputError, match="file not found"):
        inputs.read_json(tmp_path / "missing.json", "draft")
    assert inputs.read_json(tmp_path / "real.json", "draft") == ({}, [])


# ---------------------------------------------------------------------------- the JSON pre-scan


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"title":' * 50_000 + "1" + "}" * 50_000, "[" * 1_000_000],
    ids=["array", "object", "unclosed"],
)
def test_deep_nesting_never_recurses(text):
    """Stopped at the format's depth, with the path, before json.loads could recurse (fails with
    RecursionError when parse_json skips the scan)."""
    with pytest.raises(InputError) as info:
        inputs.parse_json(text, "draft", "deep.json")
    assert "deep.json, line 1" in str(info.value) and "nested more than 6 levels deep" in str(info.value)
    assert len(str(info.value)) <= inputs.message_rules()["max_chars"]


def test_depth_limit_is_exact():
    depth = inputs.format_rules("draft")["max_depth"]
    inputs.parse_json("[" * depth + "]" * depth, "draft")
    with pytest.raises(InputError, match="nested"):
        inputs.parse_json("[" * (depth + 1) + "]" * (depth + 1), "draft")


def test_scan_reports_every_kind_with_its_place():
    text = '{"a": {"b": 1,\n "b": 2}, "c": [1, 1e400, NaN, -Infinity, ' + "9" * 30 + ", 1.5, -0, 1e-400]}"
    found = [(p.kind, p.path, p.line) for p in inputs.scan(text, max_depth=6).problems]
    assert found == [
        ("duplicate", ("a", "b"), 2),
        ("number", ("c", 1), 2),
        ("constant", ("c", 2), 2),
        ("constant", ("c", 3), 2),
        ("number", ("c", 4), 2),
    ]


def test_strings_hide_nothing_from_the_scan():
    """Brackets, quotes and keys inside text values are text, not structure."""
    text = json.dumps({"a": "[[[[[[[[[[{{{{{{", "b": '"a": 1, "a": 2', "c": "NaN 1e999 \\u0022"})
    assert inputs.scan(text, max_depth=2).ok
    assert inputs.parse_json(text, "draft")[0]["a"] == "[[[[[[[[[[{{{{{{"


def test_duplicate_keys_are_refused_in_drafts_and_flagged_in_poll_files():
    text = '{"title": "A", "weights": {"Funding": 5, "Funding": 0}, "title": "B"}'
    with pytest.raises(InputError) as info:
        inputs.parse_json(text, "draft", "d.json")
    assert str(info.value) == 'd.json, line 1, weights.Funding: the key "Funding" is given twice in one object'
    value, notes = inputs.parse_json(text, "poll", "p.json")
    assert value == {"title": "A", "weights": {"Funding": 5}}  # the first value counts
    assert [(n.where, n.problem) for n in notes] == [
        ("weights.Funding", 'the key "Funding" is given twice in one object; the first value counts'),
        ("title", 'the key "title" is given twice in one object; the first value counts'),
    ]


@pytest.mark.parametrize(
    "literal, problem",
    [
        ("9" * 5000, "a number with 5,000 digits (at most 20)"),
        ("1e400", "a number out of range (1e400; at most 1,000,000,000,000,000 either way)"),
        ("-1e16", "a number out of range (-1e16; at most 1,000,000,000,000,000 either way)"),
        ("NaN", "NaN is not a JSON number"),
        ("Infinity", "Infinity is not a JSON number"),
    ],
)
def test_bad_numbers_are_refused_or_flagged(literal, problem):
    """Never Python's raw 'Exceeds the limit (4300 digits)' (fails without the scan's digit check)."""
    text = '{"share": ' + literal + "}"
    with pytest.raises(InputError) as info:
        inputs.parse_json(text, "draft", "big.json")
    assert str(info.value) == f"big.json, line 1, share: {problem}"
    value, notes = inputs.parse_json(text, "poll", "p.json")
    assert isinstance(value["share"], inputs.BadNumber) and len(notes) == 1
    assert len(value["share"].literal) <= 24


def test_ordinary_numbers_pass():
    value, notes = inputs.parse_json('{"a": [0, -0.0, 1.5e-7, 99.95, 1000000000000000, -123456789012345]}', "draft")
    assert notes == [] and value["a"][-1] == -123456789012345


def test_broken_json_names_line_and_column():
    with pytest.raises(InputError) as info:
        inputs.parse_json('{\n "a": 1,,\n}', "draft", "d.json")
    assert str(info.value).startswith("d.json, line 2: broken JSON (Expecting property name")
    with pytest.raises(InputError, match="a text value is never closed"):
        inputs.parse_json('{"a": "cut sho', "draft", "d.json")


def test_lone_surrogates_are_refused_with_their_path_in_drafts():
    with pytest.raises(InputError) as info:
        inputs.read_json(b'{"partners": [{"name": "A"}, {"name": "B\\ud800"}]}', "draft", "d.json")
    assert str(info.value) == (
        "d.json, partners[1].name: contains a broken character (U+D800 LONE SURROGATE (HALF OF A BROKEN CHARACTER))"
    )
    value, _ = inputs.read_json(b'{"name": "B\\ud800"}', "poll", "p.json")  # the poll flags, field by field
    assert value == {"name": "B\ud800"}


def test_path_text():
    assert inputs.path_text(("partners", 1, "name")) == "partners[1].name"
    assert inputs.path_text(("weights", "Fund ing")) == 'weights["Fund ing"]'
    assert inputs.path_text(()) == "(the whole file)"


# ---------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "name, label",
    [
        ("Clinicians\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202eynapmoc IA", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Clini\x00cians", "U+0000 NULL"),
        ("\x1b[31mRed", "U+001B ESCAPE"),
        ("Soft\u00adhyphen", "U+00AD SOFT HYPHEN"),
        ("\u3164", "U+3164 HANGUL FILLER"),
        ("\u200dStart", "U+200D ZERO WIDTH JOINER"),
        ("Tag\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ],
)
def test_names_refuse_invisible_characters_and_name_them(name, label):
    with pytest.raises(InputError) as info:
        inputs.check_text(name, "the partner name")
    assert label in str(info.value) and "delete it" in str(info.value)
    assert "\x00" not in str(info.value) and "\x1b" not in str(info.value) and "\u202e" not in str(info.value)


def test_names_keep_what_real_names_need():
    assert inputs.check_text("Cafe\u0301  de\u00a0Flore ", "n") == "Café de Flore"  # NFC, spaces collapsed
    assert inputs.check_text("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "n")  # Persian ZWNJ inside a word
    assert inputs.check_text("\U0001f469\u200d\u2695\ufe0f", "n")  # an emoji sequence (ZWJ, variation selector)
    with pytest.raises(InputError, match="broken character"):
        inputs.check_text("Lone\ud800", "n")
    with pytest.raises(InputError, match="must be text, not a list of 2 items"):
        inputs.check_text(["a", "b"], "the title")
    with pytest.raises(InputError, match="too long: 101 characters \\(at most 100\\)"):
        inputs.check_text("x" * 101, "the name", max_chars=100)


def test_free_text_allows_lines_and_refuses_bidi():
    assert inputs.check_text("one\ttwo\nthree\r\n", "the note", kind="free") == "one\ttwo\nthree\r\n"
    assert inputs.check_text("soft\u00adhyphen", "the note", kind="free")
    with pytest.raises(InputError, match="U\\+2066 LEFT-TO-RIGHT ISOLATE"):
        inputs.check_text("a\u2066b", "the note", kind="free")


def test_clean_text_removes_and_reports():
    assert inputs.clean_text("Funding\u200b") == ("Funding", ["U+200B ZERO WIDTH SPACE"])
    assert inputs.clean_text("x\ud800") == (None, ["U+D800 LONE SURROGATE (HALF OF A BROKEN CHARACTER)"])
    assert inputs.clean_text(" a \u200b\u200b b ") == ("a b", ["U+200B ZERO WIDTH SPACE"])


@pytest.mark.parametrize(
    "twin", ["funding", "FUNDING", "Fun\u00addi\u200dng", "\uff26unding", "Funding\ufe0f", " Funding  "]
)
def test_comparison_key_finds_twins(twin):
    assert inputs.comparison_key(twin) == inputs.comparison_key("Funding")


def test_comparison_key_keeps_different_names_apart():
    assert inputs.comparison_key("Cafe\u0301") == inputs.comparison_key("Café")
    assert inputs.comparison_key("Funding") != inputs.comparison_key("Fund")
    assert inputs.comparison_key("Stra\u00dfe") == inputs.comparison_key("STRASSE")


def test_excerpt_is_bounded_and_escaped():
    limit = inputs.message_rules()["excerpt_chars"]
    quoted = inputs.excerpt("A\u200b\x1b[2J" * 1000)
    assert quoted.startswith('"A\\u200b\\u001b[2J') and quoted.endswith('…"')
    assert len(quoted) < limit * 7 and "\x1b" not in quoted and "\u200b" not in quoted
    assert inputs.excerpt("\ud800").encode("utf-8") == b'"\\ud800"'  # printable, encodable
    assert inputs.excerpt(["x"] * 300_000) == "a list of 300,000 items"
    assert inputs.excerpt({"a": 1}) == "a set of 1 named value"
    assert inputs.excerpt(None) == "null" and inputs.excerpt(True) == "true"
    assert inputs.excerpt(10**5000) == "a number too large to write"


def test_excerpt_counts_its_escapes_and_keeps_a_typed_backslash():
    """Found by tests/fuzz/test_fuzz_inputs.py: the cut came before escaping, so a quote of
    invisible characters could be six times the limit, and a typed backslash-u lost its
    backslash (the text '\\u202e' read like an escaped bidi override)."""
    limit = inputs.message_rules()["excerpt_chars"]
    assert len(inputs.excerpt("\x00" * 500)) <= limit + 2
    assert len(inputs.excerpt('"' * 500)) <= limit + 2
    assert inputs.excerpt("\\u202e") == '"\\\\u202e"'
    assert inputs.excerpt("\u202e") == '"\\u202e"'


NUMBERS = [1.0, -0.0, 1e22, 12345678901234567890, 0.5, 1e-7, 1.5e-5, 123.456, 1e21, 1e20, 2**53 + 1, 100, 5e-324]
NUMBERS += [1.7976931348623157e308, 0.1 + 0.2, 1e-6, 123e-20, -1.5e300, 99.95, 1 / 3, -2.5e-9]


def test_number_text_is_javascripts_string():
    """number_text(x) == String(x) in Node, for fixed and random numbers (fails if the Python
    writer keeps repr's '1.0' or '1e-07'); skipped without node."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rng = random.Random(17)
    values = NUMBERS + [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(2000)]
    values += [float(rng.randint(-(2**60), 2**60)) for _ in range(200)]
    script = (
        "const xs = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(JSON.stringify(xs.map(String)));"
    )
    payload = json.dumps([float(v) for v in values])
    out = subprocess.run([node, "-e", script], input=payload, capture_output=True, text=True, timeout=60, check=True)
    assert [inputs.number_text(v) for v in values] == json.loads(out.stdout)


def test_sentence_and_bounded():
    assert (
        inputs.sentence("adjust them so they total 100 (within ±0.5)") == "Adjust them so they total 100 (within ±0.5)."
    )
    assert inputs.sentence("Done!") == "Done!" and inputs.sentence("") == ""
    assert inputs.sentence('"quoted" first') == '"quoted" first.'
    long = inputs.bounded("x" * 10_000)
    assert len(long) == inputs.message_rules()["max_chars"] and long.endswith("…")


def test_printable_escapes_terminal_controls():
    assert inputs.printable("\x1b[2Jevil\u202e.json\n") == "\\x1b[2Jevil\\u202e.json\n"
    assert inputs.printable("a\nforged", keep_newlines=False) == "a\\x0aforged"
    assert inputs.printable("x\ud800").encode("utf-8") == b"x\\ud800"


# ---------------------------------------------------------------------------- errors and numbers


def test_input_error_is_a_bounded_value_error_that_pickles():
    error = InputError("y" * 5000, file="a\x1b.json", line=3, field="partners[0].name")
    assert isinstance(error, ValueError)
    assert str(error).startswith("a\\x1b.json, line 3, partners[0].name: yyy")
    assert len(str(error)) == len("a\\x1b.json, line 3, partners[0].name: ") + inputs.message_rules()["max_chars"]
    assert len(str(InputError("p", file="d/" * 500))) == 200 + len(": p")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.line) == (InputError, str(error), 3)
    assert str(InputError("plain")) == "plain"


@pytest.mark.parametrize(
    "value, message",
    [
        (10**400, "the share is too large to compute with (a whole number beyond 1.8e308)"),
        ("1e400", "the share is too large to compute with (beyond 1.8e308)"),
        (float("nan"), "the share is NaN (not a number)"),
        (float("-inf"), "the share is infinite; it must be a finite number"),
        ("inf", "the share is infinite; it must be a finite number"),
        (True, "the share must be a number, got true"),
        ("lots" * 100, 'the share must be a number, got "lotslotslots'),
        ([1] * 10**5, "the share must be a number, got a list of 100,000 items"),
    ],
)
def test_finite_number_refusals_are_plain(value, message):
    with pytest.raises(InputError) as info:
        inputs.finite_number(value, "the share")
    assert str(info.value).startswith(message) and len(str(info.value)) < 200


def test_finite_number_accepts_numbers():
    import fractions

    import numpy as np

    assert inputs.finite_number(np.float32(1.5), "x") == 1.5
    assert inputs.finite_number("2.5", "x") == 2.5
    assert inputs.finite_number(fractions.Fraction(1, 4), "x") == 0.25
    assert inputs.finite_number(10**300, "x") == 1e300
    assert inputs.bounded_number(0.5, "x", lo=0, hi=1) == 0.5
    with pytest.raises(InputError, match="x must be at most 1, got 1.5"):
        inputs.bounded_number(1.5, "x", lo=0, hi=1)
    with pytest.raises(InputError, match="x must be greater than 0, got 0"):
        inputs.bounded_number(0, "x", lo=0, lo_open=True)
