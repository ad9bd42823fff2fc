"""Helpers shared by tests that inspect Vega-Lite specs and the SVG vl-convert draws from them."""

from __future__ import annotations

import re


def walk(obj):
    """Every dict inside a nested spec (depth first), e.g. to find all marks or params."""
    if isinstance(obj, dict):
        yield obj
        for v in obj.values():
            yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v)


def with_param(spec: dict, name: str, value) -> dict:
    """A copy of ``spec`` whose parameter ``name`` starts at ``value`` (as if a learner moved it)."""
    spec = dict(spec)
    spec["params"] = [dict(p, value=value) if p["name"] == name else p for p in spec["params"]]
    return spec


def labels_top_to_bottom(svg: str, candidates) -> list[str]:
    """The candidate axis labels found in a drawn SVG, ordered from top to bottom."""
    found = []
    for text in candidates:
        m = re.search(
            r'<text[^>]*transform="translate\(-?[\d.]+,(-?[\d.]+)\)"[^>]*>' + re.escape(text) + "</text>", svg
        )
        if m:
            found.append((float(m.group(1)), text))
    return [t for _, t in sorted(found)]
