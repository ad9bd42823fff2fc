"""Fuzzing the value model's API (issue 17): hostile numbers and names from Hypothesis.

Invariant: every public model function returns finite numbers, or refuses with the kit's own
ValueError in plain words; an overflow warning (a silently wrong number) fails the test.
"""

from __future__ import annotations

import pandas as pd
from fuzz_helpers import assert_finite, fuzz_settings, refusal_or_result
from fuzz_strategies import model_calls
from hypothesis import given

from aicollab import data, model
from aicollab.model import deals


def call_model(kind: str, args: tuple, kwargs: dict):
    if kind == "proportional":
        return model.proportional(*args)
    if kind == "equal_split":
        return model.equal_split(*args)
    if kind == "nash":
        return model.nash_bargaining(*args, **kwargs)
    if kind == "shapley":
        return model.shapley(*args)
    if kind == "weighted_shapley":
        return model.weighted_shapley(*args)
    if kind == "core":
        return model.core_violations(*args)
    if kind == "partnership":
        p = model.Partnership(**kwargs)
        p.describe()
        return pd.concat(
            [
                model.allocate(p, args[0]),
                model.compare_rules(p).stack(),
                model.stability(p, args[0])[["shortfall"]].stack(),
            ]
        )
    if kind == "normalise_supply":
        players, amounts = args
        return model.normalise_supply(pd.DataFrame({"R": amounts}, index=players))
    if kind in ("deal_terms", "recognition_gap"):
        a = deals.Assumptions(**kwargs)
        if kind == "recognition_gap":
            return deals.recognition_gap(args[0], assumptions=a).select_dtypes("number")
        # NaN in amount and expected_value means "no amount" (authorship, dilution) or "not an
        # expected value" (equity, see VALUE_BASIS): by design, so those rows are left out.
        terms = deals.deal_terms(args[0], a)
        assert terms["value_basis"].isin(deals.VALUE_BASIS.values()).all()
        expected = terms["value_basis"] == deals.VALUE_BASIS["expected"]
        return terms.loc[expected, ["amount", "expected_value"]]
    percent, n = args
    return pd.Series(data.wilson_interval(percent, n, z=kwargs["z"]))


@fuzz_settings(800)
@given(call=model_calls())
def test_model_returns_finite_numbers_or_refuses_in_words(call):
    kind, args, kwargs = call
    result = refusal_or_result(lambda: call_model(kind, args, dict(kwargs)))
    if isinstance(result, pd.DataFrame) and "coalition" in result.columns:
        result = result.drop(columns=["coalition"])
    if result is not None:
        assert_finite(result, kind)
