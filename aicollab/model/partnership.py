"""The kit's partnership model: who supplies which resource, and what each group could make alone.

A :class:`Partnership` names the partners, the resources a healthcare-AI product needs (with
importance weights), who supplies how much of each, which resources are essential, and the
total value at stake. From these it derives a cooperative game (the value each group of
partners could create on its own) and splits the total by the rules of
:mod:`aicollab.model.games`. The default scenario is ILLUSTRATIVE: invented for teaching, not
measured.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

import aicollab.inputs as inputs

from .games import (
    MAX_PLAYERS,
    MIN_PLAYERS,
    MIN_WEIGHT,
    _check_players,
    _coalition_payoffs,
    _core_violations_array,
    _mask_to_set,
    _per_player,
    _popcounts,
    _series,
    _shapley_array,
    coalition_label,
    equal_split,
    nash_bargaining,
    proportional,
    weighted_shapley,
)
from .rules import COMPARE_RULES, RULES
from .validation import MAX_TOTAL, MIN_TOTAL, amount, finite_number, rescaled

__all__ = [
    "RULES",
    "COMPARE_RULES",
    "DEFAULT_PLAYERS",
    "DEFAULT_RESOURCES",
    "SURVEY_RESOURCES",
    "DEFAULT_SUPPLY",
    "DEFAULT_ESSENTIAL",
    "Partnership",
    "normalise_supply",
    "coalition_value",
    "coalition_values",
    "coalition_table",
    "contribution_scores",
    "allocate",
    "compare_rules",
    "compare_rules_long",
    "stability",
    "largest_core_shortfall",
]

# --------------------------------------------------------------------------------------
# The partnership (scenario) model
# --------------------------------------------------------------------------------------

DEFAULT_PLAYERS: tuple[str, ...] = ("Clinicians", "Hospital", "Research institution", "AI company")

#: Resources clinicians contribute according to the clinician survey (Table 2 of the
#: collaboration survey in the kit's sources; % of clinicians naming each).
SURVEY_RESOURCES: dict[str, float] = {
    "Image data sharing": 89.0,
    "Clinical information": 76.0,
    "Image data labelling": 70.0,
    "Clinical needs and issues": 70.0,
    "AI product feedback": 52.0,
}

#: Default importance weights per resource (ILLUSTRATIVE: chosen for teaching, not measured).
DEFAULT_RESOURCES: dict[str, float] = {
    # from the survey (what clinicians contribute)
    "Image data sharing": 3.0,
    "Clinical information": 2.0,
    "Image data labelling": 2.0,
    "Clinical needs and issues": 1.0,
    "AI product feedback": 1.0,
    # the kit's illustrative additions (what researchers and companies bring)
    "Algorithm development": 3.0,
    "Engineering and compute": 2.0,
    "Funding": 2.0,
    "Regulatory and clinical validation": 2.0,
}

#: Who supplies what in the default scenario (ILLUSTRATIVE shares; each resource sums to 1).
DEFAULT_SUPPLY: dict[str, dict[str, float]] = {
    "Image data sharing": {"Clinicians": 0.4, "Hospital": 0.6},
    "Clinical information": {"Clinicians": 0.7, "Hospital": 0.3},
    "Image data labelling": {"Clinicians": 0.8, "Research institution": 0.2},
    "Clinical needs and issues": {"Clinicians": 1.0},
    "AI product feedback": {"Clinicians": 0.8, "Hospital": 0.2},
    "Algorithm development": {"Research institution": 0.6, "AI company": 0.4},
    "Engineering and compute": {"Hospital": 0.1, "Research institution": 0.3, "AI company": 0.6},
    "Funding": {"Hospital": 0.1, "Research institution": 0.2, "AI company": 0.7},
    "Regulatory and clinical validation": {"Clinicians": 0.3, "Hospital": 0.2, "AI company": 0.5},
}

#: Longest resource name (characters).
MAX_RESOURCE_CHARS = 100

#: Essential resources in the default scenario: no product without them.
DEFAULT_ESSENTIAL: frozenset = frozenset({"Image data sharing", "Algorithm development"})


def _supply_frame(supply, players: tuple[str, ...], resources: tuple[str, ...]) -> pd.DataFrame:
    """Build a players x resources float table from a DataFrame or dict; missing cells are 0.

    Names in the table are matched to the scenario's players and resources by the kit's comparison
    key (the same rule that cleaned those names), so a resource typed with a line separator or a
    zero-width space still finds its row.
    """
    player_of = {inputs.comparison_key(p): p for p in players}
    resource_of = {inputs.comparison_key(r): r for r in resources}

    def canon(name, table: dict) -> str:
        text = str(name)
        return table.get(inputs.comparison_key(text), text.strip())

    if isinstance(supply, pd.DataFrame):
        df = supply.copy()
    elif isinstance(supply, Mapping):
        # Accept {resource: {player: share}} (as DEFAULT_SUPPLY) or {player: {resource: share}}.
        keys = set(supply)
        as_resources = {k: canon(k, resource_of) for k in keys}
        as_players = {k: canon(k, player_of) for k in keys}
        if keys and set(as_resources.values()) <= set(resources):
            df = pd.DataFrame({as_resources[r]: dict(supply[r]) for r in supply})
        elif keys and set(as_players.values()) <= set(players):
            df = pd.DataFrame({as_players[p]: dict(supply[p]) for p in supply}).T
        else:
            bad = sorted(str(k) for k in keys if as_resources[k] not in resources and as_players[k] not in players)
            raise ValueError(
                f"supply keys must all be resources or all be players; unknown name {(bad or sorted(map(str, keys)))[0]!r}"
            )
    else:
        raise ValueError("supply must be a pandas DataFrame (players x resources) or a dict")
    df.index = [canon(i, player_of) for i in df.index]
    df.columns = [canon(c, resource_of) for c in df.columns]
    extra_p = [p for p in df.index if p not in players]
    if extra_p:
        raise ValueError(f"supply table has unknown player {extra_p[0]!r}; the players are: {', '.join(players)}")
    extra_r = [r for r in df.columns if r not in resources]
    if extra_r:
        raise ValueError(f"supply table has unknown resource {extra_r[0]!r}; the resources are: {', '.join(resources)}")
    if df.index.has_duplicates or df.columns.has_duplicates:
        raise ValueError(
            "the supply table names one player or resource twice (names that differ only in case or spacing count as one)"
        )
    df = df.reindex(index=list(players), columns=list(resources))
    out = pd.DataFrame(
        index=pd.Index(players, name="player"), columns=pd.Index(resources, name="resource"), dtype=float
    )
    for r in resources:
        for p in players:
            val = df.at[p, r]
            if val is None or (isinstance(val, float) and math.isnan(val)):
                # A missing cell means "does not supply this resource".
                if isinstance(supply, pd.DataFrame) and p in supply.index and r in supply.columns:
                    raise ValueError(f"supply of {r!r} by {p!r} is NaN (not a number)")
                val = 0.0
            f = finite_number(val, f"supply of {r!r} by {p!r}")
            if f < 0:
                raise ValueError(f"supply of {r!r} by {p!r} is negative ({f:g}); shares must be 0 or more")
            out.at[p, r] = f
    return out


def normalise_supply(supply: pd.DataFrame) -> pd.DataFrame:
    """Rescale each resource column so its shares add up to 1.

    Handy when you typed rough amounts ("hospital 3, clinicians 1") rather than shares.
    A column that is all zero (nobody supplies it) cannot be rescaled: ValueError names it.
    Negative or non-finite entries are rejected.
    """
    if not isinstance(supply, pd.DataFrame):
        raise ValueError("normalise_supply expects a pandas DataFrame (players x resources)")
    try:
        df = supply.astype(float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("every supply amount must be a number") from None
    for r in df.columns:
        col = df[r]
        if col.isna().any():
            raise ValueError(f"supply of {r!r} contains NaN (not a number)")
        if np.isinf(col).any():
            raise ValueError(f"supply of {r!r} contains an infinite value")
        if (col < 0).any():
            raise ValueError(f"supply of {r!r} has a negative entry; shares must be 0 or more")
        scaled = rescaled(col.to_numpy())  # only the proportions matter: rescaled exactly, no overflow
        s = scaled.sum()
        if s <= 0:
            raise ValueError(f"nobody supplies {r!r} (its column is all zero), so it cannot be normalised")
        df[r] = scaled / s
    return df


@dataclass(frozen=True, eq=False)
class Partnership:
    """A collaboration scenario: who is in it, what it needs, and who supplies what.

    Fields
    ------
    players : 2 to 8 partner names. Default: "Clinicians", "Hospital", "Research
        institution", "AI company".
    resources : ``{resource name: importance weight}`` (finite, >= 0, not all zero). The
        default list takes its first five resources from the clinician survey's Table 2
        (what clinicians contribute: image data sharing, clinical information, image data
        labelling, clinical needs and issues, AI product feedback). The other four
        ("Algorithm development", "Engineering and compute", "Funding", "Regulatory and
        clinical validation") are the kit's *illustrative additions* for what research
        institutions and companies bring. All default weights are illustrative.
    supply : who supplies what: a players x resources table (DataFrame, or dict
        ``{resource: {player: share}}``); missing cells are 0. Each resource's shares must
        add up to 1 (use :func:`normalise_supply` on rough amounts). If omitted with the
        default players and resources, the kit's illustrative default is used; otherwise
        every player supplies an equal share of every resource.
    essential : resources without which there is no product at all (a gate).
    gamma : complementarity, a number >= 1. 1 = inputs simply add up; larger = inputs are
        worth more together than apart.
    total : the value the full partnership creates (e.g. 500 meaning £500k), > 0.
    title, note : free text shown in lessons. ``money_prefix`` / ``money_suffix`` format
        amounts in plain-English verdicts (default "£" and "k").

    The value of a group S (what S could make on its own)
    -----------------------------------------------------
    ``c_r(S)`` is the share of resource r that S holds (sum of its members' shares).
    ``v(S) = 0`` if S is empty or lacks every bit of some essential resource; otherwise
    ``v(S) = total * (sum_r w_r c_r(S) / sum_r w_r) ** gamma``.

    In plain words: *a group's product is worth the weighted share of the inputs it
    holds; gamma > 1 means inputs are worth more together; an essential input is a gate*
    (without it, the product is worth nothing). The full team holds everything, so it
    creates ``total``. With one resource per player this is the kit's "Example 3" game.
    """

    players: tuple[str, ...] = DEFAULT_PLAYERS
    resources: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RESOURCES))
    supply: object = None
    essential: frozenset = None  # type: ignore[assignment]
    gamma: float = 1.0
    total: float = 100.0
    title: str = ""
    note: str = ""
    money_prefix: str = "£"
    money_suffix: str = "k"

    def __post_init__(self):
        ps = _check_players(self.players, min_n=MIN_PLAYERS, max_n=MAX_PLAYERS)
        # resources and weights
        if isinstance(self.resources, pd.Series):
            res_items = list(self.resources.items())
        elif isinstance(self.resources, Mapping):
            res_items = list(self.resources.items())
        else:
            raise ValueError("resources must be a dict {resource name: importance weight}")
        if not res_items:
            raise ValueError("at least one resource is needed")
        names, seen = [], set()
        for r, _ in res_items:
            if not isinstance(r, str) or not r.strip():
                raise ValueError("resource names must be non-empty text")
            name = inputs.check_text(r, "the resource name", max_chars=MAX_RESOURCE_CHARS)
            if inputs.comparison_key(name) in seen:
                raise ValueError(f"duplicate resource name {name!r}")
            seen.add(inputs.comparison_key(name))
            names.append(name)
        rs = tuple(names)
        w = []
        for r, (_, x) in zip(rs, res_items):
            f = amount(x, f"importance weight of {r!r}")
            if f < 0:
                raise ValueError(f"importance weight of {r!r} is negative ({f:g}); weights must be 0 or more")
            if 0 < f < MIN_WEIGHT:
                # Vanishingly small weights underflow in the arithmetic and mean nothing to a learner.
                raise ValueError(
                    f"importance weight of {r!r} is too small ({f:g}): use 0 for 'does not matter' "
                    f"or a number of at least {MIN_WEIGHT:g}"
                )
            w.append(f)
        if not any(x > 0 for x in w):
            raise ValueError("all resource importance weights are zero; at least one must be positive")
        # supply
        supply = self.supply
        if supply is None:
            if ps == DEFAULT_PLAYERS and set(rs) <= set(DEFAULT_SUPPLY):
                supply = {r: DEFAULT_SUPPLY[r] for r in rs}
            else:
                supply = pd.DataFrame(1.0 / len(ps), index=list(ps), columns=list(rs))
        sup = _supply_frame(supply, ps, rs)
        for r in rs:
            s = float(sup[r].sum())
            if abs(s - 1.0) > 1e-6:
                raise ValueError(
                    f"supply shares for {r!r} add up to {s:.6g}, not 1; each resource's shares "
                    "must sum to 1 (use normalise_supply() to rescale rough amounts)"
                )
        # essential
        ess_in = self.essential
        if ess_in is None:
            ess_in = DEFAULT_ESSENTIAL & set(rs) if ps == DEFAULT_PLAYERS and self.supply is None else frozenset()
        if isinstance(ess_in, str):
            ess_in = [ess_in]
        ess = frozenset(str(e).strip() for e in ess_in)
        unknown = sorted(ess - set(rs))
        if unknown:
            raise ValueError(f"essential resource {unknown[0]!r} is not in the resource list ({', '.join(rs)})")
        gamma = finite_number(self.gamma, "gamma (complementarity)")
        if gamma < 1:
            raise ValueError(f"gamma (complementarity) must be at least 1, got {gamma:g}")
        total = finite_number(self.total, "total value")
        if total <= 0:
            raise ValueError(f"total value must be positive, got {total:g}")
        if not MIN_TOTAL <= total <= MAX_TOTAL:
            raise ValueError(
                f"total value must be between {inputs.number_text(MIN_TOTAL)} and {MAX_TOTAL:,.0f} "
                f"(in the model's money unit), got {inputs.number_text(total)}"
            )
        object.__setattr__(self, "players", ps)
        object.__setattr__(self, "resources", MappingProxyType(dict(zip(rs, w))))
        object.__setattr__(self, "supply", sup)
        object.__setattr__(self, "essential", ess)
        object.__setattr__(self, "gamma", gamma)
        object.__setattr__(self, "total", total)

    # ---- convenient views -----------------------------------------------------------
    @property
    def resource_names(self) -> tuple[str, ...]:
        return tuple(self.resources)

    @property
    def weights(self) -> pd.Series:
        """Importance weight per resource (a copy)."""
        return pd.Series(dict(self.resources), name="weight", dtype=float).rename_axis("resource")

    @property
    def n(self) -> int:
        return len(self.players)

    def supply_table(self) -> pd.DataFrame:
        """Who supplies what (players x resources), a copy you may edit and pass back.

        Treat ``p.supply`` itself as read-only; edit this copy and build a new scenario
        with ``p.with_changes(supply=edited)``.
        """
        return self.supply.copy()

    def money(self, x: float) -> str:
        """Format an amount for verdicts, e.g. 40 -> '£40k', 32.5 -> '£32.5k'.

        Raises ``ValueError`` in plain words for an amount that is not a finite number."""
        x = finite_number(x, "the amount to show")
        dp = 0 if abs(x - round(x)) < 0.05 else 1
        return f"{self.money_prefix}{x:,.{dp}f}{self.money_suffix}"

    def with_changes(self, **changes) -> Partnership:
        """A copy with some fields changed (validated again), e.g. ``p.with_changes(gamma=2)``."""
        from dataclasses import replace

        return replace(self, **changes)

    def with_weight(self, resource: str, weight: float) -> Partnership:
        """A copy with one resource's importance weight changed."""
        if resource not in self.resources:
            raise ValueError(f"unknown resource {resource!r}; the resources are: {', '.join(self.resources)}")
        res = dict(self.resources)
        res[resource] = weight
        return self.with_changes(resources=res)

    def rename_player(self, old: str, new: str) -> Partnership:
        """A copy with one player renamed (supply moves with them)."""
        if old not in self.players:
            raise ValueError(f"unknown player {old!r}; the players are: {', '.join(self.players)}")
        players = tuple(new if p == old else p for p in self.players)
        sup = self.supply.rename(index={old: new})
        return self.with_changes(players=players, supply=sup)

    def add_player(self, name: str, supply: Mapping[str, float] | None = None) -> Partnership:
        """A copy with a new player. By default they supply nothing (a 'null player').

        If ``supply`` ``{resource: amount}`` is given, the new player's amounts are added and
        each affected resource column is rescaled to sum to 1 (everyone's share shrinks in
        proportion).
        """
        players = self.players + (name,)
        sup = self.supply.copy()
        sup.loc[name] = 0.0
        if supply:
            for r, x in supply.items():
                if r not in self.resources:
                    raise ValueError(f"unknown resource {r!r}; the resources are: {', '.join(self.resources)}")
                sup.loc[name, r] = finite_number(x, f"supply of {r!r} by {name!r}")
            sup = normalise_supply(sup)
        return self.with_changes(players=players, supply=sup)

    def remove_player(self, name: str) -> Partnership:
        """A copy without one player; the others' shares of each resource are rescaled to 1.

        A resource that only the removed player supplied leaves with them: it is dropped
        from the resource list (and from the essential set), so the remaining partnership
        no longer counts it. Check :func:`coalition_value` of the remaining players in the
        original scenario if you want "what they could do without that partner" instead.
        """
        if name not in self.players:
            raise ValueError(f"unknown player {name!r}; the players are: {', '.join(self.players)}")
        players = tuple(p for p in self.players if p != name)
        sup = self.supply.drop(index=name)
        keep = [r for r in self.resources if sup[r].sum() > 0]
        if not keep:
            raise ValueError(f"removing {name!r} leaves no resources at all")
        sup = normalise_supply(sup[keep])
        res = {r: self.resources[r] for r in keep}
        return self.with_changes(
            players=players, resources=res, supply=sup, essential=frozenset(self.essential & set(keep))
        )

    def describe(self) -> str:
        """A few plain lines describing the scenario (for lessons and alt text)."""
        ess = ", ".join(r for r in self.resources if r in self.essential) or "none"
        return (
            f"{self.title or 'Partnership'}: {', '.join(self.players)}; "
            f"{len(self.resources)} resources; essential: {ess}; gamma = {self.gamma:g}; "
            f"total value {self.money(self.total)}."
        )


def _holdings(p: Partnership) -> tuple[np.ndarray, np.ndarray]:
    """Per bitmask: resource holdings c_r(S) (2^n x R) and the membership matrix (2^n x n)."""
    n = p.n
    masks = np.arange(1 << n)
    member = ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(float)
    return member @ p.supply.to_numpy(dtype=float), member


def _values_from_holdings(p: Partnership, hold: np.ndarray) -> np.ndarray:
    w = np.array(list(p.resources.values()), dtype=float)
    share = hold @ w / w.sum()
    vals = p.total * np.power(np.clip(share, 0.0, None), p.gamma)
    if p.essential:
        idx = [k for k, r in enumerate(p.resources) if r in p.essential]
        gate = np.all(hold[:, idx] > 0, axis=1)
        vals = np.where(gate, vals, 0.0)
    return vals


def _values(p: Partnership) -> np.ndarray:
    hold, _ = _holdings(p)
    vals = _values_from_holdings(p, hold)
    vals[0] = 0.0
    vals[-1] = p.total  # the full team holds all of every input
    return vals


def coalition_value(partnership: Partnership, coalition: Iterable[str]) -> float:
    """What one group of players could create on its own (see :class:`Partnership`)."""
    p = partnership
    members = set(coalition)
    unknown = sorted(members - set(p.players))
    if unknown:
        raise ValueError(f"unknown player {unknown[0]!r}; the players are: {', '.join(p.players)}")
    mask = sum(1 << k for k, q in enumerate(p.players) if q in members)
    return float(_values(p)[mask])


def coalition_values(partnership: Partnership) -> dict[frozenset, float]:
    """Value of every group, ``{frozenset(players): value}``, including the empty group (0).

    Pass the result (or the partnership's players) to :func:`shapley`,
    :func:`core_violations`, etc.
    """
    p = partnership
    vals = _values(p)
    return {_mask_to_set(m, p.players): float(vals[m]) for m in range(1 << p.n)}


def coalition_table(partnership: Partnership) -> pd.DataFrame:
    """Every non-empty group with what it could make alone, for display in lessons.

    Columns: ``coalition`` (frozenset), ``label`` (e.g. "Hospital + AI company"), ``size``,
    ``value``, ``holds_essentials`` (bool: does it hold some of every essential resource?).
    Rows ordered by size, then player order.
    """
    p = partnership
    hold, _ = _holdings(p)
    vals = _values(p)
    ess_idx = [k for k, r in enumerate(p.resources) if r in p.essential]
    pc = _popcounts(p.n)
    order = sorted(range(1, 1 << p.n), key=lambda m: (pc[m], [k for k in range(p.n) if m >> k & 1]))
    rows = []
    for m in order:
        s = _mask_to_set(m, p.players)
        rows.append(
            (
                s,
                coalition_label(s, p.players),
                int(pc[m]),
                float(vals[m]),
                bool(np.all(hold[m, ess_idx] > 0)) if ess_idx else True,
            )
        )
    return pd.DataFrame(rows, columns=["coalition", "label", "size", "value", "holds_essentials"])


def contribution_scores(partnership: Partnership) -> pd.Series:
    """Each player's contribution score ``sum_r w_r * supply[player, r]`` (Series "score")."""
    p = partnership
    w = np.array(list(p.resources.values()), dtype=float)
    return _series(p.players, p.supply.to_numpy(dtype=float) @ w, "score")


def allocate(partnership: Partnership, rule: str, **options) -> pd.Series:
    """Split the partnership's total value by one rule; Series indexed by player, named ``rule``.

    Rules
    -----
    ``"proportional"`` : in proportion to each player's contribution score
        (``sum_r w_r supply[p, r]``).
    ``"shapley"`` : Shapley value of the coalition game (rewards being essential).
    ``"equal"`` : the same for everyone.
    ``"nash"`` : Nash bargaining; options ``outside_options`` (dict; default: each player's
        stand-alone value v({i}), which is always viable in this model) and ``power``
        (dict; default equal). Custom outside options adding up to more than the total
        raise ``ValueError`` ("partnership not viable").
    ``"weighted_shapley"`` : Shapley with joint gains split by contribution scores (or an
        explicit ``weights=`` dict).
    """
    p = partnership
    if not isinstance(p, Partnership):
        raise ValueError("allocate expects a Partnership")
    if not isinstance(rule, str) or rule.strip().lower() not in RULES:
        raise ValueError(f"unknown rule {rule!r}; valid rules are: {', '.join(RULES)}")
    rule = rule.strip().lower()
    allowed = {"nash": {"outside_options", "power"}, "weighted_shapley": {"weights"}}.get(rule, set())
    extra = sorted(set(options) - allowed)
    if extra:
        raise ValueError(
            f"rule {rule!r} does not take option {extra[0]!r}"
            + (f" (it takes: {', '.join(sorted(allowed))})" if allowed else " (it takes no options)")
        )
    if rule == "proportional":
        return proportional(p.players, contribution_scores(p), p.total).rename("proportional")
    if rule == "equal":
        return equal_split(p.players, p.total)
    vals = _values(p)
    if rule == "shapley":
        return _series(p.players, _shapley_array(vals, p.n), "shapley")
    if rule == "weighted_shapley":
        weights = options.get("weights")
        if weights is None:
            weights = contribution_scores(p)
        return weighted_shapley(p.players, vals, weights)
    # nash
    d = options.get("outside_options")
    if d is None:
        d = {q: float(vals[1 << k]) for k, q in enumerate(p.players)}
    return nash_bargaining(p.players, p.total, outside_options=d, power=options.get("power"))


def compare_rules(partnership: Partnership, rules: Sequence[str] = COMPARE_RULES) -> pd.DataFrame:
    """All rules side by side: one row per player, one column per rule, plus share %.

    Columns: each rule name (amounts) then ``<rule>_pct`` (percent of the total). Index:
    player. Nash uses its defaults (stand-alone outside options, equal power).
    """
    p = partnership
    cols = {r: allocate(p, r) for r in rules}
    df = pd.DataFrame(cols)
    for r in rules:
        df[f"{r}_pct"] = df[r] / p.total * 100.0
    df.index.name = "player"
    return df


def compare_rules_long(partnership: Partnership, rules: Sequence[str] = COMPARE_RULES) -> pd.DataFrame:
    """Tidy version of :func:`compare_rules` for charts: columns player, rule, value, share_pct."""
    wide = compare_rules(partnership, rules)
    out = []
    for r in rules:
        for q in wide.index:
            out.append((q, r, float(wide.at[q, r]), float(wide.at[q, f"{r}_pct"])))
    return pd.DataFrame(out, columns=["player", "rule", "value", "share_pct"])


def stability(partnership: Partnership, allocation) -> pd.DataFrame:
    """Core check for a split of a partnership, with a plain-English verdict per problem.

    ``allocation``: a Series/dict per player, or a rule name (e.g. ``"nash"``).
    Returns :func:`core_violations`' columns plus ``verdict``, e.g. "Hospital + AI company
    would walk away: together they could make £40k alone, but this split gives them £35k".
    Empty when the split is stable. ``result.attrs["summary"]`` holds a one-line overall
    verdict.
    """
    p = partnership
    if isinstance(allocation, str):
        allocation = allocate(p, allocation)
    x = _per_player(p.players, allocation, "allocation")
    df = _core_violations_array(p.players, _values(p), x)
    verdicts = []
    for row in df.itertuples(index=False):
        if row.check == "efficiency":
            if row.shortfall > 0:
                verdicts.append(
                    f"The split hands out only {p.money(row.payoff)}, but the full partnership "
                    f"creates {p.money(row.value)}: {p.money(row.shortfall)} is left on the table"
                )
            else:
                verdicts.append(
                    f"The split promises {p.money(row.payoff)}, but the full partnership only "
                    f"creates {p.money(row.value)}: it is not affordable"
                )
        elif row.size == 1:
            verdicts.append(
                f"{row.label} would walk away: alone they could make {p.money(row.value)}, "
                f"but this split gives them {p.money(row.payoff)}"
            )
        else:
            verdicts.append(
                f"{row.label} would walk away: together they could make {p.money(row.value)} "
                f"alone, but this split gives them {p.money(row.payoff)}"
            )
    df["verdict"] = pd.Series(verdicts, dtype=object)
    if df.empty:
        summary = "Stable: no partner or group of partners could do better on their own."
    else:
        summary = f"Unstable: {len(df)} problem(s); the biggest: {df['verdict'].iloc[0]}."
    df.attrs["summary"] = summary
    return df


def largest_core_shortfall(partnership: Partnership, allocation) -> float:
    """The most any group loses by staying in: ``max(0, max_S v(S) - sum of its payoffs)``.

    0 means the split is stable (no group gains by walking away). ``allocation`` is a
    Series/dict per player or a rule name. This is the number the static book shows per rule.
    """
    p = partnership
    if isinstance(allocation, str):
        allocation = allocate(p, allocation)
    x = _per_player(p.players, allocation, "allocation")
    short = _values(p) - _coalition_payoffs(x, p.n)
    return float(max(0.0, np.max(short[1:])))
