"""Self-checks of lessons 0 to 3: the survey, who is at the table, reading it, barriers."""

from __future__ import annotations

import numbers
import re
from functools import cache

from .answers import (
    _chart_fields,
    _chart_spec,
    _chart_values,
    _close,
    _describe,
    _fmt,
    _match,
    _meta,
    _norm,
    _number,
    _reflect,
    _row,
    _say,
    _section,
    _short,
    _single,
    _survey,
    _text,
    _walk,
)
from .registry import _exercise

# ---- Lesson 0: Welcome -----------------------------------------------------------------


@_exercise("0.1", "clinicians", "How many clinicians answered?")
def _check_0_1(answer, ctx):
    value = _number(answer, "clinicians")
    expected = _meta("clinicians_n")
    if _close(value, expected, 0.5):
        _say(
            "correct",
            f"{_fmt(expected)} clinicians answered the survey. You changed one value and ran a cell: that is most of what these exercises ask.",
        )
    if _close(value, _meta("total_participants"), 0.5):
        _say(
            "incorrect",
            f"{_fmt(value)} is everyone who took part: clinicians plus the research institution professionals. The question asks for the clinicians only.",
        )
    if _close(value, _meta("researchers_n"), 0.5):
        _say(
            "incorrect",
            f"{_fmt(value)} is the number of research institution professionals. Look again at the introduction for the clinicians.",
        )
    if _close(value, _meta("questionnaires_distributed"), 0.5):
        _say(
            "incorrect",
            f"{_fmt(value)} questionnaires were sent out; a few were not returned. The question asks how many clinicians answered.",
        )
    _say(
        "incorrect",
        f"{_fmt(value)} is not the number printed in the introduction of this notebook. Look for the number of clinicians there and type it without a comma.",
    )


@_exercise("0.2", "researcher_pct", "Python as a calculator")
def _check_0_2(answer, ctx):
    value = _number(answer, "researcher_pct")
    researchers, total, clinicians = _meta("researchers_n"), _meta("total_participants"), _meta("clinicians_n")
    expected = researchers / total * 100
    if _close(value, expected, 0.02):
        _say(
            "correct",
            f"researchers were {expected:.2f}% of the {_fmt(total)} participants, so almost every answer in the study comes from clinicians. Keep that in mind whenever the two groups are compared.",
        )
    if _close(value, researchers / clinicians * 100, 0.01):
        _say(
            "incorrect",
            "you divided by the number of clinicians. The share of all participants divides by everyone who took part (clinicians plus researchers).",
        )
    if _close(value, expected / 100, 0.0002):
        _say("incorrect", "that is the share as a fraction of 1. Multiply by 100 to turn it into a percentage.")
    if _close(value, 100 - expected, 0.02):
        _say("incorrect", "that is the clinicians' share. The question asks about the researchers.")
    _say(
        "incorrect",
        f"{_fmt(value, 2)} is not the researchers' share. Divide the number of researchers by the number of all participants, then multiply by 100: `researchers / everyone * 100`.",
    )


@_exercise("0.3", "n_tables", "Your first table")
def _check_0_3(answer, ctx):
    value = _number(answer, "n_tables")
    survey = _survey()
    expected = survey["table"].nunique()
    if _close(value, expected, 0):
        _say(
            "correct",
            f"the kit's survey table holds all {expected} tables of the paper, one row per printed answer option ({len(survey)} rows).",
        )
    if _close(value, len(survey), 0):
        _say(
            "incorrect",
            f'{_fmt(value)} is the number of rows: each row is one answer option. The question asks how many different tables the rows come from: `survey["table"].nunique()`.',
        )
    if _close(value, survey.shape[1], 0):
        _say(
            "incorrect",
            f"{_fmt(value)} is the number of columns. The question asks how many different values the `table` column has.",
        )
    if _close(value, survey["section_id"].nunique(), 0):
        _say(
            "incorrect",
            f"{_fmt(value)} is the number of questions (sections). Count the different values of the `table` column instead.",
        )
    _say("incorrect", 'count the different values in the `table` column: `survey["table"].nunique()`.')


@_exercise("0.4", "reflection", "Where do you sit at the table?")
def _check_0_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "your side of the table",
                "it names the partner closest to you (a clinician, a hospital, a research institution or a company)",
                r"clinic|radiolog|doctor|physician|nurse|hospital|research|universit|compan|industr|start-?up|vendor",
            ),
            (
                "what you could bring",
                "it names one concrete contribution, such as images, labels, a clinical question, feedback on a "
                "prototype or time for testing",
                r"data|image|label|annotat|clinical (?:need|question|problem|information)|feedback|time|expertise|workflow|test",
            ),
            (
                "what you would want back",
                "it names something specific in return: credit (authorship, acknowledgement), money (a fee or a "
                "share), a product or a discount, or training",
                r"credit|author|paper|publication|recogni|pay|fee|money|royalt|discount|share|equity|training|learn|product|tool",
            ),
        ],
    )


# ---- Lesson 1: Who is at the table -----------------------------------------------------


@cache
def _stakeholders():
    from aicollab.data import load_stakeholders

    return load_stakeholders()


@_exercise("1.1", "n_groups", "Count the groups")
def _check_1_1(answer, ctx):
    value = _number(answer, "n_groups")
    st = _stakeholders()
    actors = st[st["kind"] == "actor"]
    expected = len(actors)
    if _close(value, expected, 0):
        _say(
            "correct",
            f"the abstract describes the positions of {expected} groups: " + "; ".join(actors["actor_group"]) + ".",
        )
    if _close(value, len(st), 0):
        _say(
            "incorrect",
            f'{_fmt(value)} is every row of the table, including the rows about the study design, findings and recommendations. Count only the rows whose `kind` is "actor".',
        )
    if _close(value, 40, 0):
        _say(
            "incorrect",
            '40 is the number of people interviewed, not the number of groups. Count the rows whose `kind` is "actor".',
        )
    if _close(value, expected + 1, 0):
        _say(
            "incorrect",
            'one too many: patients are mentioned in the conclusions but were not among the groups interviewed. Count the rows whose `kind` is "actor".',
        )
    _say("incorrect", 'count the rows of the table whose `kind` is "actor": `(positions["kind"] == "actor").sum()`.')


@_exercise("1.2", "worried_group", "Who worries about access to health data?")
def _check_1_2(answer, ctx):
    text = _text(answer, "worried_group")
    st = _stakeholders()
    actors = st[st["kind"] == "actor"]
    groups = list(actors["actor_group"])
    expected = actors.loc[actors["paraphrase"].str.contains("legal", case=False), "actor_group"].iloc[0]
    named = _match(text, groups)
    if named == expected:
        _say(
            "correct",
            f"{expected}: AI looks like a breakthrough to them, and legal obstacles to individual health data are what they fear could slow it down. Keep this in mind for Lesson 3, where lack of legal guidelines is one of the barriers clinicians name.",
        )
    if named is not None:
        said = actors.loc[actors["actor_group"] == named, "paraphrase"].iloc[0]
        _say("incorrect", f'for {named} the table says: "{said}" Look for the row that mentions legal obstacles.')
    _say(
        "incorrect",
        f'I could not match {_short(text)} to one of the groups. Copy a name from the `actor_group` column, e.g. "{groups[0]}".',
    )


@_exercise("1.3", "top_contribution", "What do clinicians offer most often?")
def _check_1_3(answer, ctx):
    text = _text(answer, "top_contribution")
    offered = _section("t2_resources_offered").sort_values("percent", ascending=False, kind="stable")
    expected = offered["item"].iloc[0]
    top_pct = offered["percent"].iloc[0]
    named = _match(text, list(offered["item"]))
    if named == expected:
        _say(
            "correct",
            f"{expected} ({_fmt(top_pct)}% of clinicians) tops the list. Notice that the five percentages add up to far more than 100: clinicians could evidently choose several contributions.",
        )
    if named is not None:
        pct = offered.loc[offered["item"] == named, "percent"].iloc[0]
        _say(
            "incorrect",
            f"{named} was named by {_fmt(pct)}% of clinicians, but one contribution was named by {_fmt(top_pct)}%. Sort by `percent` from high to low (`ascending=False`) and take the first row.",
        )
    _say(
        "incorrect",
        f"I could not match {_short(text)} to an item in the section. Copy the text from the `item` column of `offered`.",
    )


@_exercise("1.4", "reflection", "Who is missing from the table?")
def _check_1_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "a missing voice",
                "it names a missing voice: patients (not among the groups Laï et al. interviewed) or industry "
                "(named by Ye et al. but with no answers reported)",
                r"patient|public|citizen|industr|compan|vendor",
            ),
            (
                "what that voice would add",
                "it says what the voice adds: patients' priorities, their view on how their data may be used and "
                "what builds trust; or industry's engineering, regulatory and commercial constraints",
                r"priorit|matter|consent|trust|experience|need|outcome|safety|perspective|view|constraint|regulat",
            ),
            (
                "an open question such as responsibility",
                "it names a question still open, such as who is responsible when a tool errs (Laï et al. name "
                "responsibility)",
                r"responsib|liabil|accountab|blame|error|mistake|harm",
            ),
            (
                "how to bring it in",
                "it says how to bring the voice in: a seat on the steering group, involvement in design from the "
                "start, or at least a structured consultation",
                r"board|panel|consult|involv|represent|survey|interview|seat|engag|co-?design|steering",
            ),
        ],
    )


# ---- Lesson 2: Reading the survey ------------------------------------------------------


@_exercise("2.1", "total_offered", "Which answers sum to 100?")
def _check_2_1(answer, ctx):
    value = _number(answer, "total_offered")
    offered = _section("t2_resources_offered")
    expected = float(offered["percent"].sum())
    if _close(value, expected, 0.5):
        _say(
            "correct",
            f"the five contributions add up to {_fmt(expected)}%. That is no error: clinicians could evidently pick several contributions, so the total passes 100 (the paper does not label its question types; the kit reads this one as select-all). A single-choice question should add up to about 100.",
        )
    if _close(value, 100, 0.5):
        _say(
            "incorrect",
            "100 is what a single-choice question adds up to. Add the `percent` column of `offered` and see what this select-all question gives.",
        )
    for sid, total in _survey().groupby("section_id", sort=False)["percent"].sum().items():
        if sid != "t2_resources_offered" and _close(value, float(total), 0.05):
            _say(
                "incorrect",
                f'{_fmt(value)} is the total of another question ({sid}). Use the contributions section: `offered["percent"].sum()`.',
            )
    _say("incorrect", 'add up the `percent` column of the contributions section: `offered["percent"].sum()`.')


@_exercise("2.2", "interval", "How precise is a percentage from 120 people?")
def _check_2_2(answer, ctx):
    from aicollab.data import wilson_interval

    var = "interval"
    if isinstance(answer, (str, numbers.Number)) or not hasattr(answer, "__len__"):
        _say(
            "wrong_type",
            f"`{var}` is {_describe(answer)}; this exercise expects two numbers, the low and the high end, e.g. the result of `wilson_interval(percent, n)`.",
        )
    values = [_number(v, var) for v in list(answer)]
    if len(values) != 2:
        _say("wrong_type", f"`{var}` holds {len(values)} values; an interval is two numbers (low, high).")
    row = _row("t9_challenges", "industry standards")
    low, high = wilson_interval(float(row["percent"]), int(row["base_n"]))
    lo, hi = values
    if _close(lo, low, 0.05) and _close(hi, high, 0.05):
        clin = _row("t3_perceived_problems", "industry standards")
        c_low, c_high = wilson_interval(float(clin["percent"]), int(clin["base_n"]))
        _say(
            "correct",
            f"the 95% interval runs from {low:.1f}% to {high:.1f}%: with {int(row['base_n'])} researchers, a printed {_fmt(float(row['percent']))}% is compatible with anything in that range, if the printed figure is right (Table 9 is printed out of order, so a misprint cannot be ruled out: register D42). For the {int(clin['base_n']):,} clinicians the interval around {_fmt(float(clin['percent']))}% is only {c_low:.1f}% to {c_high:.1f}%.",
        )
    if _close(lo, high, 0.05) and _close(hi, low, 0.05):
        _say("incorrect", "the two ends are swapped: put the low end first.")
    w_low, w_high = wilson_interval(float(row["percent"]), _meta("clinicians_n"))
    if _close(lo, w_low, 0.05) and _close(hi, w_high, 0.05):
        _say(
            "incorrect",
            "you used the clinicians' number of respondents. This 4% comes from the researchers: use their n.",
        )
    if _close(lo, float(row["percent"]) / 100, 0.05) or max(values) <= 1:
        _say(
            "incorrect",
            "those look like fractions of 1. `wilson_interval` takes a percentage (e.g. 4) and a number of people, and returns percentages.",
        )
    _say(
        "incorrect",
        f"your interval ({lo:.1f}, {hi:.1f}) does not match. Use the researchers' percentage for lack of industry standards (Table 9) and their number of respondents: `wilson_interval(percent, n)`.",
    )


@_exercise("2.3", "chart", "Draw the clinicians' perceived problems")
def _check_2_3(answer, ctx):
    spec = _chart_spec(answer, "chart", 'percent_bars(with_intervals(problems), title="...", description="...")')
    items = list(_section("t3_perceived_problems")["item"])
    values = _chart_values(spec)
    missing = [i for i in items if i not in values]
    if missing:
        _say(
            "incorrect",
            f"the chart does not show all five problems of Table 3 (missing: {missing[0]}). Build it from `problems`, the rows of the perceived-problems section.",
        )
    fields = _chart_fields(spec)
    if not {"ci_low", "ci_high"} <= fields:
        _say(
            "incorrect",
            "right data, title and description, but no interval whiskers. Pass `with_intervals(problems)` to `percent_bars` so that each bar shows how precise it is.",
        )
    _say(
        "correct",
        "five bars with their 95% intervals, a title and a description. With 5,142 clinicians the whiskers are so short that they are hard to see: as far as chance goes, and if every clinician answered, these percentages are precise. The interval says nothing about who chose to reply.",
    )


@_exercise("2.4", "most_flagged_table", "Use the discrepancy register")
def _check_2_4(answer, ctx):
    from aicollab.data import load_discrepancies

    value = _single(answer)
    if isinstance(value, str) and re.fullmatch(r"\s*table\s*\d+\s*", value, re.IGNORECASE):
        _say(
            "wrong_type", f"`most_flagged_table` is text ({_short(value)}). Give just the table number, without quotes."
        )
    value = _number(answer, "most_flagged_table")
    register = load_discrepancies()
    counts = register["table"].dropna().astype(int).value_counts()
    top = counts[counts == counts.max()]
    expected = sorted(int(t) for t in top.index)
    if int(round(value)) in expected and _close(value, round(value), 0):
        _say(
            "correct",
            f"Table {int(round(value))} has {int(counts.max())} entries in the register, more than any other. Before you quote a figure from it, read its register entries: several values there disagree with the text.",
        )
    if _close(value, int(counts.max()), 0):
        _say(
            "incorrect",
            f"{_fmt(value)} is how many entries the top table has. The question asks which table it is: use `.idxmax()` instead of `.max()`.",
        )
    if _close(value, len(register), 0):
        _say(
            "incorrect",
            f'{_fmt(value)} is the number of entries in the whole register. Count the entries per table with `register["table"].value_counts()` and take the table with the most.',
        )
    if value in counts.index:
        _say(
            "incorrect",
            f'Table {int(value)} has {int(counts[int(value)])} entries, but another table has {int(counts.max())}. `register["table"].value_counts()` lists them from most to fewest.',
        )
    _say(
        "incorrect",
        'count the entries per table with `register["table"].value_counts()` and take the table at the top.',
    )


# ---- Lesson 3: Barriers ----------------------------------------------------------------


@_exercise("3.1", "n_privacy", "From percent to people")
def _check_3_1(answer, ctx):
    value = _number(answer, "n_privacy")
    row = _row("t2_deidentification_opinion", "Necessary")
    pct, n = float(row["percent"]), int(row["base_n"])
    expected = pct * n / 100
    if _close(value, expected, 1.0):
        _say(
            "correct",
            f"{_fmt(pct)}% of {n:,} clinicians is about {round(expected):,} people who see de-identification and confidentiality agreements as necessary. 'About', because the paper does not print how many answered each question.",
        )
    if _close(value, pct, 0.5):
        _say(
            "incorrect",
            f"{_fmt(pct)} is the percentage. Turn it into people: multiply by the number of clinicians and divide by 100.",
        )
    if _close(value, pct * n, 1.0):
        _say("incorrect", "you multiplied by the percentage but did not divide by 100.")
    _say(
        "incorrect",
        f"multiply the number of clinicians by the percentage and divide by 100: `{n} * {_fmt(pct)} / 100`.",
    )


@cache
def _problem_pairs():
    from aicollab.data import side_by_side

    return side_by_side("problems")


@_exercise("3.2", "biggest_gap", "Where do clinicians and researchers differ most?")
def _check_3_2(answer, ctx):
    text = _text(answer, "biggest_gap")
    pairs = _problem_pairs()
    wide = pairs.pivot(index="pair_label", columns="group", values="percent")
    gap = (wide["clinicians"] - wide["researchers"]).sort_values(ascending=False, kind="stable")
    labels = list(gap.index)
    aliases = {label: [label] + list(pairs.loc[pairs["pair_label"] == label, "item"]) for label in labels}
    named = None
    for label, names in aliases.items():
        if any(_norm(n) == _norm(text) for n in names):
            named = label
    if named is None:
        named = _match(text, labels) or next((label for label, names in aliases.items() if _match(text, names)), None)
    expected = gap.index[0]
    if named == expected:
        second = gap.index[1]
        _say(
            "correct",
            f"{expected}: {_fmt(wide.loc[expected, 'clinicians'])}% of clinicians against {_fmt(wide.loc[expected, 'researchers'])}% of researchers, a gap of {_fmt(gap.iloc[0])} points ({second} is close behind with {_fmt(gap.iloc[1])}). Before reading much into it, see Exercise 3.4: the two groups did not answer identical lists.",
        )
    if named is not None:
        _say(
            "incorrect",
            f"{named} differs by {_fmt(gap[named])} points; one barrier differs by {_fmt(gap.iloc[0])}. Compute clinicians minus researchers for every barrier and take the largest (`.idxmax()`).",
        )
    _say(
        "incorrect",
        f'I could not match {_short(text)} to a barrier. Use a name from the `pair_label` column, e.g. "{labels[-1]}".',
    )


@_exercise("3.3", "chart", "Clinicians and researchers side by side")
def _check_3_3(answer, ctx):
    spec = _chart_spec(
        answer, "chart", 'percent_bars(pairs, label="pair_label", colour="group", title="...", description="...")'
    )
    pairs = _problem_pairs()
    values = _chart_values(spec)
    missing = [
        label
        for label in dict.fromkeys(pairs["pair_label"])
        if label not in values and not any(i in values for i in pairs.loc[pairs["pair_label"] == label, "item"])
    ]
    if missing:
        _say("incorrect", f"the chart does not show every barrier (missing: {missing[0]}). Build it from `pairs`.")
    colour = [c.get("field") for c in _walk(spec, "color") if isinstance(c, dict)]
    if "group" not in colour:
        _say(
            "incorrect",
            'both groups are in the data, but the bars are not coloured by group, so a reader cannot tell clinicians from researchers. Add `colour="group"`.',
        )
    _say(
        "correct",
        "clinicians and researchers side by side, coloured by group, with a title and a description. Look at how long the researchers' whiskers are compared with the clinicians'.",
    )


@_exercise("3.4", "reflection", "Why be careful comparing the two groups?")
def _check_3_4(answer, ctx):
    _reflect(
        answer,
        "reflection",
        [
            (
                "the two lists",
                "the lists differ: researchers chose from eleven challenges (Table 9), clinicians from five "
                "problems (Table 3)",
                r"option|list|choice|eleven|11\b|five\b|5\b|more items|question",
            ),
            (
                "the number of researchers",
                "only 120 researchers answered, so their percentages have wide intervals (about 2% to 9% around "
                "the 4%)",
                r"120\b|small|sample|interval|precis|uncertain|wide|confidence",
            ),
            (
                "who the two groups are",
                "the groups are different people: most researchers were under 30 and postgraduates, with other "
                "jobs and experience",
                r"differen\w* (?:people|group|population|role|job|experience)|population|role|job|experience|young|student|career",
            ),
            (
                "the wording of the questions",
                "the questions were worded differently (problems in AI research against challenges in one's own "
                "research process)",
                r"word|phras|mean|interpret|defin|label|fram",
            ),
            (
                "the printed figure itself",
                "the printed 4% may itself be a misprint: Table 9 is printed out of order and the paper loses "
                "digits elsewhere (register D42)",
                r"misprint|typo|printed|printing|register|D42\b|digit|transcri",
            ),
        ],
    )
