"""Lesson 4's worked examples: the research notes' numbers, and charts that agree with Python."""

import re

import pytest

from aicollab.lessons.sharing_examples import (
    EXAMPLE2_STORIES,
    EXAMPLE_PLAYERS,
    core_chart,
    example2_game,
    game_table,
    merge_game,
    merge_players,
    nash_chart,
    nash_table,
    rules_table,
    stability_table,
    who_counts_table,
)
from aicollab.model import compare_rules, nash_bargaining, shapley
from aicollab.model.scenarios import default_partnership

D, A, V = EXAMPLE_PLAYERS


def test_example2_table_and_rules_match_the_notes():
    g = game_table(EXAMPLE_PLAYERS, example2_game(), EXAMPLE2_STORIES)
    assert g["value"].tolist() == [0, 0, 0, 40, 10, 20, 100]
    assert g["story"].str.len().min() > 10
    t = rules_table(EXAMPLE_PLAYERS, example2_game())
    assert t.loc[[D, A, V], "Shapley"].tolist() == pytest.approx([35, 40, 25])
    assert t.loc[[D, A, V], "Proportional"].tolist() == pytest.approx([50, 30, 20])
    assert t.loc[[D, A, V], "Weighted Shapley"].tolist() == pytest.approx([47.142857, 36, 16.857143])
    assert t.loc[[D, A, V], "Leave-one-out"].tolist() == pytest.approx([80, 90, 60])
    assert t.loc["Total", "Leave-one-out"] == pytest.approx(230)
    assert t.loc["Total", "Shapley"] == pytest.approx(100)


def test_stability_verdicts():
    s = stability_table(
        EXAMPLE_PLAYERS,
        example2_game(),
        {"Shapley": {D: 35, A: 40, V: 25}, "Generous to V": {D: 5, A: 30, V: 65}, "Too much": {D: 50, A: 50, V: 50}},
    )
    assert s["stable"].tolist() == [True, False, False]
    assert s.loc[1, "largest_gap"] == pytest.approx(5)
    assert "Data (D) + Algorithm (A) would walk away" in s.loc[1, "verdict"]
    assert "only creates 100" in s.loc[2, "verdict"]


def test_who_counts_example_3c():
    t = who_counts_table(EXAMPLE_PLAYERS, example2_game(), institution=D, clinicians=V)
    assert t["Separate players"].loc[[D, A, V]].tolist() == pytest.approx([35, 40, 25])
    merged = t["Merged; 0% passed on to clinicians"]
    assert merged.loc[[D, A, V]].tolist() == pytest.approx([55, 45, 0])
    assert t["Merged; 50% passed on to clinicians"].loc[V] == pytest.approx(27.5)
    players, game = merge_game(EXAMPLE_PLAYERS, example2_game(), (D, V), "H")
    assert players == ("H", A)
    assert shapley(players, game).tolist() == pytest.approx([55, 45])
    with pytest.raises(ValueError, match="unknown clinicians player"):
        who_counts_table(EXAMPLE_PLAYERS, example2_game(), institution=D, clinicians="Nurses")
    with pytest.raises(ValueError, match="from 0 to 1"):
        who_counts_table(EXAMPLE_PLAYERS, example2_game(), D, V, passed_on=[1.5])
    with pytest.raises(ValueError, match="at least two different players"):
        merge_game(EXAMPLE_PLAYERS, example2_game(), (D, D), "H")
    with pytest.raises(ValueError, match="missing coalition"):
        game_table(EXAMPLE_PLAYERS, {frozenset([D]): 1})


def test_merge_players_in_a_partnership():
    p = default_partnership()
    m = merge_players(p, ["Clinicians", "Hospital"], "Hospital with its clinicians")
    assert m.players == ("Hospital with its clinicians", "Research institution", "AI company")
    assert m.supply.sum().round(9).eq(1).all()
    assert compare_rules(m)["shapley"].sum() == pytest.approx(p.total)
    with pytest.raises(ValueError, match="already another player's name"):
        merge_players(p, ["Clinicians", "Hospital"], "AI company")
    with pytest.raises(ValueError, match="unknown player"):
        merge_players(p, ["Clinicians", "Patients"], "X")


def test_nash_table_matches_the_notes():
    t = nash_table()
    assert t["hospital"].tolist() == pytest.approx([55, 45, 31])
    assert t["company"].tolist() == pytest.approx([45, 55, 69])


def _texts(svg: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", t).replace("\u2212", "-")
        for t in re.findall(r'aria-roledescription="text mark"[^>]*>([^<]*)<', svg)
    ]


def _set(spec: dict, **values) -> dict:
    for p in spec.get("params", []):
        if p["name"] in values:
            p["value"] = values[p["name"]]
    return spec


def _check_params(spec, names):
    params = {p["name"]: p for p in spec["params"]}
    assert set(names) <= set(params)
    for n in names:
        assert params[n]["bind"]["name"].strip(), f"{n} needs a readable label"


@pytest.mark.parametrize("x0, x1", [(5, 30), (35, 40), (60, 30), (80, 40)])
def test_core_chart_agrees_with_python(x0, x1):
    vlc = pytest.importorskip("vl_convert")
    spec = core_chart().to_dict()
    assert spec["description"] and "walk away" in spec["description"]
    _check_params(spec, ["share_0", "share_1"])
    texts = _texts(vlc.vegalite_to_svg(_set(spec, share_0=x0, share_1=x1)))
    rest = 100 - x0 - x1
    assert any(t.startswith(f"Validation (V) gets the rest: {rest:.0f}") for t in texts), texts
    s = stability_table(EXAMPLE_PLAYERS, example2_game(), {"x": {D: x0, A: x1, V: rest}})
    walking = sum("would walk away" in t for t in texts)
    # every group short of what it could make alone is flagged in the chart
    from aicollab.model import core_violations

    bad = core_violations(EXAMPLE_PLAYERS, example2_game(), {D: x0, A: x1, V: rest})
    assert walking == int((bad["check"] != "efficiency").sum())
    assert s.loc[0, "stable"] == (walking == 0)


@pytest.mark.parametrize("d0, d1, a", [(10, 0, 0.5), (10, 20, 0.5), (10, 20, 0.3), (30, 40, 0.8)])
def test_nash_chart_agrees_with_python(d0, d1, a):
    vlc = pytest.importorskip("vl_convert")
    spec = nash_chart().to_dict()
    _check_params(spec, ["outside_0", "outside_1", "power_0"])
    texts = _texts(vlc.vegalite_to_svg(_set(spec, outside_0=d0, outside_1=d1, power_0=a)))
    x = nash_bargaining(["H", "C"], 100, {"H": d0, "C": d1}, {"H": a, "C": 1 - a})
    assert f"{x['H']:.1f}" in texts and f"{x['C']:.1f}" in texts, texts
    assert f"Surplus to share: {100 - d0 - d1:.0f}" in texts


def test_nash_chart_not_viable_and_bad_input():
    vlc = pytest.importorskip("vl_convert")
    texts = _texts(vlc.vegalite_to_svg(_set(nash_chart().to_dict(), outside_0=70, outside_1=60)))
    assert any(t.startswith("Not viable") for t in texts)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nash_chart(power=2)
    with pytest.raises(ValueError, match="finite number"):
        nash_chart(outside=(float("nan"), 0))
    with pytest.raises(ValueError, match="not viable"):
        nash_chart(outside=(70, 60))
    with pytest.raises(ValueError, match="two different partner names"):
        nash_chart(names=("H", "H"))
    with pytest.raises(ValueError, match="exactly 3 players"):
        core_chart(players=("a", "b"))
    with pytest.raises(ValueError, match="between 0 and 100"):
        core_chart(start=(120, 0))


# ---- lesson 4: the default scenario's group values and what drives its shares (issue 12) ----


def test_coalition_breakdown_shows_the_formula_behind_every_value():
    from aicollab.lessons.sharing_examples import coalition_breakdown
    from aicollab.model import coalition_table, default_partnership

    p = default_partnership()
    b = coalition_breakdown(p)
    assert list(b["value"]) == pytest.approx(list(coalition_table(p)["value"]))
    for row in b.itertuples():
        expected = p.total * row.weighted_share**p.gamma if row.holds_essentials else 0.0
        assert row.value == pytest.approx(expected), row.group
    pair = b.set_index("group").loc["Clinicians + AI company"]
    # hand check in lesson 4: 3x0.4 + 2x0.7 + 2x0.8 + 1 + 0.8 + 3x0.4 + 2x0.6 + 2x0.7 + 2x0.8 = 11.4 of 18
    assert pair["weighted_share"] == pytest.approx(11.4 / 18)
    assert pair["value"] == pytest.approx(500 * (11.4 / 18) ** 1.5)
    assert (b.loc[b["group"].str.count(r"\+") == 0, "value"] == 0).all()  # nobody makes anything alone
    with pytest.raises(ValueError, match="expects a Partnership"):
        coalition_breakdown("scenario")


def test_what_drives_the_split_backs_lesson_4s_box():
    """Lesson 4 says the clinicians' third comes mostly from their own image data, not from the weights or gamma."""
    from aicollab.lessons.sharing_examples import what_drives_the_split
    from aicollab.model import allocate, default_partnership

    t = what_drives_the_split().set_index("change")
    base = allocate(default_partnership(), "shapley") / 500 * 100
    default = t.iloc[0]
    assert default["Clinicians (%)"] == pytest.approx(base["Clinicians"])
    assert default["Hospital (%)"] == pytest.approx(base["Hospital"])
    no_images = t.loc["Clinicians hold 0% of the image data (the hospital the rest)"]
    assert no_images["Clinicians (%)"] < default["Clinicians (%)"] - 15
    assert no_images["Hospital (%)"] > default["Hospital (%)"] + 25
    for change in ("Complementarity gamma = 1 instead of 1.5", "Every resource weighs the same"):
        assert abs(t.loc[change, "Clinicians (%)"] - default["Clinicians (%)"]) < 6, change
    with pytest.raises(ValueError, match="needs a player called 'Clinicians'"):
        from aicollab.model import Partnership

        what_drives_the_split(Partnership(players=("A", "B"), resources={"x": 1.0}))
