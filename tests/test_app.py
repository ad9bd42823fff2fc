"""The JupyterLab app: thin over the model, kind to bad input, never loses the last good state."""

import math

import pytest

from aicollab.display.app import RULE_LABELS, ValueSharingApp, shares_chart_spec, view_model
from aicollab.model import compare_rules
from aicollab.model.scenarios import PRESETS, default_partnership


def _chart_amounts(app):
    return {(r["player"], r["rule"]): r["value"] for r in app.chart.values}


def test_view_model_numbers_are_the_models():
    p = default_partnership()
    vm = view_model(p, "nash")
    wide = compare_rules(p)
    assert len(vm.rows) == len(p.players) * len(RULE_LABELS)
    for row in vm.rows:
        rule = next(k for k, v in RULE_LABELS.items() if v == row["rule"])
        assert math.isclose(row["value"], wide.at[row["player"], rule], abs_tol=1e-6)
        assert row["chosen"] == (rule == "nash")
    assert sum(r["value"] for r in vm.rows if r["rule"] == "Shapley") == pytest.approx(p.total)


def test_view_model_rejects_unknown_rule_and_partner():
    p = default_partnership()
    with pytest.raises(ValueError, match="unknown rule"):
        view_model(p, "golden share")
    with pytest.raises(ValueError, match="unknown partner"):
        view_model(p, "shapley", focus="Patients")


def test_moving_a_weight_updates_chart_and_state():
    app = ValueSharingApp()
    before = _chart_amounts(app)
    app._weights["Funding"].value = 9.5
    after = _chart_amounts(app)
    assert app.partnership.resources["Funding"] == 9.5
    assert before != after
    expected = compare_rules(app.partnership)
    assert after[("AI company", "Shapley")] == pytest.approx(expected.at["AI company", "shapley"])


def test_deal_terms_follow_chosen_rule_and_partner():
    app = ValueSharingApp()
    app.rule.value = "equal"
    app.focus.value = "Hospital"
    assert "Equal split" in app.terms_box.value
    assert "Hospital receive £125k" in app.headline.value


@pytest.mark.parametrize(
    "poke, message",
    [
        (lambda a: setattr(a._weights["Funding"], "value", -1.0), None),  # slider clamps to its minimum
        (lambda a: setattr(a._names[1], "value", "Clinicians"), "Duplicate player name"),
        (lambda a: setattr(a._names[1], "value", "   "), "name is empty"),
        (lambda a: setattr(a.total, "value", -5.0), "Total value must be positive"),
        (lambda a: setattr(a.total, "value", float("nan")), "Total value is NaN"),
        (lambda a: setattr(a._supply["Clinicians"], "value", 0.2), "add up to"),
    ],
)
def test_bad_input_keeps_last_good_state(poke, message):
    app = ValueSharingApp()
    good = app.partnership
    chart = _chart_amounts(app)
    poke(app)
    if message is None:
        assert app.message.value == ""
        return
    assert message in app.message.value
    assert "last valid settings" in app.message.value
    assert app.partnership is good
    assert _chart_amounts(app) == chart


def test_all_weights_zero_is_explained():
    app = ValueSharingApp()
    for slider in app._weights.values():
        slider.value = 0.0
    assert "zero" in app.message.value
    assert app.partnership.resources != {r: 0.0 for r in app.partnership.resources}


def test_rescale_fixes_supply_that_does_not_add_up():
    app = ValueSharingApp()
    app._supply["Clinicians"].value = 0.9
    assert "Rescale to 100%" in app.message.value
    app._on_rescale()
    assert app.message.value == ""
    resource = app.supply_resource.value
    assert app.partnership.supply[resource].sum() == pytest.approx(1.0)


def test_players_can_be_added_renamed_and_removed_within_limits():
    app = ValueSharingApp()
    app._names[0].value = "Radiologists"
    assert app.partnership.players[0] == "Radiologists"
    for k in range(4):
        app.new_player.value = f"Partner {k}"
        app._on_add()
    assert len(app.partnership.players) == 8
    app.new_player.value = "One too many"
    app._on_add()
    assert "up to 8 partners" in app.message.value
    assert len(app.partnership.players) == 8
    assert app.new_player.value == "One too many"  # what the learner typed is kept
    app.remove_choice.value = "Partner 0"
    app._on_remove()
    assert "Partner 0" not in app.partnership.players
    assert app.chart.spec["layer"][0]["encoding"]["y"]["sort"] == list(app.partnership.players)


def test_presets_load_and_repr_is_short_and_stable():
    app = ValueSharingApp()
    for name in PRESETS:
        app.preset.value = name
        assert app.message.value == ""
        assert app.partnership.title == PRESETS[name].title
    bundle = app._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Value-sharing app:")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_chart_spec_is_accessible():
    spec = shares_chart_spec(("A", "B"), validate=True)  # passes the Vega-Lite schema
    assert spec == shares_chart_spec(("A", "B"))
    assert spec["title"] and spec["description"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == ["#E69F00", "#0072B2", "#009E73", "#D55E00"]


def test_nash_settings_drive_the_nash_bars_and_bad_ones_are_explained():
    from aicollab.model import allocate

    app = ValueSharingApp()
    p = app.partnership
    nash = lambda: {r["player"]: r["value"] for r in app.chart.values if r["rule"] == "Nash bargaining"}
    # Default: stand-alone outside options, equal power (the same as the static book's chart).
    assert nash() == pytest.approx(allocate(p, "nash").to_dict())
    assert all(box.disabled for box in app._outside.values())
    # More power to the AI company moves value towards it.
    app._power["AI company"].value = 3.0
    expected = allocate(p, "nash", power={"Clinicians": 1, "Hospital": 1, "Research institution": 1, "AI company": 3})
    assert nash() == pytest.approx(expected.to_dict())
    # Typed outside options are used once the stand-alone box is unticked.
    app.standalone.value = False
    app._outside["AI company"].value = 200.0
    assert nash()["AI company"] > expected["AI company"]
    # Outside options worth more than the whole partnership: a message, last good state kept.
    before = nash()
    app._outside["Hospital"].value = 400.0
    assert "not viable" in app.message.value
    assert nash() == before
    app._on_reset_nash()
    assert app.message.value == "" and app.standalone.value
    assert nash() == pytest.approx(allocate(p, "nash").to_dict())


def test_nash_settings_follow_a_renamed_partner():
    app = ValueSharingApp()
    app._power["Hospital"].value = 2.0
    app._names[1].value = "Health system"
    outside, power = app.nash_options()
    assert outside is None and power["Health system"] == 2.0
    for slider in app._power.values():
        slider.value = 2.5
    assert app.nash_options() == (None, None)  # equal power is the model's default
