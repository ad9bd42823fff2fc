"""The figure checker: every percentage, count and amount stated in prose is bound or marked.

It reads every prose surface of the kit (lesson and solution markdown, the strings in their code
cells, the book and facilitator pages, the datasets README and the README, and the strings of the
package's messages) and finds each figure a reader sees: a percentage (``65%``, ``65 per cent``), a
count (``5,142``, ``n = 120``, ``29 people``, ``forty stakeholders``) or an amount (``£150k``).
Each one passes only if it is

- **bound**: followed by an invisible anchor ``<!--fig ID-->`` whose data value
  (:mod:`aicollab.data.figures`) it matches at the precision it is printed with; in a Python
  string it is not typed at all but written ``{fig:ID}`` and filled from the data;
- **illustrative**: followed by ``<!--ill-->`` (an invented number), or ``<!--ill NAME-->`` when it
  restates a number of the model (checked against :data:`MODEL`), or inside an
  ``<!--ill-begin: why-->`` ... ``<!--ill-end-->`` span; a Python string passed to
  ``figures.illustrative(...)`` is illustrative as a whole;
- **structural**: the interval level (``95%`` near "interval" or "confidence"), the whole
  and none or the whole (``0%``, ``100%``; no survey item is either, which a test checks) and
  labels (``Table 1``);
- **other**: followed by ``<!--other-->``: a fact that is neither a study figure nor invented
  (a service's limit), whose source the sentence names.

Anything else fails with the file, the place, the figure and, for a bound figure, both values.
HTML comments are hidden by every renderer the kit uses (Sphinx/MyST, JupyterLab, RISE, print),
so anchors change nothing a reader sees.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aicollab.data import figures as registry

#: Prose files read as markdown, relative to the repository root (globs).
MARKDOWN_FILES = ("book/**/*.md", "datasets/README.md", "README.md")
#: Notebooks whose markdown cells and code-cell strings are prose.
NOTEBOOK_FILES = ("notebooks/*.ipynb", "solutions/*.ipynb")
#: Package files whose string literals (not docstrings) are messages a reader sees.
PACKAGE_FILES = ("aicollab/**/*.py", "aicollab/**/*.json")
#: Not prose: the build tools, the input boundary's limits, the registry itself.
PACKAGE_SKIP = ("aicollab/tools/", "aicollab/inputs/", "aicollab/data/figures.py", "aicollab/datasets/")

_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
_NUMWORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_NOUNS = (
    r"(?:clinicians|researchers|people|persons|respondents|participants|interviewees|hospitals|professionals|"
    r"stakeholders|regions|provinces|projects|questionnaires|surveys|institutions|startups|radiologists|"
    r"physicians|doctors|members|experts|jurors|representatives|patients)"
)
_FIGURE = re.compile(
    r"(?P<pct>(?<![\w.])\d+(?:\.\d+)?(?:\s?%|\s?per\s?cent\b))"
    r"|(?P<money>[£$€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn|million|billion)\b)?)"
    r"|(?P<n>\b[nN]\s?=\s?(?:\d{1,3}(?:,\d{3})+|\d+))"
    r"|(?P<grouped>(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]*\d))"
    # a count: a number before a noun for people or places, with its anchor (if any) in between
    rf"|(?P<count>(?<![\w.,])(?:\d+|{_NUMWORD})(?=(?:<!--[^>]*-->)?(?:\s+[A-Za-z-]+){{0,2}}?\s+{_NOUNS}\b))",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r"<!--\s*(fig|ill|other)(?:\s+([^\s>]+))?\s*-->")
_SCOPE = re.compile(r"<!--\s*ill-begin\b.*?-->(.*?)<!--\s*ill-end\s*-->", re.DOTALL)
#: "a 95% interval", "95% confidence", "z = 1.96 for 95%": the interval's level, not a figure.
_LEVEL_NEAR = re.compile(r"\b(?:intervals?|confidence|CI|1\.96)\b", re.IGNORECASE)
#: "Table 1 says about hospitals", "lesson 3 people": a label, not a count.
_LABEL_BEFORE = re.compile(
    r"\b(?:tables?|lessons?|exercises?|sections?|cells?|steps?|chapters?|themes?|parts?|rows?)\s*$", re.IGNORECASE
)


def _structural(prose: str, m: re.Match) -> bool:
    """The interval level (95% confidence), none or the whole (0%, 100%: no survey item is either), a label."""
    if m.group("pct"):
        value = _token_value(m.group(0))
        near = prose[max(0, m.start() - 60) : m.end() + 60]
        return (value == 95 and bool(_LEVEL_NEAR.search(near))) or value in (0, 100)
    if m.group("count"):
        return bool(_LABEL_BEFORE.search(prose[max(0, m.start() - 12) : m.start()]))
    return False


def _model_numbers() -> dict:
    """Illustrative numbers of the model that prose restates: name -> function giving the value.

    Amounts are in pounds, shares in percent. Computed by the package, so when the model's
    defaults change the prose that restates them fails until it is updated.
    """

    def deals_default(name):
        from aicollab.model import deals

        return getattr(deals.Assumptions(), name)

    def discount_face_value():
        a = deals_default("licence_price_per_year"), deals_default("discount"), deals_default("years")
        return a[0] * a[1] * a[2]

    def default():
        from aicollab.model.scenarios import default_partnership

        return default_partnership()

    def pair(name, column):
        from aicollab.lessons.sharing_examples import coalition_breakdown

        table = coalition_breakdown(default()).set_index("group")
        return float(table.loc[name, column])

    def drives(row, column):
        from aicollab.lessons.sharing_examples import what_drives_the_split

        return float(what_drives_the_split().iloc[row][column])

    return {
        "deals.success_probability": lambda: deals_default("success_probability") * 100,
        "deals.annual_net_sales": lambda: deals_default("annual_net_sales"),
        "deals.post_money_valuation": lambda: deals_default("post_money_valuation"),
        "deals.licence_price_per_year": lambda: deals_default("licence_price_per_year"),
        "deals.data_access_fee": lambda: deals_default("data_access_fee"),
        "deals.discount_face_value": discount_face_value,
        "deals.discount_expected_value": lambda: discount_face_value() * deals_default("success_probability"),
        "default.total": lambda: default().total * 1000,
        "default.nash_each": lambda: default().total * 1000 / 4,
        "default.nash_pair": lambda: default().total * 1000 / 2,
        "default.clinicians_ai_value": lambda: pair("Clinicians + AI company", "value") * 1000,
        "default.clinicians_ai_share": lambda: pair("Clinicians + AI company", "weighted_share") * 100,
        "drives.no_images.clinicians": lambda: drives(1, "Clinicians (%)"),
        "drives.no_images.hospital": lambda: drives(1, "Hospital (%)"),
    }


#: Names usable in ``<!--ill NAME-->``; computed by the package, so prose cannot drift from it.
MODEL = _model_numbers()


@functools.cache
def _model_value(name: str) -> float:
    return float(MODEL[name]())


@dataclass
class Finding:
    """One figure stated in prose and what the checker made of it."""

    file: str
    place: str
    token: str
    status: str  # bound | illustrative | model | structural | other | wrong | unbound | unknown
    fig_id: str = ""
    expected: str = ""
    python: bool = False  # found in a Python string (a message, a quiz), not in markdown

    @property
    def failed(self) -> bool:
        return self.status in ("wrong", "unbound", "unknown")

    def message(self) -> str:
        where = f"{self.file} {self.place}: "
        if self.status == "wrong":
            return f'{where}"{self.token}" is bound to {self.fig_id}, the data say {self.expected}'
        if self.status == "unknown":
            return f'{where}"{self.token}" names {self.fig_id}, which is not a figure id: {self.expected}'
        if self.python:
            return (
                f'{where}"{self.token}" is typed in a message string: write {{fig:ID}} and fill() it from the data, '
                f"or mark an invented number {{ill:{self.token}}}"
            )
        return (
            f'{where}"{self.token}" has no anchor: bind it to the data ({self.token}<!--fig ID-->) '
            f"or mark it illustrative ({self.token}<!--ill-->)"
        )


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.failed]

    def coverage(self) -> str:
        c = Counter(f.status for f in self.findings)
        checked = c["bound"] + c["model"]
        return (
            f"figures: {checked} checked / {len(self.findings)} stated "
            f"({c['bound']} bound to the data, {c['illustrative'] + c['model']} illustrative of which "
            f"{c['model']} checked against the model, {c['structural']} structural, {c['other']} other; "
            f"{c['wrong']} wrong, {c['unbound']} unbound, {c['unknown']} unknown ids)"
        )


# --------------------------------------------------------------------------- values
_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def _token_value(token: str) -> float:
    money = re.fullmatch(r"[£$€]\s?([\d,.]+)\s?(k|m|bn|million|billion)?", token.strip(), re.IGNORECASE)
    if money:
        return float(money.group(1).replace(",", "")) * _SCALE.get((money.group(2) or "").lower(), 1)
    text = re.sub(r"(?i)^n\s?=\s?", "", token.strip())
    text = re.sub(r"(?i)\s?(%|per\s?cent)$", "", text).replace(",", "").lower()
    return float(_WORDS[text]) if text in _WORDS else float(_hyphenated(text) if "-" in text else text)


def _hyphenated(text: str) -> float:
    tens, _, unit = text.partition("-")
    return _WORDS[tens] + _WORDS[unit]


def _matches(token: str, value: float) -> bool:
    """A token matches a value at the precision it is printed with (65% matches 65.0, 1.7% 1.73)."""
    try:
        stated = _token_value(token)
    except (ValueError, KeyError):
        return False
    digits = token.split(".")[1] if "." in token else ""
    decimals = len(re.match(r"\d*", digits).group())
    scale = next((v for k, v in _SCALE.items() if re.search(rf"\d\s?{k}$", token.strip(), re.IGNORECASE)), 1)
    return round(value / scale, decimals) == round(stated / scale, decimals)


def _judge(file: str, place: str, token: str, kind: str, ref: str | None) -> Finding:
    if kind == "fig":
        try:
            fig = registry.figure(ref or "")
        except registry.UnknownFigure as error:
            return Finding(file, place, token, "unknown", ref or "(none)", str(error))
        if not _matches(token, fig.value):
            return Finding(file, place, token, "wrong", fig.id, fig.display())
        return Finding(file, place, token, "bound", fig.id, fig.display())
    if kind == "other":
        return Finding(file, place, token, "other")
    if not ref:
        return Finding(file, place, token, "illustrative")
    if ref not in MODEL:
        return Finding(file, place, token, "unknown", ref, f"known model numbers: {', '.join(sorted(MODEL))}")
    value = _model_value(ref)
    if not _matches(token, value):
        return Finding(file, place, token, "wrong", ref, f"{value:g}")
    return Finding(file, place, token, "model", ref, f"{value:g}")


# --------------------------------------------------------------------------- markdown
def _mask(text: str, pattern: str, flags=0, keep=None) -> str:
    """Blank out (keep offsets) the parts of ``text`` that are not prose: code, URLs, comments."""

    def blank(m):
        if keep and keep(m):
            return m.group(0)
        return re.sub(r"[^\n]", " ", m.group(0))

    return re.sub(pattern, blank, text, flags=flags)


def _prose(text: str) -> str:
    text = _mask(text, r"^(```|~~~).*?^\1[^\n]*$", re.DOTALL | re.MULTILINE)
    text = _mask(text, r"(?<!\})`[^`\n]*`")  # inline code; a role's text ({term}`...`) is prose
    text = _mask(text, r"\]\([^)\s]*\)|https?://\S+|\{cite[^}]*\}|\[[^\]]*\]\{[^}]*\}")
    return _mask(text, r"<!--.*?-->", re.DOTALL, keep=lambda m: _ANCHOR.fullmatch(m.group(0)) or "ill-" in m.group(0))


def check_markdown(text: str, file: str, place=lambda line: f"line {line}") -> list[Finding]:
    """Every figure in one piece of markdown, judged."""
    prose = _prose(text)
    scopes = [m.span(1) for m in _SCOPE.finditer(prose)]
    out = []
    for m in _FIGURE.finditer(prose):
        token = m.group(0)
        where = place(prose.count("\n", 0, m.start()) + 1)
        anchor = _ANCHOR.match(prose, m.end())
        if anchor:
            out.append(_judge(file, where, token, anchor.group(1), anchor.group(2)))
        elif any(a <= m.start() < b for a, b in scopes):
            out.append(Finding(file, where, token, "illustrative"))
        elif _structural(prose, m):
            out.append(Finding(file, where, token, "structural"))
        else:
            out.append(Finding(file, where, token, "unbound"))
    return out


# --------------------------------------------------------------------------- Python strings
def _illustrative_nodes(tree: ast.AST) -> set[int]:
    """ids of the string nodes passed to ``illustrative(...)`` (any module prefix)."""
    marked = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "illustrative":
                marked.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    return marked


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def check_string(text: str, file: str, place: str, illustrative: bool = False) -> list[Finding]:
    """Every figure in one string a reader sees (a message, a quiz option, a chart description)."""
    out = []
    for m in registry.PLACEHOLDER.finditer(text):
        try:
            shown = registry._shown(m)
            out.append(Finding(file, place, m.group(0), "bound", m.group(1), shown))
        except registry.UnknownFigure as error:
            out.append(Finding(file, place, m.group(0), "unknown", m.group(1), str(error)))
    for m in registry.ILLUSTRATIVE.finditer(text):
        out += [Finding(file, place, f.group(0), "illustrative") for f in _FIGURE.finditer(m.group(1))]
    text = registry.ILLUSTRATIVE.sub(" ", registry.PLACEHOLDER.sub(" ", text))
    for m in _FIGURE.finditer(text):
        token = m.group(0)
        if illustrative:
            out.append(Finding(file, place, token, "illustrative"))
        elif _structural(text, m):
            out.append(Finding(file, place, token, "structural"))
        else:
            out.append(Finding(file, place, token, "unbound", python=True))
    return out


def check_python(source: str, file: str, place=lambda line: f"line {line}") -> list[Finding]:
    """Every figure in the string literals of Python source (docstrings are for developers)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    skip, marked = _docstrings(tree), _illustrative_nodes(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            out += check_string(node.value, file, place(node.lineno), id(node) in marked)
    return out


def _json_strings(obj, path=""):
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _json_strings(v, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _json_strings(v, f"{path}/{i}")


# --------------------------------------------------------------------------- surfaces
def _cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def check_notebook(path: Path, name: str) -> list[Finding]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, cell in enumerate(nb.get("cells", [])):
        src = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            out += check_markdown(src, name, lambda line, i=i: f"cell {i} line {line}")
        elif cell.get("cell_type") == "code":
            code = "\n".join("" if re.match(r"\s*[%!]", line) else line for line in src.splitlines())
            out += check_python(code, name, lambda line, i=i: f"cell {i} line {line}")
    return out


def _files(root: Path, patterns) -> list[Path]:
    return sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()})


def check(root: str | Path) -> Report:
    """Check every prose surface under ``root`` (a copy of the repository works the same)."""
    root = Path(root)
    report = Report()
    for path in _files(root, MARKDOWN_FILES):
        name = path.relative_to(root).as_posix()
        if "/_build/" not in f"/{name}":
            report.findings += check_markdown(path.read_text(encoding="utf-8"), name)
    for path in _files(root, NOTEBOOK_FILES):
        report.findings += check_notebook(path, path.relative_to(root).as_posix())
    for path in _files(root, PACKAGE_FILES):
        name = path.relative_to(root).as_posix()
        if name.startswith(PACKAGE_SKIP):
            continue
        if path.suffix == ".py":
            report.findings += check_python(path.read_text(encoding="utf-8"), name)
        else:
            for where, text in _json_strings(json.loads(path.read_text(encoding="utf-8"))):
                report.findings += check_string(text, name, where or "/")
    return report


def main(root: str | Path = ".") -> int:
    """``aicollab figures check``: print each failure and the coverage line; 1 if any failed."""
    report = check(root)
    for finding in report.failures:
        print(finding.message())
    print(report.coverage())
    return 1 if report.failures else 0
