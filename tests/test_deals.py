"""Tests for aicollab.model.deals: the §3.5 worked numbers (illustrative) and the gates."""

from __future__ import annotations

import math

import pytest

from aicollab.model.deals import (
    ICMJE_CRITERIA,
    MECHANISMS,
    VALUE_BASIS,
    Assumptions,
    authorship_eligible,
    deal_terms,
    discount_expected_value,
    discount_value,
    equity_after_dilution,
    equity_paper_value,
    equity_stake_for,
    milestones_expected_value,
    recognition_gap,
    royalty_expected_value,
    royalty_rate_for,
)

A = Assumptions()


def test_defaults_are_the_worked_numbers():
    assert A.success_probability == 0.25
    assert A.annual_net_sales == 4_000_000 and A.years == 5
    assert A.total_net_sales == 20_000_000
    assert A.post_money_valuation == 10_000_000 and A.later_round_dilution == 0.20
    assert A.licence_price_per_year == 40_000 and A.discount == 0.5


def test_section_3_5_numbers():
    # 3% royalty -> 600k on success -> EV 150k
    assert 0.03 * A.total_net_sales == pytest.approx(600_000)
    assert royalty_expected_value(0.03, A) == pytest.approx(150_000)
    assert royalty_rate_for(150_000, A) == pytest.approx(0.03)
    # milestones 50k at p=.5 + 100k at p=.25 -> 50k
    assert milestones_expected_value([(50_000, 0.5), (100_000, 0.25)]) == pytest.approx(50_000)
    assert milestones_expected_value(A.milestones) == pytest.approx(50_000)
    # equity 5% at 10m -> 500k; after a 20% round -> 4%
    assert equity_paper_value(0.05, 10_000_000) == pytest.approx(500_000)
    assert equity_after_dilution(0.05, 0.20) == pytest.approx(0.04)
    assert equity_stake_for(500_000, A) == pytest.approx(0.05)
    # 50% off 40k/yr for 5 years -> 100k
    assert discount_value(A) == pytest.approx(100_000)


def test_deal_terms_table():
    df = deal_terms(150_000)
    assert list(df.columns) == ["instrument", "amount", "unit", "expected_value", "value_basis", "risk_note"]
    t = df.set_index("instrument")
    assert t.at["Upfront fee", "amount"] == pytest.approx(150_000)
    assert t.at["Royalty", "amount"] == pytest.approx(3.0)  # percent of net sales
    assert t.at["Royalty", "expected_value"] == pytest.approx(150_000)
    assert t.at["Milestone payments", "expected_value"] == pytest.approx(150_000)
    assert t.at["Milestone payments", "amount"] == pytest.approx(450_000)  # 3 x (50k + 100k)
    assert t.at["Equity stake", "amount"] == pytest.approx(1.5)
    assert t.at["Equity stake after later round", "amount"] == pytest.approx(1.2)
    assert math.isnan(t.at["Equity stake after later round", "expected_value"])
    assert math.isnan(t.at["Authorship", "amount"])
    assert "gate" in t.at["Authorship", "unit"]
    # the worked equity example, through the table
    e = deal_terms(500_000).set_index("instrument")
    assert e.at["Equity stake", "amount"] == pytest.approx(5.0)
    assert e.at["Equity stake after later round", "amount"] == pytest.approx(4.0)


def test_every_row_says_what_its_number_is():
    """Issue 12: only rows sized by expected value may carry one; equity is a paper value."""
    t = deal_terms(150_000).set_index("instrument")
    assert set(t["value_basis"]) <= set(VALUE_BASIS.values())
    for instrument, row in t.iterrows():
        if row["value_basis"] == VALUE_BASIS["expected"]:
            assert row["expected_value"] == pytest.approx(150_000), instrument
        else:
            assert math.isnan(row["expected_value"]), instrument
    assert t.at["Equity stake", "value_basis"] == VALUE_BASIS["paper"]
    assert "not an expected value" in t.at["Equity stake", "risk_note"]


def test_discount_is_sized_by_expected_value_and_goes_to_the_hospital():
    # 150k in expectation at 0.25 x 50% x 40k = 5k a year needs 30 years of discount
    t = deal_terms(150_000).set_index("instrument")
    assert t.at["Product discount", "amount"] == pytest.approx(30.0)
    assert t.at["Product discount", "expected_value"] == pytest.approx(150_000)
    note = t.at["Product discount", "risk_note"]
    assert "to the hospital that buys" in note and "not to the clinicians" in note
    assert "cannot carry this share" in note and "£25,000" in note
    # a share small enough to fit in the sales horizon gets no such warning
    small = deal_terms(20_000).set_index("instrument")
    assert small.at["Product discount", "amount"] == pytest.approx(4.0)
    assert "cannot carry" not in small.at["Product discount", "risk_note"]
    assert discount_expected_value(A) == pytest.approx(25_000)


def test_deal_terms_respects_assumptions():
    a = Assumptions(success_probability=0.5, annual_net_sales=1_000_000, years=4)
    assert deal_terms(100_000, a).set_index("instrument").at["Royalty", "amount"] == pytest.approx(5.0)


def test_authorship_gate():
    all_met = {k: True for k in ICMJE_CRITERIA}
    ok = authorship_eligible(all_met)
    assert ok.eligible and bool(ok) and ok.missing == () and "Eligible" in ok.message
    data_only = authorship_eligible({"contribution": True})
    assert not data_only.eligible
    assert len(data_only.missing) == 3
    assert any("final approval" in m for m in data_only.missing)
    assert "acknowledge" in data_only.message
    three = dict(all_met, accountability=False)
    res = authorship_eligible(three)
    assert not res.eligible and res.missing == (ICMJE_CRITERIA["accountability"],)


def test_recognition_gap():
    df = recognition_gap(150_000)
    assert list(df["survey_pct"]) == [55, 25, 20]
    assert list(df["mechanism"]) == [label for label, _ in MECHANISMS.values()]
    t = df.set_index("mechanism")
    papers = t.loc["Free data sharing for research papers or patent"]
    assert papers["to_clinicians"] == 0 and papers["gap"] == pytest.approx(150_000)
    assert "Credit" in papers["note"] and "IP policy" in papers["note"]
    paid = t.loc["Sharing within hospital or paid purchasing"]
    assert paid["to_institution"] == pytest.approx(50_000) and paid["to_clinicians"] == 0
    assert "institution, not to the clinicians" in paid["note"]
    # the learner may say part of the fee reaches clinicians
    one = recognition_gap(150_000, "in_hospital_or_paid", Assumptions(fee_share_to_clinicians=0.4))
    assert len(one) == 1
    assert one.iloc[0]["to_clinicians"] == pytest.approx(20_000)
    assert one.iloc[0]["gap"] == pytest.approx(130_000)
    assert "your assumption" in one.iloc[0]["note"]


def test_recognition_gap_sends_the_discount_to_the_hospital_in_expected_value():
    """Issue 12: the model agrees with deal_terms and the lesson: discounts reach the hospital."""
    disc = recognition_gap(150_000, "product_discounts").iloc[0]
    assert disc["to_clinicians"] == 0
    assert disc["to_institution"] == pytest.approx(0.25 * 100_000)  # expected, not face value
    assert disc["to_institution_if_paid"] == pytest.approx(100_000)
    assert disc["gap"] == pytest.approx(150_000)
    assert "hospital that buys" in disc["note"]
    # the same place as deal_terms' discount row
    assert "hospital that buys" in deal_terms(150_000).set_index("instrument").at["Product discount", "risk_note"]
    # with the defaults none of the three arrangements pays the clinicians directly
    assert (recognition_gap(150_000)["to_clinicians"] == 0).all()
    # an agreement may pass part of the discount on; that is the learner's assumption
    shared = recognition_gap(150_000, "product_discounts", Assumptions(discount_share_to_clinicians=0.2)).iloc[0]
    assert shared["to_clinicians"] == pytest.approx(5_000) and shared["to_institution"] == pytest.approx(20_000)
    assert "your assumption" in shared["note"]
    by_label = recognition_gap(10, "Free data sharing with AI product discounts")
    assert by_label.iloc[0]["gap"] == pytest.approx(10)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(success_probability=0), "success probability must be greater than 0"),
        (dict(success_probability=1.5), "success probability must be at most 1"),
        (dict(annual_net_sales=-1), "annual net sales must be greater than 0"),
        (dict(later_round_dilution=1), "later-round dilution must be below 1"),
        (dict(discount=float("nan")), "discount is NaN"),
        (dict(data_access_fee=-5), "data-access fee must be at least 0"),
        (dict(discount_share_to_clinicians=2), "share of the discount reaching clinicians must be at most 1"),
        (dict(milestones=((10, 2),)), "milestone 1 probability must be at most 1"),
    ],
)
def test_assumption_validation(kwargs, message):
    with pytest.raises(ValueError) as err:
        Assumptions(**kwargs)
    assert message in str(err.value)


def test_bad_inputs():
    with pytest.raises(ValueError, match="share value must be at least 0"):
        deal_terms(-1)
    with pytest.raises(ValueError, match="unknown authorship criterion 'fame'"):
        authorship_eligible({"fame": True})
    with pytest.raises(ValueError, match="must be True or False"):
        authorship_eligible({"contribution": "yes"})
    with pytest.raises(ValueError, match="unknown mechanism 'barter'.*papers_or_patents"):
        recognition_gap(100, "barter")
    with pytest.raises(ValueError, match="royalty rate must be at most 1"):
        royalty_expected_value(3)
