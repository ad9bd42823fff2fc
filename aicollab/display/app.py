"""The value-sharing app for JupyterLab: a thin widget layer over :mod:`aicollab.model`.

The learner sets each resource's importance weight, whether it is essential, who supplies
how much of it, how strongly inputs complement each other, the total value and the players
themselves; the app shows the shares under four rules side by side, the chosen rule's deal
terms for one partner, the gap between a fair share and what the survey's collaboration
mechanisms give clinicians, and any group that would walk away.

Design:
- every number comes from :func:`view_model`, a pure function of a ``Partnership`` (tested
  without widgets); the widgets only collect input and display results;
- bad input (a negative weight, shares that do not add up, a duplicate or empty name, a
  ninth player...) shows a plain message; the results keep showing the last good state and
  nothing the learner typed is thrown away;
- the chart is a :class:`~aicollab.display.vegawidget.VegaWidget`, updated in place (no flicker).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

from aicollab.inputs import sentence
from aicollab.model import (
    COMPARE_RULES,
    MAX_PLAYERS,
    Partnership,
    allocate,
    coalition_value,
    coalition_values,
    compare_rules_long,
    stability,
)
from aicollab.model.deals import Assumptions, deal_terms, recognition_gap
from aicollab.model.scenarios import PRESETS, default_partnership, get_preset

from . import charts
from .charts import RULE_COLOURS, RULE_LABELS
from .vegawidget import VegaWidget

DATA_NAME = "shares"


@dataclass(frozen=True)
class ViewModel:
    """Everything the app shows for one state, computed without any widget."""

    rows: list[dict[str, Any]]
    stability: pd.DataFrame
    deal_terms: pd.DataFrame
    gap: pd.DataFrame | None
    headline: str


def _money_factor(p: Partnership) -> float:
    return 1000.0 if p.money_suffix == "k" else 1.0


def view_model(
    p: Partnership,
    rule: str = "shapley",
    focus: str | None = None,
    assumptions: Assumptions | None = None,
    outside_options=None,
    power=None,
) -> ViewModel:
    """Compute the app's outputs for partnership ``p`` with ``rule`` highlighted.

    ``focus`` is the partner whose deal terms are shown (default: "Clinicians" if present,
    else the first player). ``outside_options`` and ``power`` (dicts per partner) set the Nash
    rule; left out, each partner's outside option is what it could make alone and power is
    equal. Raises ``ValueError`` (plain message) for an unknown rule or partner, or when the
    outside options add up to more than the partnership creates. ``assumptions`` default to
    :class:`~aicollab.model.deals.Assumptions` ().
    """
    assumptions = assumptions if assumptions is not None else Assumptions()
    if rule not in COMPARE_RULES:
        raise ValueError(f"unknown rule {rule!r}; choose one of: {', '.join(COMPARE_RULES)}")
    focus = focus or ("Clinicians" if "Clinicians" in p.players else p.players[0])
    if focus not in p.players:
        raise ValueError(f"unknown partner {focus!r}; the partners are: {', '.join(p.players)}")
    long = compare_rules_long(p)
    if outside_options is not None or power is not None:
        nash = allocate(p, "nash", outside_options=outside_options, power=power)
        is_nash = long.rule == "nash"
        long.loc[is_nash, "value"] = long.loc[is_nash, "player"].map(nash).to_numpy()
        long.loc[is_nash, "share_pct"] = long.loc[is_nash, "value"] / p.total * 100.0
    rows = [
        {
            "player": r.player,
            "rule": RULE_LABELS[r.rule],
            "value": round(float(r.value), 6),
            "share_pct": round(float(r.share_pct), 6),
            "chosen": r.rule == rule,
            "label": p.money(float(r.value)),
        }
        for r in long.itertuples(index=False)
    ]
    chosen = long[long.rule == rule].set_index("player")["value"]
    stab = stability(p, chosen.reindex(list(p.players)))
    share = float(long[(long.rule == rule) & (long.player == focus)].value.iloc[0])
    terms = deal_terms(share * _money_factor(p), assumptions)
    gap = None
    if "Clinicians" in p.players:
        clin = float(long[(long.rule == rule) & (long.player == "Clinicians")].value.iloc[0])
        gap = recognition_gap(clin * _money_factor(p), assumptions=assumptions)
    headline = (
        f"Under {RULE_LABELS[rule]}, {focus} receive {p.money(share)} of {p.money(p.total)} "
        f"({share / p.total:.0%}). {stab.attrs['summary']}"
    )
    return ViewModel(rows=rows, stability=stab, deal_terms=terms, gap=gap, headline=headline)


def shares_chart_spec(
    players: tuple[str, ...], title: str = "How the value would be split", validate: bool = False
) -> dict:
    """Vega-Lite spec of the shares chart; its rows arrive later through the named dataset.

    Schema validation costs ~40 ms and the spec's shape never varies, so the app skips it
    (``validate=False``); the tests build it with ``validate=True``.
    """
    rules = [RULE_LABELS[r] for r in COMPARE_RULES]
    base = alt.Chart(alt.NamedData(DATA_NAME))
    y = alt.Y("player:N", sort=list(players), title=None)
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title="Amount (£k)"),
        y=y,
        yOffset=alt.YOffset("rule:N", sort=rules),
        color=alt.Color(
            "rule:N",
            sort=rules,
            scale=alt.Scale(domain=rules, range=[RULE_COLOURS[r] for r in COMPARE_RULES]),
            title="Rule",
        ),
        opacity=alt.condition("datum.chosen", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("player:N", title="Partner"),
            alt.Tooltip("rule:N", title="Rule"),
            alt.Tooltip("label:N", title="Amount"),
            alt.Tooltip("share_pct:Q", title="Percent", format=".1f"),
        ],
    )
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(
        x="value:Q",
        y=y,
        yOffset=alt.YOffset("rule:N", sort=rules),
        text="label:N",
        opacity=alt.condition("datum.chosen", alt.value(1.0), alt.value(0.0)),
    )
    chart = alt.layer(bars, text).properties(
        title=title,
        description="Grouped bars: for each partner, the amount they would receive under the proportional, "
        "Shapley, equal-split and Nash bargaining rules; the chosen rule is drawn solid and labelled.",
        width=440,
        height=alt.Step(14),
    )
    charts.enable_theme()
    return chart.to_dict(validate=validate)


def _shown(table: pd.DataFrame, headings: dict[str, str]) -> pd.DataFrame:
    """The columns named in ``headings``, in that order, under the headings a reader sees."""
    return table[list(headings)].rename(columns=headings)


def _table_html(df: pd.DataFrame, caption: str) -> str:
    return (
        df.to_html(index=False, border=0, classes="aicollab-table", na_rep="", float_format=lambda x: f"{x:,.1f}")
        .replace("<table", f'<table aria-label="{html.escape(caption)}"', 1)
        .replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
        if not df.empty
        else ""
    )


class ValueSharingApp:
    """The interactive value-sharing app. Display it as the last expression of a cell.

    ``ValueSharingApp()`` starts from the kit's default scenario; pass a ``Partnership`` or a
    preset name to start elsewhere. ``app.partnership`` is always the last valid state.
    """

    def __init__(
        self,
        partnership: Partnership | str | None = None,
        rule: str = "shapley",
        assumptions: Assumptions | None = None,
    ):
        if isinstance(partnership, str):
            partnership = get_preset(partnership)
        self.partnership: Partnership = partnership or default_partnership()
        self.assumptions = assumptions if assumptions is not None else Assumptions()
        self.message = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.headline = w.HTML()
        self.stability_box = w.HTML()
        self.terms_box = w.HTML()
        self.gap_box = w.HTML()
        self.chart = VegaWidget(spec=shares_chart_spec(self.partnership.players), data_name=DATA_NAME)
        self.rule = w.ToggleButtons(
            options=[(RULE_LABELS[r], r) for r in COMPARE_RULES],
            value=rule,
            description="Rule",
            tooltips=[f"Highlight the {RULE_LABELS[r]} split" for r in COMPARE_RULES],
        )
        self.preset = w.Dropdown(options=["(keep current)", *PRESETS], value="(keep current)", description="Scenario")
        self.focus = w.Dropdown(description="Deal terms for")
        self.gamma = w.FloatSlider(
            min=1.0, max=4.0, step=0.1, description="Complementarity", style={"description_width": "initial"}
        )
        self.total = w.FloatText(description="Total value (£k)", style={"description_width": "initial"})
        self.new_player = w.Text(
            placeholder="New partner's name", description="Add partner", style={"description_width": "initial"}
        )
        self.add_button = w.Button(description="Add", tooltip="Add a partner who supplies nothing yet")
        self.remove_choice = w.Dropdown(description="Remove")
        self.remove_button = w.Button(description="Remove", tooltip="Remove the chosen partner")
        self.supply_resource = w.Dropdown(description="Who supplies", style={"description_width": "initial"})
        self.rescale_button = w.Button(description="Rescale to 100%", tooltip="Scale these shares so they add up to 1")
        self.weights_box = w.VBox()
        self.names_box = w.VBox()
        self.supply_box = w.VBox()
        self.nash_box = w.VBox()
        self.reset_nash_button = w.Button(
            description="Reset Nash settings",
            tooltip="Outside options back to what each partner could make alone; equal power",
        )
        self.standalone = w.Checkbox(
            value=True, indent=False, description="Outside option = what each partner could make alone"
        )
        self._outside: dict[str, w.FloatText] = {}
        self._power: dict[str, w.FloatSlider] = {}
        self._weights: dict[str, w.FloatSlider] = {}
        self._essential: dict[str, w.Checkbox] = {}
        self._names: list[w.Text] = []
        self._supply: dict[str, w.BoundedFloatText] = {}
        self._silent = False

        for control in (self.rule, self.focus, self.gamma, self.total):
            control.observe(self._on_change, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.supply_resource.observe(self._on_supply_resource, names="value")
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._on_remove)
        self.rescale_button.on_click(self._on_rescale)
        self.reset_nash_button.on_click(self._on_reset_nash)
        self.standalone.observe(self._on_change, names="value")

        self._load(self.partnership)
        from aicollab.poll import export_button

        # One click saves the learner's weights for the instructor's room poll.
        self.save = export_button(
            lambda: {"weights": dict(self.partnership.resources)}, description="Save my weights for the room poll"
        )
        self.widget = w.VBox(
            [
                w.HTML("<h4>Value-sharing app</h4>"),
                w.HBox([self.preset, self.rule]),
                w.HBox([self.gamma, self.total]),
                w.HTML("<b>Importance of each resource</b> (tick the essential ones: no product without them)"),
                self.weights_box,
                w.HTML("<b>Partners</b> (rename by typing; 2 to 8 partners)"),
                self.names_box,
                w.HBox([self.new_player, self.add_button]),
                w.HBox([self.remove_choice, self.remove_button]),
                w.HBox([self.supply_resource, self.rescale_button]),
                self.supply_box,
                w.HTML(
                    "<b>Nash bargaining</b>: each partner's outside option (what it gets if talks fail, £k) "
                    "and bargaining power (only the ratios matter)"
                ),
                self.standalone,
                self.nash_box,
                self.reset_nash_button,
                self.message,
                self.headline,
                self.chart,
                self.stability_box,
                self.focus,
                self.terms_box,
                self.gap_box,
                self.save,
            ]
        )

    # ---- building controls from a state ------------------------------------------------
    def _load(self, p: Partnership, keep_nash: bool = False) -> None:
        """Set every control from ``p`` (without triggering updates) and show its results.

        ``keep_nash`` keeps the Nash settings position by position (used when partners are
        only renamed); otherwise they return to the defaults.
        """
        kept = [(o.value, s.value) for o, s in zip(self._outside.values(), self._power.values())] if keep_nash else None
        self._silent = True
        try:
            self.gamma.value = p.gamma
            self.total.value = p.total
            self._weights, self._essential = {}, {}
            rows = []
            for r, weight in p.resources.items():
                slider = w.FloatSlider(
                    value=weight,
                    min=0.0,
                    max=10.0,
                    step=0.5,
                    description=r,
                    style={"description_width": "14em"},
                    layout=w.Layout(width="34em"),
                )
                box = w.Checkbox(value=r in p.essential, description="essential", indent=False)
                slider.observe(self._on_change, names="value")
                box.observe(self._on_change, names="value")
                self._weights[r], self._essential[r] = slider, box
                rows.append(w.HBox([slider, box]))
            self.weights_box.children = rows
            self._names = []
            for name in p.players:
                text = w.Text(value=name, description="Partner", continuous_update=False)
                text.observe(self._on_change, names="value")
                self._names.append(text)
            self.names_box.children = [w.HBox(self._names[i : i + 2]) for i in range(0, len(self._names), 2)]
            self.remove_choice.options = list(p.players)
            self.remove_choice.value = p.players[-1]
            self.focus.options = list(p.players)
            self.focus.value = "Clinicians" if "Clinicians" in p.players else p.players[0]
            self.supply_resource.options = list(p.resources)
            self.supply_resource.value = next(iter(p.resources))
            self._build_supply(p)
            self._build_nash(p)
            if kept and len(kept) == len(self._power):
                for (outside, power), box, slider in zip(kept, self._outside.values(), self._power.values()):
                    box.value, slider.value = outside, power
            if (
                tuple(self.chart.spec.get("layer", [{}])[0].get("encoding", {}).get("y", {}).get("sort", []))
                != p.players
            ):
                self.chart.spec = shares_chart_spec(p.players)
        finally:
            self._silent = False
        self.partnership = p
        self._show(p)

    def _build_supply(self, p: Partnership) -> None:
        r = self.supply_resource.value
        self._supply = {}
        for player in p.players:
            box = w.BoundedFloatText(
                value=round(float(p.supply.at[player, r]), 4),
                min=0.0,
                max=1.0,
                step=0.05,
                description=player,
                style={"description_width": "12em"},
            )
            box.observe(self._on_change, names="value")
            self._supply[player] = box
        self.supply_box.children = list(self._supply.values())

    def _build_nash(self, p: Partnership) -> None:
        """One outside-option box and one power slider per partner, at the model's defaults."""
        self._outside, self._power = {}, {}
        rows = []
        for player in p.players:
            outside = w.FloatText(
                value=round(coalition_value(p, [player]), 4),
                description=player,
                style={"description_width": "12em"},
                layout=w.Layout(width="22em"),
            )
            power = w.FloatSlider(
                value=1.0, min=0.0, max=5.0, step=0.5, description="power", layout=w.Layout(width="22em")
            )
            outside.observe(self._on_change, names="value")
            power.observe(self._on_change, names="value")
            self._outside[player], self._power[player] = outside, power
            rows.append(w.HBox([outside, power]))
        self.nash_box.children = rows

    def nash_options(self) -> tuple[dict[str, float] | None, dict[str, float]]:
        """The outside options and bargaining powers the Nash controls show, by partner name.

        Outside options are ``None`` (the model's default: what each partner could make alone,
        recomputed as the other settings change) while the stand-alone box is ticked.

        Controls are matched to partners by position, so renaming a partner keeps its settings.
        """
        names = [str(t.value).strip() for t in self._names]
        outside = None if self.standalone.value else {n: box.value for n, box in zip(names, self._outside.values())}
        power = {n: s.value for n, s in zip(names, self._power.values())}
        if len(set(power.values())) == 1 and next(iter(power.values())) > 0:
            power = None  # equal power: the model's default (all-zero is passed on, to be explained)
        return outside, power

    # ---- reading the controls ------------------------------------------------------------
    def _read(self) -> Partnership:
        """The partnership the controls describe; ValueError (plain message) if it is invalid."""
        old = self.partnership
        names = [t.value for t in self._names]
        resources = {r: s.value for r, s in self._weights.items()}
        essential = frozenset(r for r, b in self._essential.items() if b.value)
        supply = old.supply.copy()
        resource = self.supply_resource.value
        for player, box in self._supply.items():
            supply.at[player, resource] = box.value
        cleaned = [str(n).strip() for n in names]
        if any(not n for n in cleaned):
            raise ValueError("A partner's name is empty: type a name (it can be short).")
        supply.index = cleaned
        return old.with_changes(
            players=tuple(cleaned),
            resources=resources,
            supply=supply,
            essential=essential,
            gamma=self.gamma.value,
            total=self.total.value,
        )

    # ---- events ----------------------------------------------------------------------
    def _apply(self, make) -> None:
        try:
            p = make()
            structural = p.players != self.partnership.players or set(p.resources) != set(self.partnership.resources)
            if not structural:
                # Same partners: check the Nash settings too before accepting the new state.
                view_model(p, self.rule.value, None, self.assumptions, *self.nash_options())
        except ValueError as error:
            self._say(str(error))
            return
        self._say("")
        if structural:
            renamed_only = len(p.players) == len(self.partnership.players) and set(p.resources) == set(
                self.partnership.resources
            )
            self._load(p, keep_nash=renamed_only)  # added or removed partners start from the default Nash settings
        else:
            self.partnership = p
            self._show(p)

    def _on_change(self, _change=None) -> None:
        if not self._silent:
            self._apply(self._read)

    def _on_preset(self, change) -> None:
        if change["new"] in PRESETS:
            self._apply(lambda: get_preset(change["new"]))

    def _on_supply_resource(self, _change) -> None:
        if not self._silent and self.supply_resource.value:
            self._build_supply(self.partnership)

    def _on_add(self, _button=None) -> None:
        name = self.new_player.value.strip()
        if not name:
            self._say("Type the new partner's name first.")
            return
        if len(self.partnership.players) >= MAX_PLAYERS:
            self._say(f"The app handles up to {MAX_PLAYERS} partners; remove one before adding another.")
            return
        self._apply(lambda: self.partnership.add_player(name))
        if self.message.value == "":
            self.new_player.value = ""

    def _on_remove(self, _button=None) -> None:
        name = self.remove_choice.value
        self._apply(lambda: self.partnership.remove_player(name))

    def _on_reset_nash(self, _button=None) -> None:
        self._silent = True
        try:
            self.standalone.value = True
            self._build_nash(self.partnership)
        finally:
            self._silent = False
        self._on_change()

    def _on_rescale(self, _button=None) -> None:
        total = sum(b.value for b in self._supply.values())
        if total <= 0:
            self._say("Nobody supplies this resource yet: give at least one partner a share above 0.")
            return
        self._silent = True
        try:
            for box in self._supply.values():
                box.value = round(box.value / total, 4)
        finally:
            self._silent = False
        # Rounding may leave 0.9999: put the remainder on the largest share.
        biggest = max(self._supply.values(), key=lambda b: b.value)
        self._silent = True
        biggest.value = round(biggest.value + 1 - sum(b.value for b in self._supply.values()), 6)
        self._silent = False
        self._on_change()

    # ---- output ----------------------------------------------------------------------
    def _say(self, text: str) -> None:
        text = text.replace("use normalise_supply() to rescale rough amounts", "press “Rescale to 100%”")
        text = sentence(text)  # the kit's one rule: a capital first, a full stop after ")" too
        self.message.value = (
            f'<div role="alert" style="color:#8a3100"><b>Check this:</b> {html.escape(text)} '
            "The results below still show your last valid settings.</div>"
            if text
            else ""
        )

    def _show(self, p: Partnership) -> None:
        if self.standalone.value:
            # Show the stand-alone values the Nash rule is using; typing needs the box unticked.
            self._silent = True
            try:
                values = coalition_values(p)
                for player, box in zip(p.players, self._outside.values()):
                    box.value = round(values[frozenset([player])], 4)
                    box.disabled = True
            finally:
                self._silent = False
        else:
            for box in self._outside.values():
                box.disabled = False
        vm = view_model(p, self.rule.value, self.focus.value or None, self.assumptions, *self.nash_options())
        self.chart.values = vm.rows
        self.headline.value = f"<p>{html.escape(vm.headline)}</p>"
        if vm.stability.empty:
            self.stability_box.value = "<p><b>Stable:</b> no partner or group could do better alone.</p>"
        else:
            items = "".join(f"<li>{html.escape(v)}</li>" for v in vm.stability["verdict"].head(5))
            self.stability_box.value = f"<p><b>Would the partnership hold?</b></p><ul>{items}</ul>"
        terms = _shown(
            vm.deal_terms,
            {
                "instrument": "Instrument",
                "amount": "Amount",
                "unit": "Unit",
                "value_basis": "What the amount is",
                "risk_note": "Risk",
            },
        )
        self.terms_box.value = _table_html(
            terms, f"One share written as deal terms ({RULE_LABELS[self.rule.value]}; illustrative assumptions)"
        )
        if vm.gap is not None:
            gap = _shown(
                vm.gap,
                {
                    "mechanism": "Survey arrangement (Table 2)",
                    "survey_pct": "% of clinicians preferring it",
                    "to_clinicians": "Expected to clinicians directly (£)",
                    "share_value": "Share under the chosen rule (£, illustrative)",
                    "gap": "Gap (£)",
                },
            )
            self.gap_box.value = _table_html(
                gap, "Recognition gap: what each survey arrangement passes to the clinicians themselves (£)"
            )
        else:
            self.gap_box.value = "<p>No partner is called “Clinicians”, so the recognition gap is not shown.</p>"

    # ---- display ---------------------------------------------------------------------
    def summary(self) -> str:
        p = self.partnership
        return f"Value-sharing app: {len(p.players)} partners ({', '.join(p.players)}), rule {self.rule.value}."

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/plain"] = self.summary()
        return bundle
