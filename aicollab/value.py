"""The value-sharing model: who created how much of the value, and how to split it.

Plain-words summary for clinicians
----------------------------------
A healthcare-AI product usually needs several partners: clinicians (images, labels,
clinical questions, feedback), a hospital (data access, IT, governance), a research
institution (algorithms) and a company (engineering, funding, regulatory work).
"How should the value be split?" has no single right answer, so this module offers
several well-known *rules* and lets you compare them on the same story:

* **proportional**: pay each partner in proportion to an agreed contribution score;
* **equal split**: everyone gets the same;
* **Shapley value**: average what each partner adds, over every order in which the
  team could have come together (rewards being essential, not just "being big");
* **weighted Shapley value**: like Shapley, but each "joint gain" is split in
  proportion to agreed weights instead of equally;
* **Nash bargaining**: each partner first gets what they could get elsewhere (their
  *outside option*), then the surplus is split by bargaining power;
* **core check**: is there a group of partners who could make more on their own than
  the split gives them? If so, they have a reason to walk away.

Everything is plain Python + pandas with no plotting or widget code, so lessons, the
JupyterLab app and the static book all show the same numbers. The worked numbers in the
tests come from the kit's research notes (``domain_sources.md`` §3); they are
*illustrative teaching examples*, not data about real partnerships.

Conventions
-----------
* A *game* is a list of players plus ``v``: the value each group (coalition) of players
  could create on its own. ``v`` may be a ``dict`` keyed by ``frozenset`` of player
  names or a function taking a ``frozenset``. The empty group is always worth 0.
* Results are ``pandas.Series`` indexed by player name, in the order you gave.
* Bad inputs raise ``ValueError`` with a message that says what is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .validation import finite_number

__all__ = [
    "MIN_PLAYERS",
    "MAX_PLAYERS",
    "RULES",
    "COMPARE_RULES",
    "DEFAULT_PLAYERS",
    "DEFAULT_RESOURCES",
    "SURVEY_RESOURCES",
    "DEFAULT_SUPPLY",
    "DEFAULT_ESSENTIAL",
    "coalition_label",
    "shapley",
    "weighted_shapley",
    "harsanyi_dividends",
    "leave_one_out",
    "last_in_marginals",
    "proportional",
    "equal_split",
    "nash_bargaining",
    "core_violations",
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

#: Fewest and most players the exact methods accept (8 players = 256 groups).
MIN_PLAYERS = 2
MAX_PLAYERS = 8
#: Smallest positive importance weight accepted (smaller ones underflow and mean nothing).
MIN_WEIGHT = 1e-6

Game = Union[Mapping[frozenset, float], Callable[[frozenset], float]]

# --------------------------------------------------------------------------------------
# Input checking helpers
# --------------------------------------------------------------------------------------


def _check_players(players: Iterable[str], *, min_n: int = 1, max_n: int = 16) -> tuple[str, ...]:
    """Return players as a tuple of clean names, or raise ValueError saying what is wrong."""
    if isinstance(players, str):
        raise ValueError(
            "players must be a list of names, not a single string "
            f"(got {players!r}; did you mean [{players!r}]?)"
        )
    try:
        names = tuple(players)
    except TypeError:
        raise ValueError(f"players must be a list of names, got {type(players).__name__}") from None
    cleaned = []
    for p in names:
        if not isinstance(p, str):
            raise ValueError(f"player names must be text, got {p!r} ({type(p).__name__})")
        if not p.strip():
            raise ValueError("player names must not be empty or whitespace-only")
        cleaned.append(p.strip())
    seen: dict[str, str] = {}
    for p in cleaned:
        key = p.casefold()
        if key in seen:
            raise ValueError(f"duplicate player name {p!r}: every player needs a different name")
        seen[key] = p
    if len(cleaned) < min_n:
        raise ValueError(
            f"need at least {min_n} players, got {len(cleaned)}"
            + (f" ({', '.join(cleaned)})" if cleaned else "")
        )
    if len(cleaned) > max_n:
        raise ValueError(
            f"at most {max_n} players are supported for exact calculation, got {len(cleaned)}"
        )
    return tuple(cleaned)


_finite_number = finite_number  # the model's historical name for the shared helper


def _per_player(players: tuple[str, ...], values, what: str, *, default: float | None = None) -> np.ndarray:
    """Line up a dict/Series/sequence of numbers with ``players``; check each is finite."""
    if values is None:
        if default is None:
            raise ValueError(f"{what} are required")
        return np.full(len(players), float(default))
    if isinstance(values, (Mapping, pd.Series)):
        items = dict(values.items())
        unknown = [k for k in items if k not in players]
        if unknown:
            raise ValueError(
                f"unknown player {unknown[0]!r} in {what}; the players are: {', '.join(players)}"
            )
        missing = [p for p in players if p not in items]
        if missing and default is None:
            raise ValueError(f"{what} missing for player {missing[0]!r}")
        return np.array(
            [_finite_number(items.get(p, default), f"{what} for {p!r}") for p in players]
        )
    if isinstance(values, str):
        raise ValueError(f"{what} must be numbers, got the text {values!r}")
    seq = list(values)
    if len(seq) != len(players):
        raise ValueError(f"{what}: expected {len(players)} numbers (one per player), got {len(seq)}")
    return np.array([_finite_number(x, f"{what} for {p!r}") for p, x in zip(players, seq)])


def _check_weights(players: tuple[str, ...], weights, what: str = "weights") -> np.ndarray:
    w = _per_player(players, weights, what)
    neg = [p for p, x in zip(players, w) if x < 0]
    if neg:
        raise ValueError(f"{what} must not be negative (player {neg[0]!r} has {w[players.index(neg[0])]:g})")
    if not np.any(w > 0):
        raise ValueError(f"all {what} are zero; at least one must be positive")
    return w


def coalition_label(coalition: Iterable[str], players: Sequence[str] | None = None) -> str:
    """Readable name for a group of players, e.g. ``"Hospital + AI company"``.

    Players are listed in the order of ``players`` when given (so labels are stable).
    """
    members = list(coalition)
    if players is not None:
        order = {p: k for k, p in enumerate(players)}
        members.sort(key=lambda p: order.get(p, len(order)))
    else:
        members.sort()
    return " + ".join(members) if members else "(nobody)"


# --------------------------------------------------------------------------------------
# Bitmask machinery (internal). Bit k of a mask <-> players[k].
# --------------------------------------------------------------------------------------

_POPCOUNT_CACHE: dict[int, np.ndarray] = {}
_SHAPLEY_W_CACHE: dict[int, np.ndarray] = {}


def _popcounts(n: int) -> np.ndarray:
    pc = _POPCOUNT_CACHE.get(n)
    if pc is None:
        masks = np.arange(1 << n)
        pc = np.zeros(1 << n, dtype=np.int64)
        for k in range(n):
            pc += (masks >> k) & 1
        _POPCOUNT_CACHE[n] = pc
    return pc


def _shapley_weights(n: int) -> np.ndarray:
    """w[s] = s!(n-s-1)!/n!: the chance that exactly a given group of size s arrived first."""
    w = _SHAPLEY_W_CACHE.get(n)
    if w is None:
        w = np.array(
            [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
        )
        _SHAPLEY_W_CACHE[n] = w
    return w


def _mask_to_set(mask: int, players: tuple[str, ...]) -> frozenset:
    return frozenset(p for k, p in enumerate(players) if mask >> k & 1)


def _game_array(players: tuple[str, ...], v: Game) -> np.ndarray:
    """Evaluate the game on every coalition; return values indexed by bitmask."""
    n = len(players)
    vals = np.zeros(1 << n)
    if isinstance(v, np.ndarray):
        if v.shape != (1 << n,):
            raise ValueError(f"value array must have {1 << n} entries, got shape {v.shape}")
        vals = v.astype(float).copy()
        vals[0] = 0.0
    elif isinstance(v, Mapping):
        table: dict[frozenset, object] = {}
        for key, val in v.items():
            fk = frozenset([key]) if isinstance(key, str) else frozenset(key)
            table[fk] = val
        unknown = set().union(*table.keys()) - set(players) if table else set()
        if unknown:
            raise ValueError(
                f"the value table mentions unknown player {sorted(unknown)[0]!r}; "
                f"the players are: {', '.join(players)}"
            )
        for mask in range(1, 1 << n):
            s = _mask_to_set(mask, players)
            if s not in table:
                raise ValueError(
                    "the value table is missing coalition {"
                    + coalition_label(s, players)
                    + "}: give a value for every non-empty group of players"
                )
            vals[mask] = _finite_number(table[s], f"value of {{{coalition_label(s, players)}}}")
        if frozenset() in table and _finite_number(table[frozenset()], "v(empty)") != 0:
            raise ValueError("the empty coalition must be worth 0 (v(empty) = 0)")
    elif callable(v):
        for mask in range(1, 1 << n):
            s = _mask_to_set(mask, players)
            vals[mask] = _finite_number(v(s), f"value of {{{coalition_label(s, players)}}}")
    else:
        raise ValueError("v must be a dict {frozenset of players: value} or a function of a frozenset")
    return vals


def _shapley_array(vals: np.ndarray, n: int) -> np.ndarray:
    masks = np.arange(1 << n)
    pc = _popcounts(n)
    w = _shapley_weights(n)
    out = np.empty(n)
    for k in range(n):
        bit = 1 << k
        without = masks[(masks & bit) == 0]
        out[k] = float(np.dot(w[pc[without]], vals[without | bit] - vals[without]))
    return out


def _dividends_array(vals: np.ndarray, n: int) -> np.ndarray:
    """Harsanyi dividends by the fast Moebius transform (n * 2^n steps)."""
    d = vals.copy()
    masks = np.arange(1 << n)
    for k in range(n):
        bit = 1 << k
        has = (masks & bit) != 0
        d[has] -= d[masks[has] ^ bit]
    return d


def _series(players: tuple[str, ...], values, name: str) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=pd.Index(players, name="player"), name=name)


# --------------------------------------------------------------------------------------
# Sharing rules for a general game
# --------------------------------------------------------------------------------------


def shapley(players: Iterable[str], v: Game) -> pd.Series:
    """Exact Shapley value: each player's average added value over all joining orders.

    Imagine the partners joining the project one at a time, in a random order. Each time
    someone joins, note how much the group's value goes up: that is their *marginal
    contribution*. The Shapley value is a player's marginal contribution averaged over every
    possible order. It is the only rule that (1) hands out exactly the total, (2) treats
    partners who add the same the same, (3) gives nothing to someone who never adds
    anything, and (4) adds up across independent projects.

    Formula (subset form): ``phi_i = sum over groups S without i of
    |S|! (n-|S|-1)! / n! * (v(S + i) - v(S))``, computed over bitmasks with the
    factorial weights precomputed, so 8 players (256 groups) take well under a millisecond.

    Parameters
    ----------
    players : names (1 to 16; the partnership model limits this to 2-8).
    v : dict ``{frozenset(names): value}`` covering every non-empty group, or a function of
        a ``frozenset``. The empty group is worth 0.

    Returns
    -------
    pandas.Series indexed by player (in the given order), named ``"shapley"``; it sums to
    ``v(all players)``.
    """
    ps = _check_players(players)
    vals = _game_array(ps, v)
    return _series(ps, _shapley_array(vals, len(ps)), "shapley")


def harsanyi_dividends(players: Iterable[str], v: Game) -> dict[frozenset, float]:
    """The extra value each group creates *only when all its members work together*.

    The dividend of a group T is what T makes beyond what its smaller sub-groups already
    explain: ``d(T) = v(T) - sum of d(U) for every smaller non-empty U inside T``. Positive
    dividends mean synergy (complementary inputs), negative ones mean overlap (e.g.
    partly redundant datasets). Shapley splits each dividend equally among the group's
    members; ``weighted_shapley`` splits it by weights.

    Returns a dict ``{frozenset(group): dividend}`` for every non-empty group, ordered by
    group size and then by player order. Use :func:`coalition_label` for readable keys.
    """
    ps = _check_players(players)
    n = len(ps)
    d = _dividends_array(_game_array(ps, v), n)
    pc = _popcounts(n)
    order = sorted(range(1, 1 << n), key=lambda m: (pc[m], [k for k in range(n) if m >> k & 1]))
    return {_mask_to_set(m, ps): float(d[m]) for m in order}


def weighted_shapley(players: Iterable[str], v: Game, weights) -> pd.Series:
    """Shapley value where each joint gain is split by agreed weights instead of equally.

    Take each group's Harsanyi dividend (the synergy only that whole group creates) and
    share it among the group's members in proportion to their ``weights`` (e.g. effort or
    contribution sliders). With equal weights this is the ordinary Shapley value. This
    construction is known in the game-theory literature as a *weighted Shapley value*.

    ``weights``: dict/Series keyed by player or a sequence in player order; finite,
    non-negative and not all zero. A group whose members all have weight 0 cannot share a
    non-zero dividend, which raises ``ValueError``.

    Returns a Series indexed by player, named ``"weighted_shapley"``, summing to
    ``v(all players)``.
    """
    ps = _check_players(players)
    n = len(ps)
    w = _check_weights(ps, weights)
    d = _dividends_array(_game_array(ps, v), n)
    out = np.zeros(n)
    scale = max(1.0, float(np.max(np.abs(d)))) if d.size else 1.0
    for mask in range(1, 1 << n):
        if d[mask] == 0:
            continue
        members = [k for k in range(n) if mask >> k & 1]
        wsum = float(sum(w[k] for k in members))
        if wsum == 0:
            if abs(d[mask]) <= 1e-12 * scale:
                continue
            raise ValueError(
                "cannot split the joint gain of {"
                + coalition_label(_mask_to_set(mask, ps), ps)
                + "}: all its members have weight 0"
            )
        for k in members:
            out[k] += d[mask] * w[k] / wsum
    return _series(ps, out, "weighted_shapley")


def leave_one_out(players: Iterable[str], v: Game) -> pd.Series:
    """Leave-one-out value: how much the full team loses if this one player leaves.

    ``LOO_i = v(everyone) - v(everyone except i)``. Simple, but the values need not add up
    to the total: they undershoot when inputs overlap (redundant data) and overshoot when
    inputs are complements (then nobody can be paid their full leave-one-out value).
    This equals the "last-in" marginal contribution. Series named ``"leave_one_out"``.
    """
    ps = _check_players(players)
    n = len(ps)
    vals = _game_array(ps, v)
    full = (1 << n) - 1
    return _series(ps, [vals[full] - vals[full ^ (1 << k)] for k in range(n)], "leave_one_out")


def last_in_marginals(players: Iterable[str], v: Game) -> pd.Series:
    """Same numbers as :func:`leave_one_out`, named ``"last_in"`` (what each adds joining last)."""
    return leave_one_out(players, v).rename("last_in")


def proportional(players: Iterable[str], weights, total: float) -> pd.Series:
    """Split ``total`` in proportion to ``weights``: ``x_i = w_i / sum(w) * total``.

    Easy and transparent (it matches the NHS "proportionate to contribution" wording), but
    the weights are asserted, not derived: it ignores who is essential and whether inputs
    are worth more together. Series named ``"proportional"``.
    """
    ps = _check_players(players)
    w = _check_weights(ps, weights)
    t = _finite_number(total, "total value")
    return _series(ps, w / w.sum() * t, "proportional")


def equal_split(players: Iterable[str], total: float) -> pd.Series:
    """Everyone gets the same: ``total / n``. Series named ``"equal"``."""
    ps = _check_players(players)
    t = _finite_number(total, "total value")
    return _series(ps, np.full(len(ps), t / len(ps)), "equal")


def nash_bargaining(
    players: Iterable[str],
    total: float,
    outside_options=None,
    power=None,
) -> pd.Series:
    """(Generalised, asymmetric) Nash bargaining split.

    Each partner first gets their *outside option* ``d_i`` (what they could get if talks
    failed: another partner, public data, paid annotators...). The rest of the value, the
    *surplus* ``V - sum(d)``, is shared by bargaining power: ``x_i = d_i + b_i / sum(b) *
    (V - sum(d))``. This maximises the product of everyone's gains over their outside
    options, weighted by power. With equal power and stand-alone values as outside options,
    two players get the same as under Shapley.

    Parameters
    ----------
    total : the value V the whole partnership creates (finite).
    outside_options : dict/Series/sequence of finite numbers; default 0 for everyone.
    power : bargaining power per player, finite and non-negative, not all zero; default
        equal. Only the ratios matter (0.3 / 0.7 is the same as 3 / 7).

    Raises
    ------
    ValueError if the outside options add up to more than V: then at least one partner is
    better off without the deal, so *the partnership is not viable* and there is nothing to
    bargain over. (This module raises rather than returning a flagged result.)

    Returns a Series indexed by player, named ``"nash"``, summing to ``total``.
    """
    ps = _check_players(players)
    V = _finite_number(total, "total value")
    d = _per_player(ps, outside_options, "outside options", default=0.0)
    if power is None:
        b = np.ones(len(ps))
    else:
        b = _per_player(ps, power, "bargaining power", default=None)
        neg = [p for p, x in zip(ps, b) if x < 0]
        if neg:
            raise ValueError(f"bargaining power must not be negative (player {neg[0]!r})")
        if not np.any(b > 0):
            raise ValueError("all bargaining powers are zero; at least one must be positive")
    surplus = V - d.sum()
    tol = 1e-9 * max(1.0, abs(V))
    if surplus < -tol:
        raise ValueError(
            f"partnership not viable: the outside options add up to {d.sum():g}, more than the "
            f"{V:g} the partnership creates, so someone is better off walking away"
        )
    surplus = max(surplus, 0.0)
    return _series(ps, d + b / b.sum() * surplus, "nash")


def core_violations(players: Iterable[str], v: Game, allocation) -> pd.DataFrame:
    """Every group that could do better on its own than a proposed split gives it.

    A split is *stable* (in the "core") when (a) it hands out exactly what the whole team
    creates (efficiency), (b) each partner gets at least what they could make alone
    (individual rationality), and (c) every group gets at least what it could make alone.
    A group that breaks (b) or (c) has a reason to walk away and do the work without the
    others.

    Returns a DataFrame with one row per problem, columns:

    ``coalition`` (frozenset), ``value`` (what the group can make alone), ``payoff`` (what
    the split gives its members), ``shortfall`` (value - payoff), ``label`` (e.g. "D + A"),
    ``size`` and ``check`` ("individual rationality", "group rationality" or "efficiency").
    Rows are sorted by shortfall, largest first. An empty frame means the split is in the
    core. An efficiency row with a *negative* shortfall means the split promises more than
    the partnership creates (not feasible).
    """
    ps = _check_players(players)
    n = len(ps)
    vals = _game_array(ps, v)
    x = _per_player(ps, allocation, "allocation")
    return _core_violations_array(ps, vals, x)


def _coalition_payoffs(x: np.ndarray, n: int) -> np.ndarray:
    """What each group's members receive in total, per bitmask."""
    masks = np.arange(1 << n)
    member = ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(float)
    return member @ x


def _core_violations_array(ps: tuple[str, ...], vals: np.ndarray, x: np.ndarray) -> pd.DataFrame:
    n = len(ps)
    full = (1 << n) - 1
    pay = _coalition_payoffs(x, n)
    short = vals - pay
    tol = 1e-9 * max(1.0, float(np.max(np.abs(vals))))
    pc = _popcounts(n)
    rows = []
    bad = np.nonzero(short > tol)[0]
    for m in bad:
        if m == 0 or m == full:
            continue
        rows.append((m, "individual rationality" if pc[m] == 1 else "group rationality"))
    if abs(short[full]) > tol:
        rows.append((full, "efficiency"))
    cols = ["coalition", "value", "payoff", "shortfall", "label", "size", "check"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("coalition", "label", "check") else float) for c in cols})
    data = []
    for m, check in rows:
        s = _mask_to_set(int(m), ps)
        data.append(
            (s, float(vals[m]), float(pay[m]), float(short[m]), coalition_label(s, ps), int(pc[m]), check)
        )
    df = pd.DataFrame(data, columns=cols)
    df = df.sort_values(["shortfall", "size"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return df


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

#: Essential resources in the default scenario: no product without them.
DEFAULT_ESSENTIAL: frozenset = frozenset({"Image data sharing", "Algorithm development"})


def _supply_frame(supply, players: tuple[str, ...], resources: tuple[str, ...]) -> pd.DataFrame:
    """Build a players x resources float table from a DataFrame or dict; missing cells are 0."""
    if isinstance(supply, pd.DataFrame):
        df = supply.copy()
    elif isinstance(supply, Mapping):
        # Accept {resource: {player: share}} (as DEFAULT_SUPPLY) or {player: {resource: share}}.
        keys = set(supply)
        if keys and keys <= set(resources):
            df = pd.DataFrame({r: dict(supply[r]) for r in supply})
        elif keys and keys <= set(players):
            df = pd.DataFrame({p: dict(supply[p]) for p in supply}).T
        else:
            bad = sorted(keys - set(resources) - set(players))
            raise ValueError(
                "supply keys must all be resources or all be players; unknown name "
                f"{(bad or sorted(keys))[0]!r}"
            )
    else:
        raise ValueError("supply must be a pandas DataFrame (players x resources) or a dict")
    df.index = [str(i).strip() for i in df.index]
    df.columns = [str(c).strip() for c in df.columns]
    extra_p = [p for p in df.index if p not in players]
    if extra_p:
        raise ValueError(f"supply table has unknown player {extra_p[0]!r}; the players are: {', '.join(players)}")
    extra_r = [r for r in df.columns if r not in resources]
    if extra_r:
        raise ValueError(
            f"supply table has unknown resource {extra_r[0]!r}; the resources are: {', '.join(resources)}"
        )
    df = df.reindex(index=list(players), columns=list(resources))
    out = pd.DataFrame(index=pd.Index(players, name="player"), columns=pd.Index(resources, name="resource"), dtype=float)
    for r in resources:
        for p in players:
            val = df.at[p, r]
            if val is None or (isinstance(val, float) and math.isnan(val)):
                # A missing cell means "does not supply this resource".
                if isinstance(supply, pd.DataFrame) and p in supply.index and r in supply.columns:
                    raise ValueError(f"supply of {r!r} by {p!r} is NaN (not a number)")
                val = 0.0
            f = _finite_number(val, f"supply of {r!r} by {p!r}")
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
    df = supply.astype(float)
    for r in df.columns:
        col = df[r]
        if col.isna().any():
            raise ValueError(f"supply of {r!r} contains NaN (not a number)")
        if np.isinf(col).any():
            raise ValueError(f"supply of {r!r} contains an infinite value")
        if (col < 0).any():
            raise ValueError(f"supply of {r!r} has a negative entry; shares must be 0 or more")
        s = col.sum()
        if s <= 0:
            raise ValueError(f"nobody supplies {r!r} (its column is all zero), so it cannot be normalised")
        df[r] = col / s
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
            if r.strip().casefold() in seen:
                raise ValueError(f"duplicate resource name {r.strip()!r}")
            seen.add(r.strip().casefold())
            names.append(r.strip())
        rs = tuple(names)
        w = []
        for r, (_, x) in zip(rs, res_items):
            f = _finite_number(x, f"importance weight of {r!r}")
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
            raise ValueError(
                f"essential resource {unknown[0]!r} is not in the resource list ({', '.join(rs)})"
            )
        gamma = _finite_number(self.gamma, "gamma (complementarity)")
        if gamma < 1:
            raise ValueError(f"gamma (complementarity) must be at least 1, got {gamma:g}")
        total = _finite_number(self.total, "total value")
        if total <= 0:
            raise ValueError(f"total value must be positive, got {total:g}")
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
        """Format an amount for verdicts, e.g. 40 -> '£40k', 32.5 -> '£32.5k'."""
        dp = 0 if abs(x - round(x)) < 0.05 else 1
        return f"{self.money_prefix}{x:,.{dp}f}{self.money_suffix}"

    def with_changes(self, **changes) -> "Partnership":
        """A copy with some fields changed (validated again), e.g. ``p.with_changes(gamma=2)``."""
        from dataclasses import replace

        return replace(self, **changes)

    def with_weight(self, resource: str, weight: float) -> "Partnership":
        """A copy with one resource's importance weight changed."""
        if resource not in self.resources:
            raise ValueError(f"unknown resource {resource!r}; the resources are: {', '.join(self.resources)}")
        res = dict(self.resources)
        res[resource] = weight
        return self.with_changes(resources=res)

    def rename_player(self, old: str, new: str) -> "Partnership":
        """A copy with one player renamed (supply moves with them)."""
        if old not in self.players:
            raise ValueError(f"unknown player {old!r}; the players are: {', '.join(self.players)}")
        players = tuple(new if p == old else p for p in self.players)
        sup = self.supply.rename(index={old: new})
        return self.with_changes(players=players, supply=sup)

    def add_player(self, name: str, supply: Mapping[str, float] | None = None) -> "Partnership":
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
                sup.loc[name, r] = _finite_number(x, f"supply of {r!r} by {name!r}")
            sup = normalise_supply(sup)
        return self.with_changes(players=players, supply=sup)

    def remove_player(self, name: str) -> "Partnership":
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
        rows.append((s, coalition_label(s, p.players), int(pc[m]), float(vals[m]),
                     bool(np.all(hold[m, ess_idx] > 0)) if ess_idx else True))
    return pd.DataFrame(rows, columns=["coalition", "label", "size", "value", "holds_essentials"])


def contribution_scores(partnership: Partnership) -> pd.Series:
    """Each player's contribution score ``sum_r w_r * supply[player, r]`` (Series "score")."""
    p = partnership
    w = np.array(list(p.resources.values()), dtype=float)
    return _series(p.players, p.supply.to_numpy(dtype=float) @ w, "score")


#: Rules understood by :func:`allocate`.
RULES: tuple[str, ...] = ("proportional", "shapley", "equal", "nash", "weighted_shapley")
#: Rules shown by :func:`compare_rules` by default (the static book shows the same four).
COMPARE_RULES: tuple[str, ...] = ("proportional", "shapley", "equal", "nash")


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
