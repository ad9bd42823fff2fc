"""Altair chart builders and the kit's visual theme.

Every chart in the kit goes through here so that it has: a colour-blind-safe palette
(Okabe and Ito's eight colours), a title, and a text description that screen readers
announce and the offline renderer shows as a caption. Builders are pure functions from a
DataFrame to an ``alt.Chart``; they never display anything themselves.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from aicollab.model.rules import COMPARE_RULES, labels

#: Okabe-Ito palette: distinguishable with the common forms of colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Two-group comparisons (clinicians vs researchers) always use the same two colours.
GROUP_COLOURS = {"clinicians": "#0072B2", "researchers": "#E69F00"}
THEME_NAME = "aicollab"
#: Short names of the four compared rules for legends and buttons (from the rules registry).
RULE_LABELS: dict[str, str] = labels(COMPARE_RULES)
#: One Okabe-Ito colour per rule (yellow skipped: too pale on white for thin bars).
RULE_COLOURS: dict[str, str] = {
    "proportional": "#E69F00",
    "shapley": "#0072B2",
    "equal": "#009E73",
    "nash": "#D55E00",
}


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "range": {"category": OKABE_ITO},
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#333333"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#222222",
                "titleColor": "#222222",
                "labelLimit": 320,
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222222", "titleColor": "#222222"},
            "view": {"stroke": None},
            "bar": {"color": OKABE_ITO[0]},
        }
    }


def enable_theme() -> None:
    """Register and enable the kit's Altair theme (safe to call repeatedly)."""
    alt.theme.register(THEME_NAME, enable=True)(_theme)


def require_text(title: str, description: str) -> None:
    """Refuse to build a chart without a title and a text alternative."""
    if not str(title or "").strip():
        raise ValueError("Every chart in the kit needs a title.")
    if not str(description or "").strip():
        raise ValueError("Every chart in the kit needs a description (its text alternative).")


def percent_bars(
    df: pd.DataFrame,
    *,
    title: str,
    description: str,
    label: str = "item",
    value: str = "percent",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    colour: str | None = None,
    subtitle: str | None = None,
    width: int = 420,
) -> alt.LayerChart | alt.Chart:
    """Horizontal bars of percentages, optionally with 95% interval whiskers.

    ``df`` has one row per bar. When ``low``/``high`` columns are present, a rule shows the
    Wilson interval so learners see how precise each figure is. When ``colour`` names a
    column (e.g. ``group``) the bars are coloured and offset by it.
    """
    require_text(title, description)
    order = list(dict.fromkeys(df[label]))
    y = alt.Y(f"{label}:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    tooltip = [alt.Tooltip(f"{label}:N", title="Answer"), alt.Tooltip(f"{value}:Q", title="Percent", format=".1f")]
    enc: dict = {"y": y, "tooltip": tooltip}
    if colour:
        domain = list(dict.fromkeys(df[colour]))
        rng = [GROUP_COLOURS.get(str(d), OKABE_ITO[i % len(OKABE_ITO)]) for i, d in enumerate(domain)]
        enc["color"] = alt.Color(f"{colour}:N", scale=alt.Scale(domain=domain, range=rng), title=colour.capitalize())
        enc["yOffset"] = alt.YOffset(f"{colour}:N", sort=domain)
        tooltip.insert(0, alt.Tooltip(f"{colour}:N", title=colour.capitalize()))
    base = alt.Chart(df)
    bars = base.mark_bar().encode(
        x=alt.X(f"{value}:Q", title="Percent of respondents", scale=alt.Scale(domain=[0, 100])), **enc
    )
    layers = [bars]
    if low and high and low in df.columns and high in df.columns:
        whisker_enc = {k: v for k, v in enc.items() if k != "tooltip"}
        layers.append(base.mark_rule(color="#222222").encode(x=f"{low}:Q", x2=f"{high}:Q", **whisker_enc))
    chart = alt.layer(*layers) if len(layers) > 1 else bars
    height_step = 22 if not colour else 30
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        description=description,
        width=width,
        height=alt.Step(height_step) if not colour else max(60, height_step * len(order)),
    )
