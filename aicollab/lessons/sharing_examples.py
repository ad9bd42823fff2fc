"""The worked examples of lesson 4 (value and IP), and their kernel-free charts.

All numbers here are the ILLUSTRATIVE teaching examples of the kit's research notes
(``domain_sources.md`` §3): a hospital's data (D), an algorithm developer (A) and
clinicians' clinical validation (V) create value 100 together. They are invented to make
the rules' behaviour visible; they describe no real partnership.

* :func:`example2_game` / :func:`game_table`: "Example 2", partial substitutes: what each
  group could make on its own, with a one-line story per group;
* :func:`rules_table`: proportional, equal, Shapley, weighted Shapley and leave-one-out side
  by side; :func:`stability_table` says which splits some group would walk away from;
* :func:`merge_game` / :func:`who_counts_table` / :func:`merge_players`: "Example 3c",
  merging clinicians into the hospital changes who gets what;
* :func:`nash_table`: the three worked Nash bargaining splits;
* :func:`coalition_breakdown` / :func:`what_drives_the_split`: the default scenario's group
  values with the formula's inputs, and which invented inputs move its Shapley shares;
* :func:`core_chart` and :func:`nash_chart`: charts whose sliders run in the browser (no
  Python kernel needed), so they work in the static book.

The computations call :mod:`aicollab.model`; nothing is re-implemented except the chart
expressions, which the tests compare with the Python results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from aicollab.display import charts
from aicollab.model import (
    Partnership,
    coalition_label,
    coalition_table,
    core_violations,
    equal_split,
    leave_one_out,
    nash_bargaining,
    proportional,
    shapley,
    weighted_shapley,
)

__all__ = [
    "EXAMPLE_PLAYERS",
    "EXAMPLE_WEIGHTS",
    "EXAMPLE2_STORIES",
    "example2_game",
    "game_table",
    "rules_table",
    "stability_table",
    "merge_game",
    "who_counts_table",
    "merge_players",
    "nash_table",
    "coalition_breakdown",
    "what_drives_the_split",
    "core_chart",
    "nash_chart",
]

#: The three players of the worked examples (the same names as ``scenarios.textbook_example``).
EXAMPLE_PLAYERS: tuple[str, ...] = ("Data (D)", "Algorithm (A)", "Validation (V)")
#: The contribution weights of the worked examples (D 50, A 30, V 20): asserted, not derived.
EXAMPLE_WEIGHTS: dict[str, float] = {"Data (D)": 50.0, "Algorithm (A)": 30.0, "Validation (V)": 20.0}

_D, _A, _V = EXAMPLE_PLAYERS

#: Example 2: (members, value, story). ILLUSTRATIVE.
_EXAMPLE2 = (
    ((_D,), 0.0, "Hospital data alone: nothing to sell"),
    ((_A,), 0.0, "An algorithm with no data: nothing to sell"),
    ((_V,), 0.0, "Clinicians' validation with nothing to validate: nothing to sell"),
    ((_D, _A), 40.0, "A research-grade model, never clinically validated"),
    ((_D, _V), 10.0, "An in-house audit or study, but no product"),
    ((_A, _V), 20.0, "A model trained on public data, validated by clinicians"),
    ((_D, _A, _V), 100.0, "A validated product that can be deployed"),
)
#: Example 2's one-line stories, keyed by group.
EXAMPLE2_STORIES: dict[frozenset, str] = {frozenset(m): story for m, _, story in _EXAMPLE2}


def example2_game() -> dict[frozenset, float]:
    """Example 2 (partial substitutes): ``{frozenset(players): value}``, empty group included."""
    v = {frozenset(): 0.0}
    v.update({frozenset(m): val for m, val, _ in _EXAMPLE2})
    return v


def _full_game(players: Sequence[str], v: Mapping[frozenset, float]) -> dict[frozenset, float]:
    """Check the game through the engine (clear errors) and return it as a plain dict."""
    players = tuple(players)
    shapley(players, v)  # raises a plain ValueError for a missing group or unknown player
    out = {frozenset(): 0.0}
    n = len(players)
    for mask in range(1, 1 << n):
        s = frozenset(p for k, p in enumerate(players) if mask >> k & 1)
        out[s] = float(v[s])
    return out


def game_table(
    players: Sequence[str], v: Mapping[frozenset, float], stories: Mapping[frozenset, str] | None = None
) -> pd.DataFrame:
    """What each group could make on its own: columns ``group``, ``size``, ``value`` (and ``story``).

    Groups are listed by size, then in player order; the empty group is left out.
    """
    players = tuple(players)
    game = _full_game(players, v)
    rows = []
    for s, val in game.items():
        if not s:
            continue
        row = {"group": coalition_label(s, players), "size": len(s), "value": val}
        if stories is not None:
            row["story"] = stories.get(s, "")
        rows.append((len(s), [players.index(p) for p in players if p in s], row))
    rows.sort(key=lambda t: (t[0], t[1]))
    return pd.DataFrame([r for _, _, r in rows])


def rules_table(
    players: Sequence[str], v: Mapping[frozenset, float], weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Each rule's split side by side: one row per player plus a ``Total`` row.

    Columns: ``Proportional`` (by ``weights``), ``Equal split``, ``Shapley``, ``Weighted
    Shapley`` (joint gains split by ``weights``) and ``Leave-one-out`` (what the team loses
    without the player; *not* a split: its total need not equal the value created).
    ``weights`` defaults to :data:`EXAMPLE_WEIGHTS` for the example's players, else equal.
    """
    players = tuple(players)
    game = _full_game(players, v)
    total = game[frozenset(players)]
    if weights is None:
        weights = EXAMPLE_WEIGHTS if set(players) == set(EXAMPLE_WEIGHTS) else {p: 1.0 for p in players}
    cols = {
        "Proportional": proportional(players, weights, total),
        "Equal split": equal_split(players, total),
        "Shapley": shapley(players, game),
        "Weighted Shapley": weighted_shapley(players, game, weights),
        "Leave-one-out": leave_one_out(players, game),
    }
    df = pd.DataFrame(cols)
    df.loc["Total"] = df.sum()
    df.index.name = "player"
    return df


def stability_table(
    players: Sequence[str], v: Mapping[frozenset, float], splits: Mapping[str, Mapping[str, float]] | pd.DataFrame
) -> pd.DataFrame:
    """For each proposed split: is it stable, and if not, who would walk away and by how much?

    ``splits``: ``{name: {player: amount}}`` or a DataFrame with players as rows and one
    column per split (e.g. :func:`rules_table` without its Leave-one-out column). Returns
    columns ``split``, ``stable`` (bool), ``largest_gap`` (the most any group gains by
    walking away; 0 when stable) and ``verdict`` (plain words).
    """
    players = tuple(players)
    game = _full_game(players, v)
    if isinstance(splits, pd.DataFrame):
        splits = {c: splits.loc[list(players), c].to_dict() for c in splits.columns}
    rows = []
    for name, alloc in splits.items():
        bad = core_violations(players, game, alloc)
        if bad.empty:
            rows.append((name, True, 0.0, "Stable: no partner or group could do better on its own."))
            continue
        top = bad.iloc[0]
        if top["check"] == "efficiency":
            verdict = (
                f"Hands out {top['payoff']:g} but the partnership creates {top['value']:g}."
                if top["shortfall"] > 0
                else f"Promises {top['payoff']:g} but the partnership only creates {top['value']:g}."
            )
            gap = abs(float(top["shortfall"]))
        else:
            verdict = (
                f"{top['label']} would walk away: on their own they could make {top['value']:g}, "
                f"but this split gives them {top['payoff']:g}."
            )
            gap = float(top["shortfall"])
        rows.append((name, False, gap, verdict))
    return pd.DataFrame(rows, columns=["split", "stable", "largest_gap", "verdict"])


def merge_game(
    players: Sequence[str], v: Mapping[frozenset, float], members: Sequence[str], new_name: str
) -> tuple[tuple[str, ...], dict[frozenset, float]]:
    """Treat ``members`` as one player called ``new_name``; return the new players and game.

    The merged player stands where its first member stood. A group of the new game is worth
    what the same people were worth before.
    """
    players = tuple(players)
    game = _full_game(players, v)
    members = tuple(members)
    unknown = [m for m in members if m not in players]
    if unknown:
        raise ValueError(f"unknown player {unknown[0]!r}; the players are: {', '.join(players)}")
    if len(set(members)) < 2:
        raise ValueError("give at least two different players to merge")
    if not isinstance(new_name, str) or not new_name.strip():
        raise ValueError("the merged player needs a name")
    new_name = new_name.strip()
    if new_name in players and new_name not in members:
        raise ValueError(f"{new_name!r} is already another player's name")
    first = min(players.index(m) for m in members)
    new_players = tuple(new_name if k == first else p for k, p in enumerate(players) if p not in members or k == first)

    def expand(group: frozenset) -> frozenset:
        out = set(group - {new_name})
        if new_name in group:
            out |= set(members)
        return frozenset(out)

    new_game = {frozenset(): 0.0}
    n = len(new_players)
    for mask in range(1, 1 << n):
        s = frozenset(p for k, p in enumerate(new_players) if mask >> k & 1)
        new_game[s] = game[expand(s)]
    return new_players, new_game


def who_counts_table(
    players: Sequence[str],
    v: Mapping[frozenset, float],
    institution: str,
    clinicians: str,
    new_name: str = "Hospital with its clinicians",
    passed_on: Sequence[float] = (0.0, 0.5),
) -> pd.DataFrame:
    """Example 3c: clinicians as a separate player, or inside the hospital.

    Column ``Separate players`` is the Shapley value of the full game. Then the institution
    and the clinicians are merged into ``new_name`` and the merged game's Shapley value is
    computed; for each fraction in ``passed_on`` a column shows the split if the institution
    passes that fraction of the merged share on to its clinicians (0 = an internal policy
    that gives clinicians nothing). A ``Total`` row is added.
    """
    players = tuple(players)
    for who, what in ((institution, "institution"), (clinicians, "clinicians")):
        if who not in players:
            raise ValueError(f"unknown {what} player {who!r}; the players are: {', '.join(players)}")
    if institution == clinicians:
        raise ValueError("the institution and the clinicians must be different players")
    fractions = []
    for f in passed_on:
        if isinstance(f, bool) or not isinstance(f, (int, float)) or not 0 <= f <= 1:
            raise ValueError(f"each passed_on fraction must be a number from 0 to 1, got {f!r}")
        fractions.append(float(f))
    game = _full_game(players, v)
    separate = shapley(players, game)
    merged_players, merged_game = merge_game(players, game, (institution, clinicians), new_name)
    merged = shapley(merged_players, merged_game)
    df = pd.DataFrame({"Separate players": separate})
    for f in fractions:
        col = {}
        for p in players:
            if p == institution:
                col[p] = merged[new_name] * (1 - f)
            elif p == clinicians:
                col[p] = merged[new_name] * f
            else:
                col[p] = merged[p]
        df[f"Merged; {f:.0%} passed on to clinicians"] = pd.Series(col)
    df.loc["Total"] = df.sum()
    df.index.name = "player"
    return df


def merge_players(partnership: Partnership, members: Sequence[str], new_name: str) -> Partnership:
    """A copy of a :class:`~aicollab.model.Partnership` in which ``members`` act as one player.

    The merged player supplies everything its members supplied (their shares are added),
    and stands where its first member stood.
    """
    p = partnership
    if not isinstance(p, Partnership):
        raise ValueError("merge_players expects a Partnership")
    members = tuple(members)
    unknown = [m for m in members if m not in p.players]
    if unknown:
        raise ValueError(f"unknown player {unknown[0]!r}; the players are: {', '.join(p.players)}")
    if len(set(members)) < 2:
        raise ValueError("give at least two different players to merge")
    if not isinstance(new_name, str) or not new_name.strip():
        raise ValueError("the merged player needs a name")
    new_name = new_name.strip()
    if new_name in p.players and new_name not in members:
        raise ValueError(f"{new_name!r} is already another player's name")
    first = min(p.players.index(m) for m in members)
    new_players = tuple(
        new_name if k == first else q for k, q in enumerate(p.players) if q not in members or k == first
    )
    sup = p.supply
    merged_row = sup.loc[list(members)].sum()
    rows = {q: (merged_row if q == new_name else sup.loc[q]) for q in new_players}
    new_supply = pd.DataFrame(rows).T[list(p.resources)]
    return p.with_changes(
        players=new_players,
        supply=new_supply,
        title=f"{p.title or 'Partnership'} ({' and '.join(members)} as one partner)",
    )


def coalition_breakdown(partnership: Partnership) -> pd.DataFrame:
    """Every group of a scenario with the two numbers behind its value, for lesson 4.

    The kit's model values a group S as ``total x (weighted share of the inputs)^gamma`` when
    S holds some of every essential resource, and 0 otherwise (see
    :class:`~aicollab.model.Partnership`). Columns: ``group`` (e.g. "Clinicians + AI
    company"), ``weighted_share`` (0-1: the group's supply of each resource, weighted by the
    resource's importance, over the sum of the weights), ``holds_essentials`` and ``value``
    (the same number :func:`~aicollab.model.coalition_table` gives). Rows as in that table.
    """
    p = partnership
    if not isinstance(p, Partnership):
        raise ValueError("coalition_breakdown expects a Partnership")
    table = coalition_table(p)
    w = p.weights
    held = [p.supply.loc[list(s)].sum(axis=0) for s in table["coalition"]]
    share = [float((h[w.index] * w).sum() / w.sum()) for h in held]
    return pd.DataFrame(
        {
            "group": table["label"],
            "weighted_share": share,
            "holds_essentials": table["holds_essentials"],
            "value": table["value"],
        }
    )


def _with_supply(p: Partnership, resource: str, shares: Mapping[str, float]) -> Partnership:
    supply = p.supply_table()
    supply[resource] = [float(shares.get(q, 0.0)) for q in supply.index]
    return p.with_changes(supply=supply)


def what_drives_the_split(partnership: Partnership | None = None, player: str = "Clinicians") -> pd.DataFrame:
    """How the Shapley shares of the default scenario move when one invented input changes.

    Each row changes one assumption of the ILLUSTRATIVE default scenario and reports the Shapley
    share (% of the total) of ``player`` and of the hospital. It shows which inputs drive the
    result: above all, whether clinicians hold image data (an essential resource) in their own
    right, which lets "clinicians + company" make a product without the hospital. Columns:
    ``change``, ``<player> (%)``, ``Hospital (%)``.
    """
    from aicollab.model import allocate
    from aicollab.model.scenarios import default_partnership

    p = default_partnership() if partnership is None else partnership
    for needed in (player, "Hospital"):
        if needed not in p.players:
            raise ValueError(f"what_drives_the_split needs a player called {needed!r}")
    image = "Image data sharing"
    variants = [("As in the scenario: clinicians hold 40% of the image data", p)]
    if image in p.resources:
        for x in (0.0, 0.2, 0.6):
            variants.append(
                (
                    f"Clinicians hold {x:.0%} of the image data (the hospital the rest)",
                    _with_supply(p, image, {player: x, "Hospital": 1 - x}),
                )
            )
        moved = p
        for r in ("Image data sharing", "Clinical information", "AI product feedback"):
            if r in p.resources:
                moved = _with_supply(moved, r, {"Hospital": 1.0})
        variants.append(("The hospital holds all image data, clinical information and feedback", moved))
    variants += [
        ("Complementarity gamma = 1 instead of 1.5", p.with_changes(gamma=1.0)),
        ("Every resource weighs the same", p.with_changes(resources={r: 1.0 for r in p.resources})),
        ("No resource is essential", p.with_changes(essential=frozenset())),
    ]
    rows = []
    for label, q in variants:
        sh = allocate(q, "shapley") / q.total * 100.0
        rows.append((label, float(sh[player]), float(sh["Hospital"])))
    return pd.DataFrame(rows, columns=["change", f"{player} (%)", "Hospital (%)"])


def nash_table(total: float = 100.0) -> pd.DataFrame:
    """The three worked Nash bargaining splits between a hospital (H) and a company (C).

    Rows: symmetric with the hospital's stand-alone value (10) as its outside option; the
    company gains an outside option of 20; and the same with the hospital's bargaining power
    at 0.3. Columns: ``case``, ``outside_H``, ``outside_C``, ``power_H``, ``hospital``,
    ``company``. ILLUSTRATIVE numbers.
    """
    cases = [
        ("Equal power; only the hospital has an outside option", 10.0, 0.0, 0.5),
        ("The company can buy public data and annotators instead", 10.0, 20.0, 0.5),
        ("...and the hospital negotiates less strongly", 10.0, 20.0, 0.3),
    ]
    rows = []
    for case, dh, dc, a in cases:
        x = nash_bargaining(["H", "C"], total, {"H": dh, "C": dc}, {"H": a, "C": 1 - a})
        rows.append((case, dh, dc, a, float(x["H"]), float(x["C"])))
    return pd.DataFrame(rows, columns=["case", "outside_H", "outside_C", "power_H", "hospital", "company"])


# --------------------------------------------------------------------------------------
# Kernel-free charts (sliders run in the browser)
# --------------------------------------------------------------------------------------

_CONTENT, _WALK = "content", "would walk away"
_STATUS_COLOURS = {_CONTENT: "#0072B2", _WALK: "#D55E00"}


def core_chart(
    players: Sequence[str] = EXAMPLE_PLAYERS,
    v: Mapping[frozenset, float] | None = None,
    start: Sequence[float] = (5.0, 30.0),
    width: int = 380,
) -> alt.VConcatChart:
    """ "Drag the sliders until someone walks out": a kernel-free core check for three players.

    Two sliders set what the first two players get; the third gets the rest of the total.
    For every group of one or two players a bar shows what the split gives them and a black
    tick what they could make on their own; a group whose bar stops short of its tick is
    labelled "would walk away". Starts at ``start`` (default 5 and 30: the example's unstable
    split). Default game: :func:`example2_game`.
    """
    players = tuple(players)
    if len(players) != 3:
        raise ValueError(f"core_chart needs exactly 3 players, got {len(players)}")
    game = _full_game(players, example2_game() if v is None else v)
    total = game[frozenset(players)]
    try:
        x0, x1 = (float(s) for s in start)
    except (TypeError, ValueError):
        raise ValueError("start must be two numbers: the first two players' amounts") from None
    for x in (x0, x1):
        if not 0 <= x <= total:
            raise ValueError(f"start amounts must lie between 0 and {total:g}, got {x:g}")
    rows = []
    for s, val in game.items():
        if not s or len(s) == 3:
            continue
        rows.append(
            {
                "group": coalition_label(s, players),
                "size": len(s),
                "alone": val,
                "m0": int(players[0] in s),
                "m1": int(players[1] in s),
                "m2": int(players[2] in s),
            }
        )
    rows.sort(key=lambda r: (r["size"], [k for k in range(3) if r[f"m{k}"]]))
    order = [r["group"] for r in rows]
    short = [p.split(" (")[0] for p in players]
    p0 = alt.param(
        name="share_0", value=x0, bind=alt.binding_range(min=0, max=total, step=1, name=f"Amount to {players[0]}: ")
    )
    p1 = alt.param(
        name="share_1", value=x1, bind=alt.binding_range(min=0, max=total, step=1, name=f"Amount to {players[1]}: ")
    )
    base = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(
            rest=f"{total} - share_0 - share_1",
            gets="datum.m0 * share_0 + datum.m1 * share_1 + datum.m2 * (" + f"{total} - share_0 - share_1)",
        )
        .transform_calculate(
            status=f"datum.gets + 1e-9 < datum.alone ? '{_WALK}' : '{_CONTENT}'",
            label="'gets ' + format(datum.gets, '.0f') + ', alone ' + format(datum.alone, '.0f') + "
            "(datum.gets + 1e-9 < datum.alone ? ': would walk away' : '')",
        )
    )
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X(
            "gets:Q",
            title="Amount (the partnership creates " + f"{total:g})",
            scale=alt.Scale(domain=[0, total], clamp=True),
        ),
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=[_CONTENT, _WALK], range=[_STATUS_COLOURS[_CONTENT], _STATUS_COLOURS[_WALK]]),
            legend=alt.Legend(title="Group", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("gets:Q", title="This split gives", format=".1f"),
            alt.Tooltip("alone:Q", title="Could make alone", format=".1f"),
            alt.Tooltip("status:N", title="Status"),
        ],
    )
    ticks = base.mark_tick(color="#000000", thickness=3, size=18).encode(y=y, x="alone:Q")
    text = base.mark_text(align="left", fontSize=11, color="#000000").encode(
        y=alt.Y("group:N", sort=order, axis=None), x=alt.value(0), text="label:N"
    )
    groups = alt.hconcat(
        (bars + ticks).properties(
            width=width,
            height=alt.Step(26),
            title=alt.Title(
                "Would any group walk away?",
                subtitle="Bar: what the split gives the group. Tick: what it could make alone.",
            ),
        ),
        text.properties(width=210, height=alt.Step(26)),
        spacing=6,
    )
    rest = (
        alt.Chart(alt.Data(values=[{"k": 0}]))
        .transform_calculate(
            msg=f"'{players[2]} gets the rest: ' + format({total} - share_0 - share_1, '.0f') + "
            f"({total} - share_0 - share_1 < 0 ? ' (a negative amount: the split promises more than exists)' : '')"
        )
        .mark_text(align="left", fontSize=13, fontWeight="bold", color="#000000")
        .encode(text="msg:N", x=alt.value(0), y=alt.value(8))
        .properties(width=width, height=18)
    )
    chart = (
        alt.vconcat(rest, groups, spacing=8)
        .add_params(p0, p1)
        .properties(
            description=(
                f"Interactive check of one split of {total:g} between {', '.join(players)}. Two sliders set what "
                f"{short[0]} and {short[1]} get; {short[2]} gets the rest. For each single partner and each pair, "
                f"a bar shows what the split gives them and a tick what they could make on their own; bars that "
                f"fall short are marked 'would walk away'. It starts at {x0:g} / {x1:g} / {total - x0 - x1:g}."
            ),
            title=alt.Title("Drag the sliders until nobody wants to walk away", anchor="start"),
        )
    )
    return chart


def nash_chart(
    total: float = 100.0,
    outside: Sequence[float] = (10.0, 0.0),
    power: float = 0.5,
    names: Sequence[str] = ("Hospital", "Company"),
    width: int = 380,
) -> alt.VConcatChart:
    """Kernel-free Nash bargaining between two partners, with sliders for outside options and power.

    Each partner's bar has two parts: its outside option (what it gets if talks fail) and
    its slice of the surplus (the total minus both outside options), split by bargaining
    power. Sliders: both outside options and the first partner's power (the second has
    1 minus that). When the outside options add up to more than the total, the chart says
    the partnership is not viable. The starting values reproduce :func:`nash_bargaining`.
    """
    names = tuple(names)
    if len(names) != 2 or len(set(names)) != 2 or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError("names must be two different partner names")
    nums = []
    for x, what in (
        (total, "total"),
        (outside[0], "first outside option"),
        (outside[1], "second outside option"),
        (power, "bargaining power"),
    ):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or x != x or x in (float("inf"), float("-inf")):
            raise ValueError(f"{what} must be a finite number, got {x!r}")
        nums.append(float(x))
    total, d0, d1, a = nums
    if total <= 0:
        raise ValueError(f"total must be positive, got {total:g}")
    if not 0 <= a <= 1:
        raise ValueError(f"bargaining power must be between 0 and 1, got {a:g}")
    if not (0 <= d0 <= total and 0 <= d1 <= total):
        raise ValueError(f"outside options must lie between 0 and the total ({total:g})")
    nash_bargaining(
        list(names), total, {names[0]: d0, names[1]: d1}, {names[0]: a, names[1]: 1 - a}
    )  # same validation as the engine
    params = [
        alt.param(
            name="outside_0",
            value=d0,
            bind=alt.binding_range(min=0, max=total, step=1, name=f"{names[0]}'s outside option: "),
        ),
        alt.param(
            name="outside_1",
            value=d1,
            bind=alt.binding_range(min=0, max=total, step=1, name=f"{names[1]}'s outside option: "),
        ),
        alt.param(
            name="power_0",
            value=a,
            bind=alt.binding_range(min=0, max=1, step=0.05, name=f"{names[0]}'s bargaining power (0 to 1): "),
        ),
    ]
    rows = [
        {"partner": names[i], "k": i, "part": part, "order": j}
        for i in range(2)
        for j, part in enumerate(("Outside option", "Share of the surplus"))
    ]
    surplus = f"({total} - outside_0 - outside_1)"
    base = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(
            outside="datum.k === 0 ? outside_0 : outside_1",
            weight="datum.k === 0 ? power_0 : 1 - power_0",
        )
        .transform_calculate(
            amount=f"datum.part === 'Outside option' ? datum.outside : max(0, {surplus}) * datum.weight",
            total_x=f"datum.outside + max(0, {surplus}) * datum.weight",
        )
    )
    y = alt.Y("partner:N", sort=list(names), title=None)
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X(
            "sum(amount):Q", title=f"Amount (the partnership creates {total:g})", scale=alt.Scale(domain=[0, total])
        ),
        color=alt.Color(
            "part:N",
            sort=["Outside option", "Share of the surplus"],
            scale=alt.Scale(
                domain=["Outside option", "Share of the surplus"], range=[charts.OKABE_ITO[1], charts.OKABE_ITO[0]]
            ),
            legend=alt.Legend(title=None, orient="bottom", columnPadding=18),
        ),
        order=alt.Order("order:Q"),
        tooltip=[
            alt.Tooltip("partner:N", title="Partner"),
            alt.Tooltip("part:N", title="Part"),
            alt.Tooltip("amount:Q", title="Amount", format=".1f"),
        ],
    )
    text = (
        base.transform_filter("datum.order === 0")
        .mark_text(align="left", fontSize=12, color="#000000")
        .encode(
            y=alt.Y("partner:N", sort=list(names), axis=None), x=alt.value(0), text=alt.Text("total_x:Q", format=".1f")
        )
    )
    split = alt.hconcat(
        bars.properties(
            width=width, height=alt.Step(34), title=alt.Title("Outside option first, then a share of the surplus")
        ),
        text.properties(width=50, height=alt.Step(34)),
        spacing=6,
    )
    verdict = (
        alt.Chart(alt.Data(values=[{"k": 0}]))
        .transform_calculate(
            msg=f"{surplus} < 0 ? 'Not viable: the outside options add up to more than the ' + '{total:g}' + "
            f"' the partnership creates, so someone is better off walking away.' : "
            f"'Surplus to share: ' + format({surplus}, '.0f')"
        )
        .mark_text(align="left", fontSize=13, fontWeight="bold", color="#000000")
        .encode(text="msg:N", x=alt.value(0), y=alt.value(8))
        .properties(width=width, height=18)
    )
    return (
        alt.vconcat(verdict, split, spacing=8)
        .add_params(*params)
        .properties(
            description=(
                f"Interactive Nash bargaining split of {total:g} between {names[0]} and {names[1]}. Each bar is "
                f"stacked: the partner's outside option, then its share of the surplus (the total minus both "
                f"outside options), split by bargaining power. The amount is written at the end of each bar. "
                f"Sliders set both outside options (initially {d0:g} and {d1:g}) and {names[0]}'s bargaining "
                f"power (initially {a:g})."
            ),
            title=alt.Title("Who gets what when partners can walk away", anchor="start"),
        )
    )
