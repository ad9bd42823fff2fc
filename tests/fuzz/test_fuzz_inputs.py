"""Fuzzing the input boundary itself (issue 17): bytes, JSON text, names and numbers from Hypothesis.

Invariant: every function either returns or raises InputError in plain, bounded words; what it
returns is safe (clean names hold no refused character, excerpts are short and encodable).
"""

from __future__ import annotations

from fuzz_helpers import fuzz_settings, raised_by_the_kit
from fuzz_strategies import hostile_text, numbers, raw_json
from hypothesis import given
from hypothesis import strategies as st

from aicollab import inputs
from aicollab.inputs import InputError


@fuzz_settings(300)
@given(text=raw_json(), fmt=st.sampled_from(["poll", "draft", "datapackage"]))
def test_json_text_is_read_or_refused_in_words(text, fmt):
    try:
        value, notes = inputs.parse_json(text, fmt, "f.json")
    except InputError as error:
        assert raised_by_the_kit(error) and str(error).startswith("f.json")
        return
    assert inputs.format_rules(fmt)["duplicate_keys"] == "flag" or not notes
    if inputs.format_rules(fmt)["broken_text"] == "refuse":
        inputs.find_broken_text(value)  # never raises, whatever the value


@fuzz_settings(300)
@given(data=st.binary(max_size=300) | raw_json().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_bytes_are_decoded_or_refused_in_words(data):
    try:
        text = inputs.decode_bytes(data, "draft", "d.json")
    except InputError as error:
        assert raised_by_the_kit(error)
        return
    assert "\x00" not in text
    text.encode("utf-8")  # strict UTF-8 (or UTF-16) never yields a lone surrogate


@fuzz_settings(600)
@given(text=hostile_text(), kind=st.sampled_from(["name", "free"]))
def test_text_rules(text, kind):
    cleaned, removed = inputs.clean_text(text, kind)
    try:
        checked = inputs.check_text(text, "the name", kind=kind, max_chars=10_000)
    except InputError as error:
        assert raised_by_the_kit(error) and len(str(error)) <= 400
        assert removed or cleaned is None or len(cleaned) > 10_000
    else:
        assert checked == cleaned and not removed
    if cleaned is not None:
        assert inputs.check_text(cleaned, "the name", kind=kind) == cleaned  # clean text passes the rule
        cleaned.encode("utf-8")
    key = inputs.comparison_key(text)
    assert inputs.comparison_key(key) == key


@fuzz_settings(400)
@given(value=hostile_text() | numbers() | st.lists(st.integers(), max_size=5) | st.none())
def test_messages_quote_values_safely(value):
    quoted = inputs.excerpt(value)
    quoted.encode("utf-8")
    assert len(quoted) <= 10 * inputs.message_rules()["excerpt_chars"] + 3  # \\u{e0020} is 10 characters
    assert not inputs.char_pattern("control", "surrogate", "bidi").search(quoted)
    assert inputs.sentence(inputs.bounded("x" + quoted))[-1] in ".!?"


@fuzz_settings(400)
@given(value=numbers() | hostile_text(8) | st.booleans())
def test_numbers_are_finite_or_refused_in_words(value):
    try:
        number = inputs.finite_number(value, "the share")
    except InputError as error:
        assert raised_by_the_kit(error) and len(str(error)) < 200
        return
    assert abs(number) < float("inf")
    inputs.number_text(number)
