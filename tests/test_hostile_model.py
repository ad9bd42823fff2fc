"""Hostile and careless numbers and names for the value model and its app (issue 17: defects 7,
14c, 14e; new N3, N4, N11).

Each test failed on `main` before the fix with the symptom named in its docstring (reproductions
from /work/scratch/hostile/test_defects.py and test_new_defects.py). The rule: a model function
returns finite, correct numbers (ratios are rescaled exactly) or refuses with a plain ValueError.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from aicollab import model
from aicollab.display import app
from aicollab.model import deals


def quietly(call):
    """(result or the ValueError raised, RuntimeWarnings seen)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            got = call()
        except ValueError as error:
            got = error
    return got, [str(w.message) for w in seen if issubclass(w.category, RuntimeWarning)]


def finite(x) -> bool:
    arr = np.asarray(x.select_dtypes(include=[np.number]) if isinstance(x, pd.DataFrame) else x, dtype=float)
    return bool(np.isfinite(arr).all())


# ---------------------------------------------------------------------------- defect 7: overflow


def test_proportional_with_huge_weights_is_right():
    """Was [0, 0] with 'overflow encountered in reduce': weights are ratios, rescaled exactly."""
    got, seen = quietly(lambda: model.proportional(["a", "b"], [1e308, 1e308], 10))
    assert got.tolist() == [5.0, 5.0] and not seen
    got, seen = quietly(lambda: model.proportional(["a", "b", "c"], [1e308, 5e307, 5e-324], 30))
    assert got.tolist() == pytest.approx([20.0, 10.0, 0.0]) and not seen


def test_nash_with_huge_power_is_right():
    """Was [0, 0]: only the ratios of bargaining power matter."""
    got, seen = quietly(lambda: model.nash_bargaining(["a", "b"], 10, power=[1e308, 1e308]))
    assert got.tolist() == [5.0, 5.0] and not seen
    got, _ = quietly(lambda: model.nash_bargaining(["a", "b"], 10, power={"a": 3e300, "b": 1e300}))
    assert got.tolist() == pytest.approx([7.5, 2.5])


def test_weights_accepted_one_by_one_never_give_nan_shapley():
    """Was [nan, nan, nan, nan] with RuntimeWarnings: each weight of 1e308 was accepted alone."""
    p = model.Partnership()
    first = list(p.resources)[0]
    got, seen = quietly(lambda: p.with_weight(first, 1e308))
    assert isinstance(got, ValueError) and not seen
    assert str(got) == f"importance weight of {first!r} must be at most 1000000000000000 in size, got 1e+308"
    p = p.with_weight(first, 1e15).with_weight(list(p.resources)[1], 1e15)
    for rule in model.COMPARE_RULES:
        got, seen = quietly(lambda rule=rule: model.allocate(p, rule))
        assert finite(got) and got.sum() == pytest.approx(p.total) and not seen


def test_weighted_shapley_with_huge_weights_is_right():
    """N4: was [nan, nan]."""
    v = {frozenset("a"): 1, frozenset("b"): 1, frozenset("ab"): 10}
    got, seen = quietly(lambda: model.weighted_shapley(["a", "b"], v, [1e308, 1e308]))
    assert got.tolist() == [5.0, 5.0] and not seen


def test_normalise_supply_of_huge_amounts_adds_up_to_one():
    """N4: rough amounts [1e308, 1e308] were rescaled to [0, 0]."""
    got, seen = quietly(lambda: model.normalise_supply(pd.DataFrame({"R": [1e308, 1e308]}, index=["a", "b"])))
    assert got["R"].tolist() == [0.5, 0.5] and not seen


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: model.shapley(["a", "b"], {frozenset("a"): -1e308, frozenset("b"): 1e308, frozenset("ab"): 1e308}),
            "value of {a} must be at most 1000000000000000 in size, got -1e+308",
        ),
        (
            lambda: model.core_violations(
                ["a", "b"], {frozenset("a"): 1, frozenset("b"): 1, frozenset("ab"): 10}, [1e308, 1]
            ),
            "allocation for 'a' must be at most 1000000000000000 in size, got 1e+308",
        ),
        (
            lambda: deals.deal_terms(1000, deals.Assumptions(annual_net_sales=1e308, years=1e308)),
            "annual net sales must be at most 1000000000000000 in size, got 1e+308",
        ),
        (lambda: model.Partnership(total=5e-324), "total value must be between 0.000001 and 1,000,000,000,000"),
        (lambda: model.Partnership(total=1e308), "total value must be between 0.000001 and 1,000,000,000,000"),
        (
            lambda: model.nash_bargaining(["a", "b"], 10, outside_options=[1e308, 1e308]),
            "outside options for 'a' must be at most 1000000000000000 in size",
        ),
    ],
    ids=["shapley-game", "core_violations", "deal_terms", "tiny-total", "huge-total", "nash-outside-options"],
)
def test_amounts_beyond_range_are_refused_in_words(call, message):
    """N4: were [-5e307, inf], an infinite payoff, a NaN amount, all-zero splits, 'add up to inf'."""
    got, seen = quietly(call)
    assert isinstance(got, ValueError) and not seen
    assert str(got).startswith(message)


# ---------------------------------------------------------------------------- N3: integers beyond float


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.proportional(["a", "b"], [10**400, 1], 10),
        lambda: model.Partnership(total=10**400),
        lambda: model.nash_bargaining(["a", "b"], 10**400),
        lambda: model.equal_split(["a", "b"], 10**5000),
        lambda: deals.royalty_rate_for(10**400),
    ],
    ids=["proportional-weight", "partnership-total", "nash-total", "equal-5000-digits", "royalty"],
)
def test_integers_beyond_float_are_refused_in_words(call):
    """Was OverflowError ('int too large to convert to float'), or Python's int-limit message."""
    got, _ = quietly(call)
    assert isinstance(got, ValueError) and "too large" in str(got) and len(str(got)) < 200
    assert "4300" not in str(got) and "convert" not in str(got)


# ---------------------------------------------------------------------------- N11: names


@pytest.mark.parametrize(
    "players, fragment",
    [
        (("A", "A\u200b"), "U+200B ZERO WIDTH SPACE"),
        (("Caf\u00e9", "Cafe\u0301"), "duplicate player name"),
        (("Clinicians", "CLINICIANS"), "duplicate player name"),
        (("\u202eynapmoc IA", "Hospital"), "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (("Clini\x00cians", "Hospital"), "U+0000 NULL"),
        (("x" * 101, "Hospital"), "too long: 101 characters"),
    ],
    ids=["zero-width", "nfd-twin", "case-twin", "rtl", "nul", "long"],
)
def test_player_names_follow_the_text_rule(players, fragment):
    """Was: ('A', 'A\\u200b') and the NFD/NFC twins were two players."""
    with pytest.raises(ValueError, match=fragment.replace("+", r"\+")):
        model.Partnership(players=players, resources={"R": 1})


def test_resource_names_follow_the_text_rule():
    with pytest.raises(ValueError, match="duplicate resource name"):
        model.Partnership(resources={"Funding": 1, "\uff26UNDING": 2})
    with pytest.raises(ValueError, match="U\\+200B"):
        model.Partnership(resources={"Funding\u200b": 1})


# ---------------------------------------------------------------------------- 14c, 14e: messages


@pytest.mark.parametrize(
    "amount, message",
    [(float("nan"), "the amount to show is NaN (not a number)"), (float("inf"), "the amount to show is infinite")],
)
def test_money_of_nan_is_a_plain_message(amount, message):
    """Was 'cannot convert float NaN to integer' (and OverflowError for infinity)."""
    with pytest.raises(ValueError) as info:
        model.Partnership().money(amount)
    assert str(info.value).startswith(message)


def test_app_does_not_call_a_finite_total_infinite():
    """Was 'Check this: share value is infinite; it must be a finite number.' for 1e308."""
    import html

    a = app.ValueSharingApp()
    a.total.value = 1e308
    text = html.unescape(a.message.value)
    assert "infinite" not in text
    assert "Total value must be between 0.000001 and 1,000,000,000,000 (in the model's money unit)" in text
    assert "got 1e+308. The results below" in text


def test_app_messages_start_with_a_capital_and_end_with_a_stop():
    """Messages ending in ')' got no full stop, and most started in lower case."""
    a = app.ValueSharingApp()
    a._say("adjust them so they total 100 (within ±0.5)")
    assert "<b>Check this:</b> Adjust them so they total 100 (within ±0.5). The results" in a.message.value


def test_large_but_allowed_totals_give_finite_results_everywhere():
    p = model.Partnership(total=1e12)
    assert finite(model.compare_rules(p)) and finite(model.coalition_table(p))
    assert math.isfinite(model.largest_core_shortfall(p, "nash"))
    assert "£1,000,000,000,000k" in p.describe()
    vm = app.view_model(model.Partnership(total=1e4))
    amounts = vm.deal_terms.set_index("instrument")["amount"].drop("Authorship")  # not a share: no amount
    assert finite(pd.DataFrame(vm.rows)) and finite(amounts) and vm.headline


def test_royalty_rate_for_vanishing_sales_is_refused_in_words():
    """Found by tests/fuzz/test_fuzz_model.py: tiny sales times tiny years is 0, and the rate was
    a ZeroDivisionError."""
    tiny = deals.Assumptions(annual_net_sales=1e-200, years=1e-200)
    with pytest.raises(ValueError, match="expected net sales are too small to set a royalty rate"):
        deals.royalty_rate_for(1.0, tiny)


@pytest.mark.parametrize(
    "kwargs",
    [{"licence_price_per_year": 5e-324}, {"success_probability": 5e-324, "licence_price_per_year": 1e-10}],
)
def test_deal_terms_with_a_vanishing_discount_is_refused_in_words(kwargs):
    """Was ZeroDivisionError: the discount's expected value per year (probability x discount x
    price, new on main with the content branch) can multiply to 0."""
    with pytest.raises(ValueError, match="the discount's expected value per year is too small"):
        deals.deal_terms(1000, deals.Assumptions(**kwargs))


def test_supply_keys_match_names_as_the_model_cleaned_them():
    """A resource typed with a line separator (or a zero-width space, or other case) is cleaned when the
    scenario is built; its supply row must still be found (it was refused as an 'unknown name')."""
    p = model.Partnership(
        players=("A", "B"),
        resources={"Data\u2028set": 1.0, "Code": 1.0},
        supply={"Data\u2028set": {"A": 1.0}, "code\u200b": {"b": 1.0}},
        essential=(),
    )
    table = p.supply_table()
    assert table.loc["A", "Data set"] == 1.0 and table.loc["B", "Code"] == 1.0
    with pytest.raises(ValueError, match="names one player or resource twice"):
        model.Partnership(
            players=("A", "B"), resources={"Code": 1.0}, supply={"Code": {"A": 0.5, "a": 0.5}}, essential=()
        )
