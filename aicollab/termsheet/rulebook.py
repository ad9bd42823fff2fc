"""The term sheet's rulebook (``rulebook.json``) and the interpreter of its small language.

Every check of :func:`aicollab.termsheet.check` is data: an id, an area, its sources, when it
applies, its ordered cases (condition -> severity, message, fills) and its messages. This module
reads the file once and evaluates the checks for a draft. The book's kernel-free form runs the
same file through its own interpreter (``aicollab/display/static/termsheet-rules.js``), and
``tests/test_termsheet_browser.py`` proves the two give the same findings on hundreds of drafts.

The language (the ``language`` table of the file says the same in one line per operation):

* a JSON ``true``/``false``, number or text stands for itself; a JSON list is a literal list;
* ``{"field": name}``: a field of the draft (see :func:`facts`);
* ``{"let": name}``: a named value of the file's ``let`` table (worked out when first used);
* ``{"role": r}`` or ``{"role": [r, ...]}``: names of the partners with those roles;
* ``{"shares": names}``: their shares; ``{"sum": numbers}``; ``{"count": list}``;
* ``{"in": [item, list]}``, ``{"without": [a, b]}``, ``{"only": [a, b]}``;
* ``{"eq"|"ne": [a, b]}``, ``{"lt"|"le"|"gt"|"ge": [a, b]}`` (numbers only);
* ``{"and": [...]}``, ``{"or": [...]}``, ``{"not": x}``: a value counts as true unless it is
  false, 0, an empty text, an empty list or null;
* ``{"one_decimal": x}``, ``{"digits": x}``, ``{"join": list}``, ``{"label": [table, value]}``
  make the texts that fill a message's ``{placeholders}``.

Numbers (the file's ``numbers`` entry): 64-bit floats; ``sum`` adds from the left one number at
a time starting at 0 (a JavaScript loop; not Python's compensated ``sum()``); ``one_decimal``
rounds the exact binary value half away from zero (JavaScript's ``toFixed(1)``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from importlib import resources

from aicollab.inputs import number_text

#: The rulebook, as read from ``aicollab/termsheet/rulebook.json``.
RULEBOOK: dict = json.loads(resources.files(__package__).joinpath("rulebook.json").read_text(encoding="utf-8"))

_FILL = re.compile(r"\{(\w+)\}")


class RulebookError(Exception):
    """The rulebook itself is malformed (a kit bug, never the learner's input)."""


# --------------------------------------------------------------------------------------
# Numbers: the semantics both interpreters share
# --------------------------------------------------------------------------------------


def add_left_to_right(values: Iterable[float]) -> float:
    """The rulebook's ``sum``: add one number at a time from the left, starting at 0.

    The book's form adds the same way in JavaScript, so both reach the very same totals
    (Python's ``sum()`` compensates rounding errors from Python 3.12 and would not).
    """
    total = 0.0
    for v in values:
        total += float(v)
    return total


def one_decimal(x: float) -> str:
    """A number with one decimal: its exact binary value rounded half away from zero (``"33.1"``).

    This is JavaScript's ``x.toFixed(1)``; -0 is written ``0.0``; from 1e21 up, and for values
    that are not finite, the number is written as JavaScript's ``String(x)`` (as toFixed does).
    """
    f = float(x) + 0.0
    if not abs(f) < 1e21:
        return number_text(f)
    return str(Decimal(f).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=Context(prec=60)))


# --------------------------------------------------------------------------------------
# The interpreter
# --------------------------------------------------------------------------------------


def facts(ts) -> dict:
    """What the checks see of a validated draft: its fields, the partners' roles and shares."""
    fields = {
        name: list(v) if isinstance(v, tuple) else v
        for name, v in (
            ("title", ts.title),
            ("note", ts.note),
            ("patient_benefit", ts.patient_benefit),
            ("exit_terms", ts.exit_terms),
            ("purpose", ts.purpose),
            ("data_access", ts.data_access),
            ("foreground_ip", ts.foreground_ip),
            ("value_rule", ts.value_rule),
            ("instruments", ts.instruments),
            ("clinician_credit", ts.clinician_credit),
            ("public_communication", ts.public_communication),
            ("review_every_months", ts.review_every_months),
            ("exclusive_data_rights", ts.exclusive_data_rights),
            ("steering_committee", ts.steering_committee),
            ("clinicians_on_committee", ts.clinicians_on_committee),
            ("deidentified", ts.deidentified),
            ("confidentiality_agreement", ts.confidentiality_agreement),
            ("clinician_training", ts.clinician_training),
            ("shared_standards", ts.shared_standards),
            ("ai_research_unit", ts.ai_research_unit),
        )
    }
    fields["partners"] = list(ts.partners)
    fields["background_ip"] = [n for n in ts.partners if n in ts.background_ip]
    fields["credit_roles"] = [n for n in ts.partners if n in ts.credit_roles]
    return {"fields": fields, "roles": list(ts.partners.items()), "shares": dict(ts.shares)}


def truthy(v) -> bool:
    """The language's truth: everything is true except false, 0, "", [] and null."""
    return not (v is None or v is False or v == "" or v == [] or (_is_number(v) and v == 0))


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _numbers(op: str, a, b) -> tuple[float, float]:
    if not (_is_number(a) and _is_number(b)):
        raise RulebookError(f"{op} compares numbers only, got {a!r} and {b!r}")
    return a, b


def _list(op: str, v) -> list:
    if not isinstance(v, list):
        raise RulebookError(f"{op} needs a list, got {v!r}")
    return v


class _Env:
    def __init__(self, draft: Mapping, tables: Mapping[str, Mapping[str, str]], lets: Mapping):
        self.draft, self.tables, self.lets, self.values = draft, tables, lets, {}


def _let(name, env: _Env):
    """A named value of the ``let`` table, worked out when first used (so the table's order,
    which JSON does not promise to keep, never matters)."""
    if name not in env.values:
        if name not in env.lets:
            raise RulebookError(f"no let named {name!r}")
        env.values[name] = None  # a let that uses itself would read null, never loop
        env.values[name] = evaluate(env.lets[name], env)
    return env.values[name]


def _field(arg, env: _Env):
    if arg not in env.draft["fields"]:
        raise RulebookError(f"unknown field {arg!r}")
    return env.draft["fields"][arg]


def _role(arg, env: _Env):
    roles = [arg] if isinstance(arg, str) else arg
    return [n for r in roles for n, role in env.draft["roles"] if role == r]


def _label(args, env: _Env):
    table, value = args[0], evaluate(args[1], env)
    return env.tables[table].get(value, value)


#: Each operation gets its raw argument and the environment (it evaluates what it needs).
OPS: dict[str, Callable] = {
    "field": _field,
    "let": _let,
    "role": _role,
    "shares": lambda arg, env: [env.draft["shares"][n] for n in _list("shares", evaluate(arg, env))],
    "sum": lambda arg, env: add_left_to_right(_list("sum", evaluate(arg, env))),
    "count": lambda arg, env: len(_list("count", evaluate(arg, env))),
    "in": lambda args, env: any(_same(evaluate(args[0], env), x) for x in _list("in", evaluate(args[1], env))),
    "without": lambda args, env: [
        x for x in _list("without", evaluate(args[0], env)) if not any(_same(x, y) for y in evaluate(args[1], env))
    ],
    "only": lambda args, env: [
        x for x in _list("only", evaluate(args[0], env)) if any(_same(x, y) for y in evaluate(args[1], env))
    ],
    "eq": lambda args, env: _same(evaluate(args[0], env), evaluate(args[1], env)),
    "ne": lambda args, env: not _same(evaluate(args[0], env), evaluate(args[1], env)),
    "lt": lambda args, env: (lambda a, b: a < b)(*_numbers("lt", evaluate(args[0], env), evaluate(args[1], env))),
    "le": lambda args, env: (lambda a, b: a <= b)(*_numbers("le", evaluate(args[0], env), evaluate(args[1], env))),
    "gt": lambda args, env: (lambda a, b: a > b)(*_numbers("gt", evaluate(args[0], env), evaluate(args[1], env))),
    "ge": lambda args, env: (lambda a, b: a >= b)(*_numbers("ge", evaluate(args[0], env), evaluate(args[1], env))),
    "and": lambda args, env: all(truthy(evaluate(x, env)) for x in args),
    "or": lambda args, env: any(truthy(evaluate(x, env)) for x in args),
    "not": lambda arg, env: not truthy(evaluate(arg, env)),
    "one_decimal": lambda arg, env: one_decimal(evaluate(arg, env)),
    "digits": lambda arg, env: str(int(evaluate(arg, env))),
    "join": lambda arg, env: ", ".join(_list("join", evaluate(arg, env))),
    "label": _label,
}


def evaluate(expr, env: _Env):
    """The value of one expression of the language (see the module docstring)."""
    if isinstance(expr, dict):
        if len(expr) != 1:
            raise RulebookError(f"an expression is an object with one operation, got {sorted(expr)}")
        ((op, arg),) = expr.items()
        if op not in OPS:
            raise RulebookError(f"unknown operation {op!r}")
        return OPS[op](arg, env)
    if isinstance(expr, list):
        return list(expr)
    return expr


def run_checks(draft: Mapping, tables: Mapping[str, Mapping[str, str]], rulebook: Mapping = RULEBOOK) -> list[dict]:
    """Every applicable check's finding, in the rulebook's order: dicts with ``id``, ``area``,
    ``severity``, ``message`` and ``source`` (keys joined with ";")."""
    env = _Env(draft, tables, rulebook["let"])
    rows = []
    for chk in rulebook["checks"]:
        if "when" in chk and not truthy(evaluate(chk["when"], env)):
            continue
        case = next((c for c in chk["cases"] if "if" not in c or truthy(evaluate(c["if"], env))), None)
        if case is None:
            raise RulebookError(f"no case of {chk['id']} applies")
        fills = {k: evaluate(v, env) for k, v in case.get("fill", {}).items()}
        keys = case["message"] if isinstance(case["message"], list) else [case["message"]]
        text = "".join(fill(chk["messages"][k], fills) for k in keys)
        rows.append(
            {
                "id": chk["id"],
                "area": chk["area"],
                "severity": case["severity"],
                "message": text,
                "source": ";".join(chk["sources"]),
            }
        )
    return rows


def fill(template: str, values: Mapping[str, str]) -> str:
    """A message with its ``{placeholders}`` filled; other braces (``{...}``) stay as written."""
    return _FILL.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


# --------------------------------------------------------------------------------------
# Checking the file itself (run at import: a broken rulebook fails loudly, in the kit's tests)
# --------------------------------------------------------------------------------------


def _operations(expr) -> Iterable[tuple[str, object]]:
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, dict):
            for op, arg in e.items():
                yield op, arg
                stack.extend(arg if isinstance(arg, list) and op not in ("role",) else [arg])


def problems(rulebook: Mapping = RULEBOOK) -> list[str]:
    """What is wrong with a rulebook's structure (empty when it is sound)."""
    out: list[str] = []
    if set(rulebook["language"]) - {"literal"} != set(OPS):
        out.append(f"the language table lists {sorted(rulebook['language'])}; the interpreter has {sorted(OPS)}")
    exprs = list(rulebook["let"].values())
    ids = []
    for chk in rulebook["checks"]:
        cid = chk.get("id", "?")
        ids.append(cid)
        for key in ("id", "area", "sources", "cases", "messages"):
            if key not in chk:
                out.append(f"{cid}: no {key!r}")
        for src in chk.get("sources", []):
            if src not in rulebook["sources"]:
                out.append(f"{cid}: source {src!r} is not in the sources table")
        cases = chk.get("cases", [])
        if not cases or "if" in cases[-1]:
            out.append(f"{cid}: the last case must have no 'if' (it applies when no other does)")
        used = set()
        for case in cases:
            if case.get("severity") not in [k for k, _ in rulebook["severities"]]:
                out.append(f"{cid}: unknown severity {case.get('severity')!r}")
            keys = case.get("message")
            keys = keys if isinstance(keys, list) else [keys]
            for k in keys:
                if k not in chk.get("messages", {}):
                    out.append(f"{cid}: no message {k!r}")
                    continue
                used.add(k)
                for name in _FILL.findall(chk["messages"][k]):
                    if name not in case.get("fill", {}):
                        out.append(f"{cid}: message {k!r} needs {{{name}}}, which its case does not fill")
            exprs += [case.get("if"), *case.get("fill", {}).values()]
        exprs.append(chk.get("when"))
        for k in set(chk.get("messages", {})) - used:
            out.append(f"{cid}: message {k!r} is never used")
    if ids != sorted(set(ids)):
        out.append(f"check ids must be unique and in order, got {ids}")
    for e in exprs:
        for op, arg in _operations(e):
            if op not in OPS:
                out.append(f"unknown operation {op!r}")
            if op == "let" and arg not in rulebook["let"]:
                out.append(f"no let named {arg!r}")
    return out


_PROBLEMS = problems()
if _PROBLEMS:  # pragma: no cover - guarded by tests/test_termsheet_rules.py
    raise RulebookError("aicollab/termsheet/rulebook.json: " + "; ".join(_PROBLEMS))
