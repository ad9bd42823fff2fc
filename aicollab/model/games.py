"""Cooperative games: the sharing rules and the core, for any game given as coalition values.

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
* Bad inputs raise ``ValueError`` with a message that says what is wrong. Player names follow
  the kit's text rule (NFC; invisible and control characters refused; names that differ only
  in case, width or such characters are the same name). Amounts (values, totals, outside
  options, splits) are at most 10^15 in size; weights and bargaining power may have any
  finite size (only their ratios matter: they are rescaled exactly before use). A result is
  never NaN or infinite (see :mod:`aicollab.model.validation`).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

import aicollab.inputs as inputs

from .validation import amount, finite_number, finite_result, rescaled

__all__ = [
    "MIN_PLAYERS",
    "MAX_PLAYERS",
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
]


#: Fewest and most players the exact methods accept (8 players = 256 groups).
MIN_PLAYERS = 2
MAX_PLAYERS = 8
#: Smallest positive importance weight accepted (smaller ones underflow and mean nothing).
MIN_WEIGHT = 1e-6
#: Longest player name (characters).
MAX_NAME_CHARS = 100

Game = Mapping[frozenset, float] | Callable[[frozenset], float]

# --------------------------------------------------------------------------------------
# Input checking helpers
# --------------------------------------------------------------------------------------


def _check_players(players: Iterable[str], *, min_n: int = 1, max_n: int = 16) -> tuple[str, ...]:
    """Return players as a tuple of clean names, or raise ValueError saying what is wrong."""
    if isinstance(players, str):
        raise ValueError(
            f"players must be a list of names, not a single string (got {players!r}; did you mean [{players!r}]?)"
        )
    try:
        names = tuple(players)
    except TypeError:
        raise ValueError(f"players must be a list of names, got {type(players).__name__}") from None
    if len(names) > max_n:
        raise ValueError(f"at most {max_n} players are supported for exact calculation, got {len(names)}")
    cleaned = []
    for p in names:
        if not isinstance(p, str):
            raise ValueError(f"player names must be text, got {inputs.excerpt(p)} ({type(p).__name__})")
        if not p.strip():
            raise ValueError("player names must not be empty or whitespace-only")
        cleaned.append(inputs.check_text(p, "the player name", max_chars=MAX_NAME_CHARS))
    seen: dict[str, str] = {}
    for p in cleaned:
        key = inputs.comparison_key(p)
        if key in seen:
            raise ValueError(f"duplicate player name {p!r}: every player needs a different name")
        seen[key] = p
    if len(cleaned) < min_n:
        raise ValueError(
            f"need at least {min_n} players, got {len(cleaned)}" + (f" ({', '.join(cleaned)})" if cleaned else "")
        )
    if len(cleaned) > max_n:
        raise ValueError(f"at most {max_n} players are supported for exact calculation, got {len(cleaned)}")
    return tuple(cleaned)


def _per_player(
    players: tuple[str, ...], values, what: str, *, default: float | None = None, ratio: bool = False
) -> np.ndarray:
    """Line up a dict/Series/sequence of numbers with ``players``; check each is finite and, for
    amounts (``ratio=False``), at most 10^15 in size."""
    number = finite_number if ratio else amount
    if values is None:
        if default is None:
            raise ValueError(f"{what} are required")
        return np.full(len(players), float(default))
    if isinstance(values, (Mapping, pd.Series)):
        items = dict(values.items())
        unknown = [k for k in items if k not in players]
        if unknown:
            raise ValueError(f"unknown player {unknown[0]!r} in {what}; the players are: {', '.join(players)}")
        missing = [p for p in players if p not in items]
        if missing and default is None:
            raise ValueError(f"{what} missing for player {missing[0]!r}")
        return np.array([number(items.get(p, default), f"{what} for {p!r}") for p in players])
    if isinstance(values, str):
        raise ValueError(f"{what} must be numbers, got the text {values!r}")
    seq = list(values)
    if len(seq) != len(players):
        raise ValueError(f"{what}: expected {len(players)} numbers (one per player), got {len(seq)}")
    return np.array([number(x, f"{what} for {p!r}") for p, x in zip(players, seq)])


def _check_weights(players: tuple[str, ...], weights, what: str = "weights") -> np.ndarray:
    """Finite, non-negative, not all zero; returned rescaled exactly (only the ratios matter)."""
    w = _per_player(players, weights, what, ratio=True)
    neg = [p for p, x in zip(players, w) if x < 0]
    if neg:
        raise ValueError(f"{what} must not be negative (player {neg[0]!r} has {w[players.index(neg[0])]:g})")
    if not np.any(w > 0):
        raise ValueError(f"all {what} are zero; at least one must be positive")
    return rescaled(w)


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
        w = np.array([math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)])
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
        for mask in range(1, 1 << n):
            vals[mask] = amount(vals[mask], f"value of {{{coalition_label(_mask_to_set(mask, players), players)}}}")
    elif isinstance(v, Mapping):
        table: dict[frozenset, object] = {}
        for key, val in v.items():
            fk = frozenset([key]) if isinstance(key, str) else frozenset(key)
            table[fk] = val
        unknown = set().union(*table.keys()) - set(players) if table else set()
        if unknown:
            raise ValueError(
                f"the value table mentions unknown player {sorted(unknown)[0]!r}; the players are: {', '.join(players)}"
            )
        for mask in range(1, 1 << n):
            s = _mask_to_set(mask, players)
            if s not in table:
                raise ValueError(
                    "the value table is missing coalition {"
                    + coalition_label(s, players)
                    + "}: give a value for every non-empty group of players"
                )
            vals[mask] = amount(table[s], f"value of {{{coalition_label(s, players)}}}")
        if frozenset() in table and amount(table[frozenset()], "v(empty)") != 0:
            raise ValueError("the empty coalition must be worth 0 (v(empty) = 0)")
    elif callable(v):
        for mask in range(1, 1 << n):
            s = _mask_to_set(mask, players)
            vals[mask] = amount(v(s), f"value of {{{coalition_label(s, players)}}}")
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
    """A result per player; never NaN or infinite (:func:`~aicollab.model.validation.finite_result`)."""
    finite_result(values, f"the {name} split")
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
    t = amount(total, "total value")
    return _series(ps, w / w.sum() * t, "proportional")


def equal_split(players: Iterable[str], total: float) -> pd.Series:
    """Everyone gets the same: ``total / n``. Series named ``"equal"``."""
    ps = _check_players(players)
    t = amount(total, "total value")
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
    V = amount(total, "total value")
    d = _per_player(ps, outside_options, "outside options", default=0.0)
    if power is None:
        b = np.ones(len(ps))
    else:
        b = _per_player(ps, power, "bargaining power", default=None, ratio=True)
        neg = [p for p, x in zip(ps, b) if x < 0]
        if neg:
            raise ValueError(f"bargaining power must not be negative (player {neg[0]!r})")
        if not np.any(b > 0):
            raise ValueError("all bargaining powers are zero; at least one must be positive")
        b = rescaled(b)  # only the ratios matter
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
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in ("coalition", "label", "check") else float) for c in cols}
        )
    data = []
    for m, check in rows:
        s = _mask_to_set(int(m), ps)
        data.append((s, float(vals[m]), float(pay[m]), float(short[m]), coalition_label(s, ps), int(pc[m]), check))
    df = pd.DataFrame(data, columns=cols)
    df = df.sort_values(["shortfall", "size"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return df
