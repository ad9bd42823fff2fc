"""Turning a share of value into deal terms a clinician recognises.

A value-sharing rule gives a number ("the clinicians' share is £150k"). Real deals are
written in *instruments*: an upfront fee, a royalty on sales, milestone payments, an
equity stake, a product discount, co-authorship. :func:`deal_terms` writes one share as
each instrument and says what each row's number is (its ``value_basis``): the fee, the
royalty, the milestones and the discount are sized to the same *expected value* under
the assumptions; the equity stake is sized by its *paper value* at the post-money
valuation, which is not an expected value (the kit has no model of the company's fate).
Learners see what "£150k" means as a royalty rate or a stake, and how risky each form is.

All default assumptions are the ILLUSTRATIVE worked numbers of the kit's research notes
(``domain_sources.md`` §3.5): success probability 0.25, £4m/yr net sales for 5 years,
£10m post-money valuation, a 20% later funding round, a £40k/yr licence and a 50%
discount. The data-access fee default (£50k) is the kit's own invented number. None of
these describe a real deal.

Authorship is deliberately *not* a share: under ICMJE all four criteria are needed, so it
is a yes/no gate (see :func:`authorship_eligible`).

The clinician survey (Table 2) asked which collaboration mechanism clinicians preferred:
free data sharing for research papers or patents (55%), free data sharing with AI product
discounts (25%), sharing within the hospital or paid purchasing (20%). The question is about
how a collaboration is arranged, not about how clinicians want to be paid.
:func:`recognition_gap` asks what each arrangement passes to the clinicians themselves, in
expected value, next to the share a rule gave them; it illustrates (it does not measure)
the recognition theme of Alami et al. (2025).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .validation import bounded_number

__all__ = [
    "Assumptions",
    "deal_terms",
    "royalty_rate_for",
    "royalty_expected_value",
    "milestones_expected_value",
    "equity_stake_for",
    "equity_paper_value",
    "equity_after_dilution",
    "discount_value",
    "discount_expected_value",
    "VALUE_BASIS",
    "ICMJE_CRITERIA",
    "AuthorshipCheck",
    "authorship_eligible",
    "MECHANISMS",
    "recognition_gap",
]


_num = bounded_number


@dataclass(frozen=True)
class Assumptions:
    """Commercial assumptions for converting a share into deal terms (ILLUSTRATIVE).

    success_probability : chance the product reaches the market and sells (0-1).
    annual_net_sales : net sales per year if it succeeds (£).
    years : years of sales counted.
    post_money_valuation : company value right after the partner's stake is issued (£).
    later_round_dilution : fraction of the company sold in a later funding round (0-1).
    licence_price_per_year : list price of the product licence (£/yr).
    discount : product discount offered to the hospital (0-1).
    data_access_fee : a one-off fee for data access (£; the kit's invented default).
    fee_share_to_clinicians : fraction of the data-access fee that reaches clinicians (0-1;
        the kit's default assumption is 0: the fee is paid to the institution).
    discount_share_to_clinicians : fraction of the discount's value that reaches clinicians
        (0-1; the kit's default assumption is 0: the discount goes to the hospital that buys).
    milestones : ((amount £, probability it is reached), ...) template for milestone deals.
    currency : symbol used in notes.
    """

    success_probability: float = 0.25
    annual_net_sales: float = 4_000_000.0
    years: float = 5
    post_money_valuation: float = 10_000_000.0
    later_round_dilution: float = 0.20
    licence_price_per_year: float = 40_000.0
    discount: float = 0.50
    data_access_fee: float = 50_000.0
    fee_share_to_clinicians: float = 0.0
    discount_share_to_clinicians: float = 0.0
    milestones: tuple = ((50_000.0, 0.5), (100_000.0, 0.25))
    currency: str = "£"

    def __post_init__(self):
        _num(self.success_probability, "success probability", lo=0, hi=1, lo_open=True)
        _num(self.annual_net_sales, "annual net sales", lo=0, lo_open=True)
        _num(self.years, "years of sales", lo=0, lo_open=True)
        _num(self.post_money_valuation, "post-money valuation", lo=0, lo_open=True)
        _num(self.later_round_dilution, "later-round dilution", lo=0, hi=1)
        if self.later_round_dilution >= 1:
            raise ValueError("later-round dilution must be below 1 (selling 100% leaves nothing)")
        _num(self.licence_price_per_year, "licence price per year", lo=0, lo_open=True)
        _num(self.discount, "discount", lo=0, hi=1, lo_open=True)
        _num(self.data_access_fee, "data-access fee", lo=0)
        _num(self.fee_share_to_clinicians, "share of the fee reaching clinicians", lo=0, hi=1)
        _num(self.discount_share_to_clinicians, "share of the discount reaching clinicians", lo=0, hi=1)
        ms = tuple(tuple(m) for m in self.milestones)
        for k, m in enumerate(ms):
            if len(m) != 2:
                raise ValueError(f"milestone {k + 1} must be (amount, probability), got {m!r}")
            _num(m[0], f"milestone {k + 1} amount", lo=0)
            _num(m[1], f"milestone {k + 1} probability", lo=0, hi=1)
        object.__setattr__(self, "milestones", ms)

    @property
    def total_net_sales(self) -> float:
        """Net sales over all years if the product succeeds."""
        return self.annual_net_sales * self.years

    def money(self, x: float) -> str:
        return f"{self.currency}{x:,.0f}"


# ---- single-instrument conversions (each reproduces a §3.5 worked number) -----------


def royalty_expected_value(rate: float, a: Assumptions = Assumptions()) -> float:
    """Expected value of a royalty: ``p * rate * annual sales * years``.

    3% with the defaults: 0.25 x 3% x £4m x 5 = £150,000.
    """
    r = _num(rate, "royalty rate", lo=0, hi=1)
    return a.success_probability * r * a.total_net_sales


def royalty_rate_for(share_value: float, a: Assumptions = Assumptions()) -> float:
    """Royalty rate (fraction of net sales) with the same expected value as ``share_value``."""
    v = _num(share_value, "share value", lo=0)
    expected_sales = a.success_probability * a.total_net_sales
    if not expected_sales > 0:  # tiny sales and years can multiply to 0
        raise ValueError("expected net sales are too small to set a royalty rate; give larger sales or years")
    return v / expected_sales


def milestones_expected_value(milestones: Sequence[tuple[float, float]]) -> float:
    """Expected value of milestone payments: sum of amount x probability.

    £50k at p = 0.5 plus £100k at p = 0.25 gives £25k + £25k = £50k.
    """
    total = 0.0
    for k, m in enumerate(milestones):
        try:
            amount, p = m
        except (TypeError, ValueError):
            raise ValueError(f"milestone {k + 1} must be (amount, probability), got {m!r}") from None
        total += _num(amount, f"milestone {k + 1} amount", lo=0) * _num(p, f"milestone {k + 1} probability", lo=0, hi=1)
    return total


def equity_paper_value(stake: float, post_money_valuation: float) -> float:
    """Paper value of a stake at the post-money valuation: 5% of £10m = £500,000."""
    s = _num(stake, "equity stake", lo=0, hi=1)
    return s * _num(post_money_valuation, "post-money valuation", lo=0, lo_open=True)


def equity_stake_for(share_value: float, a: Assumptions = Assumptions()) -> float:
    """Stake (fraction of the company) whose paper value at post-money equals ``share_value``."""
    v = _num(share_value, "share value", lo=0)
    return v / a.post_money_valuation


def equity_after_dilution(stake: float, dilution: float) -> float:
    """Stake after a later round sells ``dilution`` of the company: 5% x (1 - 0.2) = 4%."""
    s = _num(stake, "equity stake", lo=0, hi=1)
    d = _num(dilution, "dilution", lo=0, hi=1)
    return s * (1 - d)


def discount_value(a: Assumptions = Assumptions(), years: float | None = None) -> float:
    """Face value of the product discount: 50% off £40k/yr for 5 years = £100,000.

    A face value, not an expected value: the discount is worth this only if the product
    launches and the hospital buys it. See :func:`discount_expected_value`.
    """
    y = a.years if years is None else _num(years, "years of discount", lo=0)
    return a.discount * a.licence_price_per_year * y


def discount_expected_value(a: Assumptions = Assumptions(), years: float | None = None) -> float:
    """Expected value of the discount to the hospital: launch probability x face value.

    0.25 x £100,000 = £25,000 with the defaults (assuming the hospital buys the product if it
    launches; if it might not buy, the expected value is lower still).
    """
    return a.success_probability * discount_value(a, years)


#: What each row of :func:`deal_terms` measures (its ``value_basis``).
VALUE_BASIS = {
    "expected": "expected value",
    "paper": "paper value at post-money (not an expected value)",
    "gate": "a gate, not an amount",
    "dilution": "percentage only (its value depends on the later round)",
}


def deal_terms(share_value: float, assumptions: Assumptions = Assumptions()) -> pd.DataFrame:
    """One share of value written as different deal instruments, each with what its number is.

    Columns: ``instrument``, ``amount``, ``unit``, ``expected_value`` (£; NaN where no
    expected value can be stated), ``value_basis`` (a phrase from :data:`VALUE_BASIS`) and
    ``risk_note``.

    - Upfront fee, royalty, milestone payments and product discount are sized so that their
      *expected value* equals ``share_value`` under the assumptions. The fee is certain; the
      royalty and the discount pay only if the product launches (and, for the discount, only
      to the hospital that buys it); milestones pay only as they are reached.
    - The equity stake is sized by its *paper value* at the post-money valuation. That is not
      an expected value (the kit does not model what the company will be worth), so its
      ``expected_value`` is NaN. The same stake after the later round shows the dilution.
    - Authorship is a gate (ICMJE), not an amount.

    The discount row shows how many years of discount match the share in expectation; when that
    runs past the sales horizon (``assumptions.years``), the note says so: a discount that
    large cannot carry the share.
    """
    a = assumptions
    v = _num(share_value, "share value", lo=0)
    if not a.success_probability * a.discount * a.licence_price_per_year > 0:  # tiny inputs can multiply to 0
        raise ValueError(
            "the discount's expected value per year is too small to size a discount; give a larger "
            "licence price, discount or success probability"
        )
    c = a.currency
    ev, paper = VALUE_BASIS["expected"], VALUE_BASIS["paper"]
    rows = []
    rows.append(("Upfront fee", v, c, v, ev, "Certain: paid at signature, whatever happens to the product."))
    rate = royalty_rate_for(v, a)
    rows.append(
        (
            "Royalty",
            rate * 100,
            f"% of net sales for {a.years:g} years",
            v,
            ev,
            f"Contingent: paid only if the product sells (assumed chance {a.success_probability:.0%}; "
            f"{c}{a.annual_net_sales:,.0f}/yr if it does).",
        )
    )
    ms_ev = milestones_expected_value(a.milestones)
    if ms_ev > 0:
        k = v / ms_ev
        nominal = k * sum(m[0] for m in a.milestones)
        parts = ", ".join(f"{c}{k * m[0]:,.0f} at p = {m[1]:g}" for m in a.milestones)
        rows.append(
            (
                "Milestone payments",
                nominal,
                f"{c} in total if every milestone is reached",
                v,
                ev,
                f"Partly contingent: {parts}.",
            )
        )
    stake = equity_stake_for(v, a)
    rows.append(
        (
            "Equity stake",
            stake * 100,
            f"% of the company at {c}{a.post_money_valuation:,.0f} post-money",
            float("nan"),
            paper,
            f"High risk: {c}{v:,.0f} on paper at signing, not an expected value; worth nothing if the "
            "company fails, and hard to sell.",
        )
    )
    rows.append(
        (
            "Equity stake after later round",
            equity_after_dilution(stake, a.later_round_dilution) * 100,
            f"% of the company after a round selling {a.later_round_dilution:.0%}",
            float("nan"),
            VALUE_BASIS["dilution"],
            "Dilution cuts the percentage; the value depends on the later round's price.",
        )
    )
    per_year_expected = a.success_probability * a.discount * a.licence_price_per_year
    years_needed = v / per_year_expected
    note = (
        f"In kind, to the hospital that buys the product (not to the clinicians), and only if it "
        f"launches (assumed chance {a.success_probability:.0%})."
    )
    if years_needed > a.years:
        within = discount_expected_value(a)
        note += (
            f" {years_needed:g} years is longer than the {a.years:g}-year sales horizon: within it the "
            f"discount is worth {c}{within:,.0f} in expectation, so a discount cannot carry this share."
        )
    rows.append(
        (
            "Product discount",
            years_needed,
            f"years of {a.discount:.0%} off a {c}{a.licence_price_per_year:,.0f}/yr licence",
            v,
            ev,
            note,
        )
    )
    rows.append(
        (
            "Authorship",
            float("nan"),
            "eligibility gate (ICMJE)",
            float("nan"),
            VALUE_BASIS["gate"],
            "Not a share: all four ICMJE criteria are needed; others are acknowledged. See authorship_eligible().",
        )
    )
    return pd.DataFrame(rows, columns=["instrument", "amount", "unit", "expected_value", "value_basis", "risk_note"])


# ---- authorship as a gate --------------------------------------------------------------

#: ICMJE's four authorship criteria, key -> plain description. All four are required.
ICMJE_CRITERIA: dict[str, str] = {
    "contribution": "substantial contribution to the conception or design of the work, or to "
    "acquiring, analysing or interpreting its data",
    "drafting": "drafting the work or revising it critically for important intellectual content",
    "approval": "final approval of the version to be published",
    "accountability": "agreeing to be accountable for all aspects of the work",
}


@dataclass(frozen=True)
class AuthorshipCheck:
    """Result of :func:`authorship_eligible`: ``eligible`` flag and the ``missing`` criteria in words."""

    eligible: bool
    missing: tuple[str, ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        if self.eligible:
            return "Eligible for authorship: all four ICMJE criteria are met."
        return "Not eligible for authorship (acknowledge instead); missing: " + "; ".join(self.missing) + "."

    def __bool__(self) -> bool:
        return self.eligible


def authorship_eligible(criteria: Mapping[str, bool]) -> AuthorshipCheck:
    """Is a contributor eligible for authorship under ICMJE? All four criteria are needed.

    ``criteria``: dict with keys ``"contribution"``, ``"drafting"``, ``"approval"``,
    ``"accountability"`` and True/False values; a key left out counts as not met. Providing
    data or access alone ("Resources") meets only part of the first criterion at most, so
    it does not earn authorship by itself.

    Returns :class:`AuthorshipCheck` (``eligible``, ``missing`` descriptions, ``message``).
    """
    if not isinstance(criteria, Mapping):
        raise ValueError("criteria must be a dict like {'contribution': True, 'drafting': False, ...}")
    unknown = [k for k in criteria if k not in ICMJE_CRITERIA]
    if unknown:
        raise ValueError(
            f"unknown authorship criterion {unknown[0]!r}; the ICMJE criteria are: {', '.join(ICMJE_CRITERIA)}"
        )
    for k, val in criteria.items():
        if not isinstance(val, bool):
            raise ValueError(f"criterion {k!r} must be True or False, got {val!r}")
    missing = tuple(desc for k, desc in ICMJE_CRITERIA.items() if not criteria.get(k, False))
    return AuthorshipCheck(eligible=not missing, missing=missing)


# ---- the recognition gap -----------------------------------------------------------------

#: Collaboration mechanisms from the clinician survey (Table 2): key -> (label, % preferring).
MECHANISMS: dict[str, tuple[str, float]] = {
    "papers_or_patents": ("Free data sharing for research papers or patent", 55.0),
    "product_discounts": ("Free data sharing with AI product discounts", 25.0),
    "in_hospital_or_paid": ("Sharing within hospital or paid purchasing", 20.0),
}


def _mechanism_key(m: str) -> str:
    if m in MECHANISMS:
        return m
    for k, (label, _) in MECHANISMS.items():
        if isinstance(m, str) and m.strip().casefold() == label.casefold():
            return k
    valid = ", ".join(f"{k!r} ({label})" for k, (label, _) in MECHANISMS.items())
    raise ValueError(f"unknown mechanism {m!r}; valid mechanisms are: {valid}")


def recognition_gap(
    share_value: float,
    mechanism: str | Sequence[str] | None = None,
    assumptions: Assumptions = Assumptions(),
) -> pd.DataFrame:
    """What each survey arrangement passes to the clinicians themselves, next to a share (£).

    ``share_value`` is the clinicians' share under whatever rule the partners use (for example
    the Shapley value of an illustrative scenario): a number to compare with, not a measure of
    what is fair. Every money column is an *expected value* under ``assumptions``:

    * "Free data sharing for research papers or patent": no money; credit (authorship if all
      four ICMJE criteria are met) and possibly inventorship. Whether a patent's licence income
      reaches an inventor depends on the institution's IP policy, which the survey does not cover.
    * "Free data sharing with AI product discounts": the discount goes to the *hospital* that
      buys the product, and only if it launches: expected value
      ``success_probability x discount_value`` (face value in ``to_institution_if_paid``).
      Clinicians get ``discount_share_to_clinicians`` of it (default 0).
    * "Sharing within hospital or paid purchasing": the data-access fee is paid to the
      *institution*; clinicians get ``fee_share_to_clinicians`` of it (default 0).

    ``mechanism``: one key/label, a list of them, or None for all three.

    Returns a DataFrame with columns ``mechanism`` (survey label), ``survey_pct`` (% of
    clinicians preferring it), ``to_clinicians`` (expected £ reaching clinicians directly),
    ``to_institution`` (expected £ to the hospital or institution), ``to_institution_if_paid``
    (face value, if the payment or discount happens), ``share_value``, ``gap`` (share minus
    ``to_clinicians``; positive = the arrangement passes on less than the share) and ``note``.
    """
    a = assumptions
    share = _num(share_value, "share value", lo=0)
    if mechanism is None:
        keys = list(MECHANISMS)
    elif isinstance(mechanism, str):
        keys = [_mechanism_key(mechanism)]
    else:
        keys = [_mechanism_key(m) for m in mechanism]
    rows = []
    for k in keys:
        label, pct = MECHANISMS[k]
        if k == "papers_or_patents":
            clin, inst, face = 0.0, 0.0, 0.0
            note = (
                "Credit: authorship if all four ICMJE criteria are met, and possibly inventorship; no money "
                "is part of the arrangement. Any licence income from a patent depends on the institution's "
                "IP policy, which the survey does not cover."
            )
        elif k == "product_discounts":
            face = discount_value(a)
            expected = discount_expected_value(a)
            clin = expected * a.discount_share_to_clinicians
            inst = expected - clin
            note = (
                f"In kind: {a.discount:.0%} off a {a.money(a.licence_price_per_year)}/yr licence for "
                f"{a.years:g} years ({a.money(face)} face value) goes to the hospital that buys the product, "
                f"only if it launches (assumed chance {a.success_probability:.0%}): {a.money(expected)} "
                "expected."
            )
            if a.discount_share_to_clinicians > 0:
                note += f" {a.discount_share_to_clinicians:.0%} of it reaches clinicians (your assumption)."
        else:
            face = a.data_access_fee
            clin = face * a.fee_share_to_clinicians
            inst = face - clin
            if a.fee_share_to_clinicians == 0:
                note = f"The {a.money(face)} data-access fee is paid to the institution, not to the clinicians."
            else:
                note = (
                    f"Of the {a.money(face)} data-access fee, {a.fee_share_to_clinicians:.0%} reaches clinicians "
                    "(your assumption); the rest goes to the institution."
                )
        rows.append((label, pct, clin, inst, face, share, share - clin, note))
    return pd.DataFrame(
        rows,
        columns=[
            "mechanism",
            "survey_pct",
            "to_clinicians",
            "to_institution",
            "to_institution_if_paid",
            "share_value",
            "gap",
            "note",
        ],
    )
