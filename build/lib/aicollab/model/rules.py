"""The registry of value-sharing rules: one place for each rule's key and every name it goes by.

A rule is known by a stable key (``"shapley"``) everywhere in the kit: the model's
:func:`~aicollab.model.partnership.allocate`, the charts and apps, the term sheet's menu, the
room-poll answers and the kernel-free tools in the book. Each place used to keep its own
table of labels; they are all read from :data:`SHARING_RULES` now, so a rule is renamed (or
added) in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "SharingRule",
    "SHARING_RULES",
    "RULES",
    "COMPARE_RULES",
    "TERM_SHEET_RULES",
    "rule_label",
    "labels",
]


@dataclass(frozen=True)
class SharingRule:
    """One way to split a partnership's value, and the names it goes by.

    - ``label``: short name for charts, legends and buttons ("Shapley");
    - ``in_sentence``: how a sentence names it ("the split follows a stated rule (Shapley value)");
    - ``description``: what it does, for a menu ("Shapley value (average added value over every
      joining order)");
    - ``poll_answer``: the answer the room poll records and counts ("Shapley value");
    - ``computable``: True when :func:`~aicollab.model.partnership.allocate` computes it.
    """

    key: str
    label: str
    in_sentence: str
    description: str
    poll_answer: str
    computable: bool = True


_RULES = (
    SharingRule(
        "proportional",
        "Proportional",
        "proportional",
        "Proportional to agreed contribution scores",
        "Proportional to contributions",
    ),
    SharingRule(
        "shapley",
        "Shapley",
        "Shapley value",
        "Shapley value (average added value over every joining order)",
        "Shapley value",
    ),
    SharingRule("equal", "Equal split", "equal split", "Equal split", "Equal split"),
    SharingRule(
        "nash",
        "Nash bargaining",
        "Nash bargaining",
        "Nash bargaining (outside options first, then the surplus by bargaining power)",
        "Nash bargaining",
    ),
    SharingRule(
        "weighted_shapley",
        "Weighted Shapley",
        "weighted Shapley value",
        "Weighted Shapley value (joint gains split by agreed weights)",
        "Weighted Shapley value",
    ),
    SharingRule(
        "negotiated",
        "Negotiated",
        "negotiated without a formula",
        "Negotiated without a formula",
        "Negotiated without a formula",
        computable=False,
    ),
)

#: Every rule by key, in the order menus show them.
SHARING_RULES: Mapping[str, SharingRule] = MappingProxyType({r.key: r for r in _RULES})

#: Rules :func:`~aicollab.model.partnership.allocate` computes.
RULES: tuple[str, ...] = tuple(r.key for r in _RULES if r.computable)
#: The four rules the lessons, the apps and the static book compare side by side.
COMPARE_RULES: tuple[str, ...] = ("proportional", "shapley", "equal", "nash")
#: The rules a term sheet may name (the four of lesson 4, or no formula at all).
TERM_SHEET_RULES: tuple[str, ...] = (*COMPARE_RULES, "negotiated")


def rule_label(key: str, kind: str = "label") -> str:
    """One name of a rule: ``kind`` is "label", "in_sentence", "description" or "poll_answer"."""
    try:
        return getattr(SHARING_RULES[key], kind)
    except KeyError:
        raise ValueError(f"unknown rule {key!r}; the rules are: {', '.join(SHARING_RULES)}") from None
    except AttributeError:
        raise ValueError(f"unknown kind of name {kind!r}") from None


def labels(keys, kind: str = "label") -> dict[str, str]:
    """``{key: name}`` for the given rules, e.g. ``labels(COMPARE_RULES)`` for a chart legend."""
    return {k: rule_label(k, kind) for k in keys}
