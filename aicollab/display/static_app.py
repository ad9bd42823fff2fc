"""Kernel-free twin of the value-sharing app, for the static Jupyter Book.

The book has no Python kernel, so the sliders cannot call :mod:`aicollab.model`. Instead
this module builds one Altair (Vega-Lite) chart whose *browser-side* transforms compute
the same numbers as the Python model for the four rules of
:func:`aicollab.model.compare_rules` (proportional, Shapley, equal split, Nash with
stand-alone outside options and equal power), plus the largest core shortfall per rule.

How it works (for maintainers)
------------------------------
Only the resource weights, the "essential" flags, gamma and the total value are sliders;
the players and the who-supplies-what table are fixed when the chart is built. So Python
precomputes one row per (player i, group S not containing i) with

* ``coef`` = |S|! (n-|S|-1)! / n!  (the Shapley weight of that group),
* ``a_r`` = c_r(S), the share of resource r that S holds, and
* ``b_r`` = c_r(S + i), what S holds once i joins,

and one *membership* row per (group T, member i) with ``b_r`` = c_r(T). A Vega
``calculate`` expression (built here from the same formula as
:class:`aicollab.model.Partnership`: essential gates joined with ``&&``, ``pow`` for gamma)
evaluates v(S) and v(S + i) from the live parameters. Summing ``coef * (v(S+i) - v(S))``
per player gives the Shapley value; the empty-group rows give each player's stand-alone
value (Nash outside option) and contribution score (proportional rule). A
``joinaggregate`` copies each player's shares back onto the membership rows, which are then
summed per group to find every group's shortfall.

Parameters are named ``w_0``, ``w_1``, ... (resource weights, in resource order),
``ess_0``, ... (essential flags), ``gamma`` and ``total``; every input has a readable label.
Colours follow the Okabe-Ito colour-blind-safe palette.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from aicollab.model import COMPARE_RULES, Partnership

from .charts import OKABE_ITO, RULE_COLOURS, RULE_LABELS
from .render import BUNDLE_NAME, KIT_SCRIPT, HtmlOutput, chart_html, inline_script, inline_style, tool_html

__all__ = [
    "OKABE_ITO",
    "RULE_LABELS",
    "RULE_COLOURS",
    "static_rows",
    "value_expression",
    "static_value_chart",
    "standalone_html",
]


def static_rows(partnership: Partnership) -> pd.DataFrame:
    """The precomputed rows the browser needs (see the module docstring).

    Columns: ``kind`` ("marg" or "member"), ``player``, ``coal`` (bitmask of S for "marg"
    rows or of T for "member" rows; bit k = k-th player), ``size`` (|S| or |T|), ``coef``
    (Shapley weight; 0 on member rows), ``a_0..a_{R-1}`` (c_r(S); 0 on member rows) and
    ``b_0..b_{R-1}`` (c_r(S + i), or c_r(T) on member rows).
    """
    p = partnership
    n = p.n
    R = len(p.resources)
    sup = p.supply.to_numpy(dtype=float)
    masks = np.arange(1 << n)
    member = ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(float)
    hold = member @ sup  # same arithmetic as aicollab.model
    pc = member.sum(axis=1).astype(int)
    fact = [math.factorial(k) for k in range(n + 1)]
    rows = []
    for i in range(n):
        bit = 1 << i
        for m in range(1 << n):
            if m & bit:
                continue
            s = int(pc[m])
            coef = fact[s] * fact[n - s - 1] / fact[n]
            rows.append(("marg", p.players[i], m, s, coef, *hold[m], *hold[m | bit]))
    for m in range(1, 1 << n):
        for i in range(n):
            if m >> i & 1:
                rows.append(("member", p.players[i], m, int(pc[m]), 0.0, *([0.0] * R), *hold[m]))
    cols = ["kind", "player", "coal", "size", "coef"] + [f"a_{r}" for r in range(R)] + [f"b_{r}" for r in range(R)]
    return pd.DataFrame(rows, columns=cols)


def value_expression(partnership: Partnership, prefix: str = "b") -> str:
    """Vega expression for v(group) from holdings columns ``<prefix>_r`` and the live params.

    Mirrors :class:`aicollab.model.Partnership`: 0 unless the group holds some of every
    essential resource; otherwise ``total * pow(sum_r w_r c_r / sum_r w_r, gamma)``.
    """
    R = len(partnership.resources)
    num = " + ".join(f"w_{r} * datum.{prefix}_{r}" for r in range(R))
    den = " + ".join(f"w_{r}" for r in range(R))
    gate = " && ".join(f"(!ess_{r} || datum.{prefix}_{r} > 0)" for r in range(R))
    return f"(({gate}) && ({den}) > 0) ? total * pow(({num}) / ({den}), gamma) : 0"


def _nice_max(x: float) -> float:
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for k in (1, 2, 2.5, 5, 10):
        if k * mag >= x:
            return k * mag
    return 10 * mag


def _params(p: Partnership):
    params = []
    for r, (name, w) in enumerate(p.resources.items()):
        wmax = max(10.0, _nice_max(w * 2))
        params.append(
            alt.param(
                name=f"w_{r}",
                value=float(w),
                bind=alt.binding_range(min=0, max=wmax, step=0.1, name=f"Importance of {name}: "),
            )
        )
    for r, name in enumerate(p.resources):
        params.append(
            alt.param(
                name=f"ess_{r}",
                value=bool(name in p.essential),
                bind=alt.binding_checkbox(name=f"{name} is essential (no product without it): "),
            )
        )
    params.append(
        alt.param(
            name="gamma",
            value=float(p.gamma),
            bind=alt.binding_range(
                min=1,
                max=max(5.0, math.ceil(p.gamma)),
                step=0.1,
                name="Complementarity, gamma (1 = inputs just add up): ",
            ),
        )
    )
    tmax = _nice_max(p.total * 4)
    step = _nice_max(tmax / 400)
    unit = f" ({p.money_prefix}{p.money_suffix})" if (p.money_prefix or p.money_suffix) else ""
    params.append(
        alt.param(
            name="total",
            value=float(p.total),
            bind=alt.binding_range(min=step, max=tmax, step=step, name=f"Total value created{unit}: "),
        )
    )
    return params


def static_value_chart(
    partnership: Partnership,
    *,
    rules: Sequence[str] = COMPARE_RULES,
    width: int = 420,
    label_format: str = ",.1f",
) -> alt.VConcatChart:
    """An interactive, kernel-free chart of the four sharing rules for ``partnership``.

    Sliders (bound HTML inputs) set each resource's importance weight, which resources are
    essential, gamma and the total value; the players and who-supplies-what table are fixed
    at build time. The top panel shows each player's share under each rule with the amount
    written on the bar; the bottom panel shows, for each rule, the largest amount any group
    of partners would gain by walking away (0 = stable). The params' initial values are the
    partnership's own settings, so the first render equals ``compare_rules(partnership)``.

    Returns an ``alt.VConcatChart`` (top-level params ``w_k``, ``ess_k``, ``gamma``,
    ``total``). Render it like any Altair chart, or use :func:`standalone_html`.
    """
    p = partnership
    unknown = [r for r in rules if r not in RULE_LABELS]
    if unknown:
        raise ValueError(f"unknown rule {unknown[0]!r}; the static chart supports: {', '.join(RULE_LABELS)}")
    rules = list(rules)
    n = p.n
    rows = static_rows(p)
    data = alt.Data(values=rows.to_dict(orient="records"))
    R = len(p.resources)
    score_expr = " + ".join(f"w_{r} * datum.b_{r}" for r in range(R))
    labels = [RULE_LABELS[r] for r in rules]
    colours = [RULE_COLOURS[r] for r in rules]
    money = f"{p.money_prefix}…{p.money_suffix}" if p.money_suffix else p.money_prefix

    base = (
        alt.Chart(data)
        .transform_calculate(va=value_expression(p, "a"), vb=value_expression(p, "b"))
        .transform_calculate(
            contrib="datum.kind === 'marg' ? datum.coef * (datum.vb - datum.va) : 0",
            single="datum.kind === 'marg' && datum.size === 0 ? datum.vb : 0",
            pscore=f"datum.kind === 'marg' && datum.size === 0 ? ({score_expr}) : 0",
        )
        .transform_joinaggregate(shapley="sum(contrib)", outside="sum(single)", score="sum(pscore)", groupby=["player"])
        .transform_joinaggregate(sum_outside="sum(single)", sum_score="sum(pscore)")
        .transform_calculate(
            proportional="datum.sum_score > 0 ? total * datum.score / datum.sum_score : 0",
            equal=f"total / {n}",
            nash=f"datum.outside + (total - datum.sum_outside) / {n}",
        )
    )

    shares = (
        base.transform_filter("datum.kind === 'marg' && datum.size === 0")
        .transform_fold(rules, as_=["rule_key", "value"])
        .transform_calculate(
            rule=" : ".join(f"datum.rule_key === '{k}' ? '{RULE_LABELS[k]}'" for k in rules) + " : datum.rule_key",
            share_pct="100 * datum.value / total",
        )
    )
    enc = dict(
        y=alt.Y("player:N", sort=list(p.players), title=None, axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("rule:N", sort=labels),
        x=alt.X("value:Q", title=f"Share of the total value ({money})".replace("…", "")),
    )
    bars = shares.mark_bar().encode(
        **enc,
        color=alt.Color(
            "rule:N",
            sort=labels,
            scale=alt.Scale(domain=labels, range=colours),
            legend=alt.Legend(title="Sharing rule", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("player:N", title="Partner"),
            alt.Tooltip("rule:N", title="Rule"),
            alt.Tooltip("value:Q", title="Amount", format=label_format),
            alt.Tooltip("share_pct:Q", title="Share %", format=".1f"),
        ],
    )
    text = shares.mark_text(align="left", dx=3, fontSize=10, color="#000000").encode(
        **enc, text=alt.Text("value:Q", format=label_format)
    )
    top = (bars + text).properties(
        width=width,
        height=alt.Step(12),
        title=alt.Title(
            "Who gets what under each sharing rule",
            subtitle="Move the sliders: weights, essential inputs, complementarity, total value",
        ),
    )

    shortfalls = {f"sf_{k}": f"datum.v_group - datum.pay_{k}" for k in rules}
    core = (
        base.transform_filter("datum.kind === 'member'")
        .transform_aggregate(
            v_group="max(vb)",
            **{f"pay_{k}": f"sum({k})" for k in rules},
            groupby=["coal"],
        )
        .transform_calculate(**shortfalls)
        .transform_aggregate(**{f"max_{k}": f"max(sf_{k})" for k in rules})
        .transform_fold([f"max_{k}" for k in rules], as_=["rule_key", "raw"])
        .transform_calculate(
            shortfall="max(0, datum.raw)",
            rule=" : ".join(f"datum.rule_key === 'max_{k}' ? '{RULE_LABELS[k]}'" for k in rules) + " : datum.rule_key",
            verdict="datum.raw > 1e-9 * max(1, total) ? 'unstable: some group would walk away' : 'stable'",
        )
    )
    cenc = dict(
        y=alt.Y("rule:N", sort=labels, title=None),
        x=alt.X(
            "shortfall:Q",
            title=f"Largest gain from walking away ({money})".replace("…", ""),
            scale=alt.Scale(domainMin=0),
        ),
    )
    core_bars = core.mark_bar().encode(
        **cenc,
        color=alt.Color("rule:N", sort=labels, scale=alt.Scale(domain=labels, range=colours), legend=None),
        tooltip=[
            alt.Tooltip("rule:N", title="Rule"),
            alt.Tooltip("shortfall:Q", title="Largest shortfall", format=label_format),
            alt.Tooltip("verdict:N", title="Verdict"),
        ],
    )
    core_text = core.mark_text(align="left", dx=3, fontSize=10, color="#000000").encode(
        **cenc, text=alt.Text("shortfall:Q", format=label_format)
    )
    bottom = (core_bars + core_text).properties(
        width=width,
        height=alt.Step(18),
        title=alt.Title(
            "Stability check: the most any group could gain by walking away",
            subtitle="0 means the split is stable (in the core)",
        ),
    )

    ess = ", ".join(r for r in p.resources if r in p.essential) or "none"
    description = (
        f"Interactive bar chart for the scenario '{p.title or 'Partnership'}' with partners "
        f"{', '.join(p.players)}. Top: each partner's share of the total value under the "
        f"proportional, Shapley, equal-split and Nash-bargaining rules, with the amount on each bar. "
        f"Bottom: for each rule, the largest amount a group of partners could gain by walking away "
        f"(0 = stable). Sliders change resource weights, essential resources (initially: {ess}), "
        f"complementarity gamma (initially {p.gamma:g}) and the total value (initially {p.money(p.total)})."
    )
    chart = (
        alt.vconcat(top, bottom, spacing=30)
        .add_params(*_params(p))
        .properties(
            description=description,
            title=alt.Title(p.title or "Value sharing", anchor="start", fontSize=15),
        )
    )
    chart = chart.configure_axis(labelFontSize=11, titleFontSize=12).configure_view(stroke=None)
    return chart


def standalone_html(chart: alt.TopLevelMixin, *, script_src: str | None = None, title: str = "Value sharing") -> str:
    """A self-contained HTML page for ``chart`` that needs no CDN, no book and no Jupyter server.

    The chart is written as in a notebook output (:func:`aicollab.display.render.chart_html`)
    and drawn by the kit's script, inlined in the page. ``script_src``: URL or path of a copy of
    the vega bundle (``vl_convert.javascript_bundle()`` or the vendored
    ``aicollab/display/static/vega-bundle.js``); if None the vendored bundle is inlined (about
    0.9 MB). The drawn Vega view is ``window.aicollabViews[0]``, and the chart's target gets
    ``data-aicollab-rendered="true"`` (or ``data-aicollab-error`` and a message), so tests and
    screen-reader tools can read the computed data.
    """
    if script_src is None:
        bundle = inline_script(BUNDLE_NAME)
    else:
        bundle = f'<script src="{html.escape(script_src, quote=True)}"></script>'
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<link rel="icon" href="data:,">{inline_style("chart.css")}{bundle}{inline_script(KIT_SCRIPT)}</head>'
        f"<body><main>{chart_html(chart.to_dict())}</main></body></html>"
    )


def static_weights_poll(partnership: Partnership) -> HtmlOutput:
    """A kernel-free "save these weights for the room poll" button for the chart above it.

    Display it right after :func:`static_value_chart` of the same ``partnership``: the button
    reads that chart's weight sliders (``w_0``, ``w_1``, ...) in the browser and downloads a
    room-poll file (:mod:`aicollab.poll` counts it) with one weight per resource. The output
    holds the button, the resource names and the kit's bootstrap; ``kit.js`` runs it with
    ``static/weights-poll.js``. The output is deterministic, for nbval.
    """
    from aicollab.poll import FORMAT_VERSION, KIT_MARKER

    if not isinstance(partnership, Partnership):
        raise ValueError("static_weights_poll() expects the Partnership of the chart above it")
    markup = tool_html(
        "weights-poll",
        '<button type="button">Save these weights for the room poll</button>'
        '<p class="aicollab-weights-alert aicollab-status" role="alert"></p>'
        '<p class="aicollab-weights-status" role="status"></p>',
        config={"resources": list(partnership.resources), "kit": KIT_MARKER, "version": FORMAT_VERSION},
        attrs='class="aicollab-weights-poll"',
    )
    return HtmlOutput(markup, "Button: save the chart's weights for the room poll (runs in the browser)")


__all__ += ["static_weights_poll"]
