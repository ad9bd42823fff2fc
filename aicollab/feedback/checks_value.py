"""Self-checks of lessons 4 to 6: value and IP, co-creation journeys, the capstone."""

from __future__ import annotations

import numbers
from functools import cache

from .answers import (
    _chart_fields,
    _chart_spec,
    _chart_values,
    _close,
    _context,
    _describe,
    _fmt,
    _match,
    _number,
    _reflect,
    _say,
    _section,
    _short,
    _text,
)
from .registry import _exercise

# ---- Lesson 4: Value and IP ------------------------------------------------------------


@_exercise("4.1", "image_share_pct", "Survey percentages as weights")
def _check_4_1(answer, ctx):
    from aicollab.model import proportional

    value = _number(answer, "image_share_pct")
    offered = _section("t2_resources_offered")
    shares = proportional(list(offered["item"]), list(offered["percent"]), 100.0)
    image = offered.loc[offered["item"].str.contains("Image data sharing", case=False), "item"].iloc[0]
    expected = float(shares[image])
    pct = float(offered.loc[offered["item"] == image, "percent"].iloc[0])
    if _close(value, expected, 0.05):
        _say(
            "correct",
            f"image data sharing gets {expected:.1f}% of the weight: {_fmt(pct)} out of a total of {_fmt(float(offered['percent'].sum()))}. A proportional rule is easy to explain, but notice what it assumes: that being named often is the same as being worth more.",
        )
    if _close(value, pct, 0.5):
        _say(
            "incorrect",
            f"{_fmt(pct)}% is the share of clinicians who named image data sharing. The question asks for its share of the total weight: divide by the sum of all five percentages, then multiply by 100.",
        )
    if _close(value, expected / 100, 0.0005):
        _say("incorrect", "that is the share as a fraction of 1; multiply by 100.")
    if _close(value, 100 / len(offered), 0.05):
        _say("incorrect", "that is an equal split. Weight each contribution by its percentage instead.")
    _say(
        "incorrect",
        "divide the percentage for image data sharing by the sum of the five percentages and multiply by 100.",
    )


@_exercise("4.2", "phi", "The Shapley value of a three-partner project")
def _check_4_2(answer, ctx):
    import pandas as pd

    from aicollab.model import equal_split, shapley

    players = _context(ctx, "players", 'check("4.2", phi, players=players, v=v)')
    v = _context(ctx, "v", 'check("4.2", phi, players=players, v=v)')
    if isinstance(answer, numbers.Number) or isinstance(answer, str):
        _say(
            "wrong_type",
            "`phi` should hold one value per partner (the result of `shapley(players, v)`), not a single value.",
        )
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        _say("wrong_type", f"`phi` is {_describe(answer)}; this exercise expects the result of `shapley(players, v)`.")
    missing = [p for p in players if p not in answer.index]
    if missing:
        _say("incorrect", f"`phi` has no value for {missing[0]}. Compute it with `shapley(players, v)`.")
    expected = shapley(players, v)
    got = pd.Series({p: _number(answer[p], f"phi[{p!r}]") for p in players})
    if all(_close(got[p], expected[p], 0.01) for p in players):
        lines = ", ".join(f"{p} {expected[p]:.1f}" for p in players)
        total = v[frozenset(players)]
        _say(
            "correct",
            f"{lines} (total {_fmt(total)}). Every partner gets their average added value over all the orders in which the team could have formed. Clinical validation gets less than the others here, because the pairs without it can still make something.",
        )
    if all(_close(got[p], equal_split(players, v[frozenset(players)])[p], 0.01) for p in players):
        _say("incorrect", "that is an equal split. Use `shapley(players, v)`, which looks at what each partner adds.")
    if abs(float(got.sum()) - v[frozenset(players)]) > 0.01:
        _say(
            "incorrect",
            f"your values add up to {_fmt(float(got.sum()))}, but the full team creates {_fmt(v[frozenset(players)])}; Shapley values always add up to the total.",
        )
    _say("incorrect", "your split adds up to the total but is not the Shapley value. Use `shapley(players, v)`.")


@_exercise("4.3", "hospital_gets", "Bargaining with an outside option")
def _check_4_3(answer, ctx):
    from aicollab.model import nash_bargaining

    value = _number(answer, "hospital_gets")
    story = _context(ctx, "story", 'check("4.3", hospital_gets, story=story)')
    players = ["Hospital", "Company"]
    split = nash_bargaining(
        players,
        story["total"],
        outside_options={"Hospital": story["hospital_alone"], "Company": story["company_alone"]},
    )
    before = nash_bargaining(
        players, story["total"], outside_options={"Hospital": story["hospital_alone"], "Company": 0}
    )
    expected = float(split["Hospital"])
    if _close(value, expected, 0.05):
        _say(
            "correct",
            f"the hospital gets {_fmt(expected)} and the company {_fmt(float(split['Company']))}. When the company had no alternative, the hospital got {_fmt(float(before['Hospital']))}: a better outside option moved {_fmt(float(before['Hospital']) - expected)} to the company, although nobody's contribution changed.",
        )
    if _close(value, float(split["Company"]), 0.05):
        _say("incorrect", f"{_fmt(value)} is the company's share. The question asks what the hospital gets.")
    if _close(value, float(before["Hospital"]), 0.05):
        _say(
            "incorrect",
            f"{_fmt(value)} is what the hospital gets when the company has no alternative. Use the company's outside option from `story`.",
        )
    if _close(value, story["total"] / 2, 0.05):
        _say(
            "incorrect",
            "that is an equal split, which ignores the outside options. Each side first gets its outside option, then half of what is left.",
        )
    _say(
        "incorrect",
        "each side first gets its outside option, then the rest is split in half: the hospital gets `hospital_alone + (total - hospital_alone - company_alone) / 2`.",
    )


@_exercise("4.4", "reflection", "Recognising clinicians' contributions")
def _check_4_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "what happens to the clinicians' share",
                "merged into the hospital, the clinicians are no longer a player: what they receive depends on the "
                "hospital's internal policy, and with a policy that passes nothing on, it is nothing",
                r"nothing|zero|0\b|lose|loses|lost|disappear|absorb|hidden|invisible|merg|one (?:player|party)",
            ),
            (
                "the recognition theme",
                "the invented numbers illustrate (they do not measure) Alami et al.'s theme that clinicians' "
                "essential contributions lack institutional and commercial recognition",
                r"recogni|credit|theme|alami|unrecogni|acknowledg",
            ),
            (
                "a remedy in the agreement",
                "a remedy written into the agreement: clinicians or their department as a named party, ICMJE "
                "authorship or acknowledgement, protected time, an explicit share of revenue or in-kind benefits",
                r"agreement|contract|written|clause|authorship|author|share|royalt|payment|fee|protected time|job plan|promotion",
            ),
            (
                "when to settle it",
                "settle it at the start of the partnership, before anyone knows what the product is worth",
                r"start|begin|upfront|up front|early|before|outset",
            ),
        ],
    )


# ---- Lesson 5: Co-creation journeys -----------------------------------------------------


@cache
def _cocreation():
    from aicollab.data import load_cocreation

    return load_cocreation()


@_exercise("5.1", "dimension", "Which dimension is it?")
def _check_5_1(answer, ctx):
    text = _text(answer, "dimension")
    dims = _cocreation()
    dims = dims[dims["kind"] == "dimension"]
    labels = list(dims["label"])
    expected = dims.loc[dims["kit_gloss"].str.contains("governance", case=False), "label"].iloc[0]
    named = _match(text, labels)
    if named == expected:
        _say(
            "correct",
            f"{expected}: reworking the collaboration itself when the current set-up is not delivering. Remember that the wording in `kit_gloss` is the kit's working description; the source summary names the dimensions without defining them.",
        )
    if named is not None:
        gloss = dims.loc[dims["label"] == named, "kit_gloss"].iloc[0]
        _say(
            "incorrect",
            f'in the kit\'s working description, {named} means: "{gloss}" Which dimension is about roles, goals, scope or governance?',
        )
    _say("incorrect", f"I could not match {_short(text)} to a dimension. The three are: {', '.join(labels)}.")


def _journey_ratings(journeys):
    import pandas as pd

    if not isinstance(journeys, pd.DataFrame):
        _say(
            "problem",
            "`journeys` should be the table defined at the start of this notebook. Run the set-up cells again.",
        )
    return journeys.select_dtypes("number")


@_exercise("5.2", "thinnest", "Where is resourcing thinnest?")
def _check_5_2(answer, ctx):
    journeys = _context(ctx, "journeys", 'check("5.2", thinnest, journeys=journeys)')
    ratings = _journey_ratings(journeys)
    if "resourcing" not in ratings.columns:
        _say("problem", "`journeys` has no `resourcing` column. Run the set-up cells again.")
    text = _text(answer, "thinnest")
    names = [str(i) for i in ratings.index]
    named = _match(text, names)
    if named is None and len(text.strip()) == 1:
        named = next((n for n in names if n.strip().endswith(" " + text.strip().upper())), None)
    column = ratings["resourcing"]
    lowest = [str(i) for i in column[column == column.min()].index]
    if named in lowest:
        others = ", ".join(f"{d} {int(ratings.loc[named, d])}" for d in ratings.columns if d != "resourcing")
        _say(
            "correct",
            f"{named} is rated {int(column[named])} on resourcing, the lowest of the three ({', '.join(f'{i} {int(v)}' for i, v in column.items())}). Its other ratings ({others}) tell a different story, which is why the journeys are read one dimension at a time and not added into a score. These journeys are invented, for practice.",
        )
    if named is not None:
        _say(
            "incorrect",
            f'{named} is rated {int(column[named])} on resourcing, but another journey is rated {int(column.min())}. Take the row with the smallest value in the `resourcing` column: `journeys["resourcing"].idxmin()`.',
        )
    if _match(text, [str(c) for c in ratings.columns]) is not None:
        _say(
            "incorrect",
            'that is a dimension; the question asks which journey. Answer with a name from the table\'s index, e.g. "Journey A".',
        )
    _say(
        "incorrect",
        f'I could not match {_short(text)} to a journey. Use a name from the table\'s index, e.g. "{names[0]}".',
    )


@_exercise("5.3", "chart", "A heat map of the journeys")
def _check_5_3(answer, ctx):
    journeys = _context(ctx, "journeys", 'check("5.3", chart, journeys=journeys)')
    spec = _chart_spec(
        answer, "chart", 'alt.Chart(long).mark_rect().encode(...).properties(title="...", description="...")'
    )
    values = _chart_values(spec)
    names = [str(i) for i in journeys.index]
    dims = [str(c) for c in _journey_ratings(journeys).columns]
    if not all(n in values for n in names):
        _say(
            "incorrect",
            "the chart's data does not contain every journey. Build it from `long`, the long version of `journeys`.",
        )
    if not all(d in values for d in dims):
        _say(
            "incorrect",
            "the chart's data does not contain all three dimensions. Use `long`, which has one row per journey and dimension.",
        )
    fields = _chart_fields(spec)
    if len(fields) < 3:
        _say(
            "incorrect",
            'encode three things: the journey, the dimension and the score (for example `x="dimension:N"`, `y="journey:N"`, `color="score:Q"`).',
        )
    _say(
        "correct",
        "every journey and dimension, with a title and a description. Read the chart one row at a time: a low cell shows which dimension a team could talk about first, and no journey is better or worse overall.",
    )


@_exercise("5.4", "reflection", "Steering a stalled journey")
def _check_5_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "resourcing",
                "resourcing is Journey B's weak point: protected time for the radiologist, a data agreement and a "
                "budget",
                r"resourc|protected time|time|budget|fund|money|staff|commit|data agreement",
            ),
            (
                "adaptation",
                "adaptation is already high (the startup reworked its interface, the radiologist adjusted a "
                "protocol): keep it rather than start again",
                r"adapt|adjust|workflow|tailor|interface|protocol",
            ),
            (
                "reconfiguration",
                "reconfiguration: write down roles and decision rights, narrow the scope, set up a steering group",
                r"reconfig|role|goal|scope|governance|steering|agreement|contract|legal",
            ),
            (
                "monitoring",
                "a way to see whether the steps work: agreed milestones and regular reviews",
                r"review|monitor|meet|milestone|check|lead|evaluat|measure",
            ),
        ],
    )


# ---- Lesson 6: Capstone ---------------------------------------------------------------


@_exercise("6.1", "clinicians_share", "What if clinicians hold a gate?")
def _check_6_1(answer, ctx):
    from aicollab.model import allocate
    from aicollab.model.scenarios import default_partnership

    value = _number(answer, "clinicians_share")
    gate = _context(ctx, "gate", 'check("6.1", clinicians_share, gate=new_gate)')
    base = default_partnership()
    if gate not in base.resources:
        _say(
            "problem",
            f"`new_gate` should name one of the partnership's resources ({', '.join(base.resources)}); run the set-up cell again.",
        )
    changed = base.with_changes(essential=base.essential | {gate})
    expected = float(allocate(changed, "shapley")["Clinicians"])
    before = float(allocate(base, "shapley")["Clinicians"])
    if _close(value, expected, 0.05):
        _say(
            "correct",
            f"with {gate} essential, the clinicians' Shapley share is {base.money(expected)}, up from {base.money(before)}. Nothing they supply changed: only the fact that no group without them can make a product. A partner who holds a gate captures much more under Shapley; ask yourself whether your own contribution is one.",
        )
    if _close(value, before, 0.05):
        _say(
            "incorrect",
            f"{base.money(value)} is the share in the unchanged partnership. Make the changed one first: `p.with_changes(essential=p.essential | {{new_gate}})`.",
        )
    if _close(value, expected / changed.total * 100, 0.05):
        _say(
            "incorrect",
            "that is a percentage of the total. The question asks for the amount (in £k), as `allocate` returns it.",
        )
    for rule in ("proportional", "equal", "nash"):
        if _close(value, float(allocate(changed, rule)["Clinicians"]), 0.05):
            _say("incorrect", f'that is the clinicians\' share under the {rule} rule. Use the rule `"shapley"`.')
    _say(
        "incorrect",
        'make the changed partnership with `p.with_changes(essential=p.essential | {new_gate})`, then take `allocate(changed, "shapley")["Clinicians"]`.',
    )


@_exercise("6.2", "royalty_pct", "From a share to a royalty rate")
def _check_6_2(answer, ctx):
    from aicollab.model import allocate
    from aicollab.model.deals import Assumptions, royalty_rate_for
    from aicollab.model.scenarios import default_partnership

    value = _number(answer, "royalty_pct")
    share_k = float(allocate(default_partnership(), "shapley")["Clinicians"])
    expected = royalty_rate_for(share_k * 1000) * 100
    a = Assumptions()
    if _close(value, expected, 0.01):
        _say(
            "correct",
            f"a royalty of {expected:.2f}% of net sales has the same expected value as {default_partnership().money(share_k)} paid at signing (ignoring when the money arrives), under the kit's illustrative assumptions (a {a.success_probability:.0%} chance of success, {a.money(a.annual_net_sales)} a year for {a.years:g} years). The royalty only pays if the product sells; an upfront fee is certain.",
        )
    if _close(value, expected / 100, 0.0001):
        _say("incorrect", "that is the rate as a fraction of 1; multiply by 100 for a percentage.")
    if _close(value, expected / 1000, 0.00001) or _close(value, expected / 100000, 0.0000001):
        _say("incorrect", "the share is in £ thousands; multiply it by 1000 to get pounds before converting.")
    _say(
        "incorrect",
        "convert the clinicians' share to pounds (`base_share * 1000`), pass it to `royalty_rate_for`, and multiply the result by 100.",
    )


@_exercise("6.3", "my_split", "Propose a split nobody walks away from")
def _check_6_3(answer, ctx):
    import pandas as pd

    from aicollab.model import allocate, stability
    from aicollab.model.scenarios import default_partnership

    p = default_partnership()
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        _say(
            "wrong_type",
            f'`my_split` is {_describe(answer)}; this exercise expects a dictionary with one amount per partner, like `{{"Clinicians": 150, "Hospital": 100, ...}}`.',
        )
    unknown = [k for k in answer if k not in p.players]
    if unknown:
        _say(
            "incorrect",
            f"{_short(unknown[0])} is not one of the partners ({', '.join(p.players)}). Check the spelling.",
        )
    missing = [q for q in p.players if q not in answer]
    if missing:
        _say("incorrect", f"`my_split` has no amount for {missing[0]}. Give every partner an amount, even if it is 0.")
    amounts = {q: _number(answer[q], f"my_split[{q!r}]") for q in p.players}
    handed_out = sum(amounts.values())
    if abs(handed_out - p.total) > 0.01:
        _say(
            "incorrect",
            f"your split hands out {p.money(handed_out)}, but the partnership creates {p.money(p.total)}. Make the amounts add up to exactly {_fmt(p.total)}.",
        )
    problems = stability(p, amounts)
    if len(problems):
        _say(
            "incorrect",
            f"{problems['verdict'].iloc[0]}. Give that group more (and someone else less), then check again.",
        )
    shapley = allocate(p, "shapley")
    _say(
        "correct",
        "no partner or group of partners could do better on their own, so this split is in the core. For comparison, the Shapley split is "
        + ", ".join(f"{q} {p.money(float(shapley[q]))}" for q in p.players)
        + ".",
    )


@_exercise("6.4", "reflection", "Write the term sheet")
def _check_6_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "who contributes what",
                "who contributes what is written down (data, labels, clinical questions, algorithms, money)",
                r"contribut|data|label|annotat|algorithm|fund|resourc",
            ),
            (
                "how value is shared",
                "a named rule for the split, with its inputs agreed and checked for stability, and the instruments "
                "that pay it (fee, royalty, milestones, equity or discount), with who receives each",
                r"shapley|proportion|nash|fee|royalt|milestone|equity|discount|share of (?:value|revenue)",
            ),
            (
                "authorship",
                "authorship follows the four ICMJE criteria, and other contributors are acknowledged",
                r"author|icmje|acknowledg|credit",
            ),
            (
                "new intellectual property",
                "who owns new (foreground) IP, agreed at the start",
                r"ip\b|intellectual property|patent|licen[cs]e|own",
            ),
            (
                "patients and data protection",
                "de-identification, confidentiality agreements and a clear benefit to patients' care",
                r"patient|privacy|de-?identif|anonymi|confidential|consent|gdpr|protect",
            ),
            (
                "a review point",
                "review points at which the partners can adapt or reconfigure the collaboration",
                r"review|reconfig|renegotiat|revisit|exit|terminat|milestone|monitor",
            ),
        ],
        min_words=25,
    )
