"""Load the kit's tables from ``datasets/`` as typed, validated pandas DataFrames.

A lesson needs one line::

    from aicollab.data import load_survey; survey = load_survey()

Where the files are looked for, in order:

1. the ``data_dir=`` argument of any loader;
2. the environment variable ``AICOLLAB_DATA_DIR``;
3. the datasets installed with the package (``aicollab.datasets``: in a checkout that is the
   repository's ``datasets/`` folder; in an installed wheel, a copy inside the package).

Every file is checked against its Table Schema in ``datasets/datapackage.json`` (types,
required values, enums, minimum/maximum, patterns, unique keys) by a small, fast checker in
this module, after the kit's input boundary (:mod:`aicollab.inputs`, format ``csv``: at most
5 MB, UTF-8 with or without a byte-order mark, no NUL). A number cell is plain ASCII digits
with an optional sign, point and exponent (``4_3``, ``٤٣`` or ``" 43 "`` are refused, although
Python's ``float`` accepts them); a text cell follows the free-text rule (no control or
bidirectional-control characters). ``datapackage.json`` itself passes the JSON pre-scan and a
structural check, and no resource path may leave the data folder. A file that breaks any of
this raises :class:`DataFileError`, whose message names the file, the line and the problem in
plain words. ``validate_package()`` runs the full
Frictionless validator instead (slower; used by the tests and by CI).

Survey percentages are printed without a per-question denominator. ``base_n`` is the group
total (5,142 clinicians, 120 researchers), so ``approx_count`` and the Wilson intervals from
:func:`with_intervals` are approximations that assume everyone in the group answered.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

import aicollab.inputs as inputs
from aicollab.inputs import InputError

__all__ = [
    "DataFileError",
    "ENV_VAR",
    "data_dir",
    "load_survey",
    "load_text_figures",
    "load_metadata",
    "load_discrepancies",
    "load_comparable",
    "load_stakeholders",
    "load_alami_themes",
    "load_cocreation",
    "load_frameworks",
    "load_resource",
    "survey_section",
    "list_topics",
    "side_by_side",
    "wilson_interval",
    "with_intervals",
    "bib_keys",
    "semantic_problems",
    "check_semantics",
    "validate_package",
    "SUM_TOLERANCE",
]

ENV_VAR = "AICOLLAB_DATA_DIR"
PACKAGE_FILE = "datapackage.json"
SUM_TOLERANCE = 1.5  # percentage points a single-choice section may miss 100 by (rounding)


class DataFileError(InputError):
    """A data file is missing, malformed or breaks its schema (an :class:`~aicollab.inputs.InputError`).

    Attributes: ``file`` (path), ``line`` (1-based line in the file, header = line 1, or
    None), ``column`` (or None) and ``problem`` (plain-words description).
    """

    def __init__(self, file, problem, line=None, column=None):
        self.column = column
        super().__init__(problem, file=str(file), line=line, field=f"column '{column}'" if column is not None else None)

    def __reduce__(self):
        return (type(self), (self.file, self.problem, self.line, self.column))


#: An ASCII number as JSON writes it (Python's int() and float() also take "4_3", "٤٣", " 43 ").
_INTEGER = re.compile(r"-?[0-9]{1,20}", re.ASCII)
_NUMBER = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?", re.ASCII)


# --------------------------------------------------------------------------- locating files
def data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the directory the loaders read from (argument > $AICOLLAB_DATA_DIR > the installed datasets)."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return installed_datasets()


def installed_datasets() -> Path:
    """The folder of datasets that ships with the package (``aicollab.datasets``).

    In a checkout (an editable install) it is the repository's ``datasets/``; in a wheel it is
    a copy inside the installed package, so lessons run with no checkout beside them.
    """
    from importlib.resources import files

    return Path(str(files("aicollab.datasets")))


_PACKAGE_CACHE: dict = {}
_FRAME_CACHE: dict = {}


def _stamp(path: Path):
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


def _package(directory: Path) -> dict:
    """Parsed datapackage.json, cached per file version. Falls back to the repository's copy
    when a directory holds CSVs but no datapackage.json of its own (e.g. a test copy)."""
    path = directory / PACKAGE_FILE
    if not path.exists():
        fallback = installed_datasets() / PACKAGE_FILE
        if not fallback.exists():
            raise DataFileError(path, f"schema file not found; looked in {directory} (set {ENV_VAR} or pass data_dir=)")
        path = fallback
    key = _stamp(path)
    if key not in _PACKAGE_CACHE:
        try:
            pkg, _ = inputs.read_json(path, "datapackage", file=path)
        except InputError as error:
            raise DataFileError(path, error.problem, error.line) from None
        _PACKAGE_CACHE[key] = _resources(pkg, path)
    return _PACKAGE_CACHE[key]


def _resources(pkg, path: Path) -> dict:
    """``{name: resource}`` of a parsed datapackage.json, after checking the shape the loaders use."""
    resources = pkg.get("resources") if isinstance(pkg, dict) else None
    if not isinstance(resources, list):
        raise DataFileError(path, 'not a data package: expected an object with a "resources" list')
    out = {}
    for i, r in enumerate(resources):
        where = f"resources[{i}]"
        if not (isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)):
            raise DataFileError(path, f"{where} needs a text name and a text path")
        fields = r.get("schema", {}).get("fields") if isinstance(r.get("schema"), dict) else None
        if not isinstance(fields, list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
        ):
            raise DataFileError(
                path, f"{where} ({inputs.excerpt(r['name'])}) needs a schema with a list of named fields"
            )
        for f in fields:
            cons = f.get("constraints", {})
            if not isinstance(cons, dict):
                raise DataFileError(
                    path, f"{where}: the constraints of field {inputs.excerpt(f['name'])} are not an object"
                )
            if "pattern" in cons:
                try:
                    re.compile(cons["pattern"])
                except (re.error, TypeError):
                    raise DataFileError(
                        path, f"{where}: the pattern of field {inputs.excerpt(f['name'])} is not a valid pattern"
                    ) from None
        out[r["name"]] = r
    return out


def _inside(directory: Path, relative: str, package: Path) -> Path:
    """``directory / relative``, refused when the path would leave the data folder."""
    target = directory / relative
    if Path(relative).is_absolute() or not target.resolve().is_relative_to(directory.resolve()):
        raise DataFileError(package, f"the resource path {inputs.excerpt(relative)} leads outside the data folder")
    return target


# --------------------------------------------------------------------------- fast checker
_MAX_CELL = inputs.format_rules("csv")["max_cell_chars"]


def _fmt(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def _parse_cell(raw: str, field: dict, file, line):
    name, ftype = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    if raw == "":
        if cons.get("required"):
            raise DataFileError(file, "a value is required but the cell is empty", line, name)
        return None
    shown = inputs.excerpt(raw)
    if ftype == "integer":
        if not _INTEGER.fullmatch(raw):
            raise DataFileError(file, f"{shown} is not a whole number (digits only, e.g. 43)", line, name)
        value = int(raw)
    elif ftype == "number":
        if not _NUMBER.fullmatch(raw):
            raise DataFileError(file, f"{shown} is not a number (digits with a point, e.g. 43.5)", line, name)
        value = float(raw)
        if not math.isfinite(value):
            raise DataFileError(file, f"{shown} is not a finite number", line, name)
    else:
        try:
            value = inputs.check_text(raw, "the text", kind="free", max_chars=_MAX_CELL)
        except InputError as error:
            raise DataFileError(file, error.problem, line, name) from None
    if "enum" in cons and value not in cons["enum"]:
        allowed = inputs.bounded(", ".join(_fmt(v) for v in cons["enum"]), 200)
        raise DataFileError(file, f"{shown} is not an allowed value (allowed: {allowed})", line, name)
    if "minimum" in cons and value < cons["minimum"]:
        raise DataFileError(file, f"{shown} is below the minimum {_fmt(cons['minimum'])}", line, name)
    if "maximum" in cons and value > cons["maximum"]:
        raise DataFileError(file, f"{shown} is above the maximum {_fmt(cons['maximum'])}", line, name)
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        raise DataFileError(file, f"{shown} does not have the expected form ({cons['pattern']})", line, name)
    return value


def _read_checked(path: Path, resource: dict) -> pd.DataFrame:
    if not path.exists():
        raise DataFileError(path, f"file not found; looked in {path.parent} (set {ENV_VAR} or pass data_dir=)")
    try:
        text = inputs.decode_bytes(inputs.read_bytes(path, "csv"), "csv", path)
    except InputError as error:
        raise DataFileError(path, error.problem, error.line) from None
    if not text.strip():
        raise DataFileError(path, "the file is empty (expected a header row and data rows)", 1)
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataFileError(path, f"the header row cannot be read as CSV ({exc})", 1) from None
    missing = [n for n in names if n not in header]
    if missing:
        raise DataFileError(path, "missing column(s): " + ", ".join(missing), 1)
    extra = [h for h in header if h not in names]
    if extra:
        raise DataFileError(path, "unexpected column(s) not in the schema: " + ", ".join(extra), 1)
    if len(set(header)) != len(header):
        raise DataFileError(path, "a column name appears twice in the header", 1)
    order = [header.index(n) for n in names]
    columns = {n: [] for n in names}
    unique = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    unique += [k for k in resource["schema"].get("primaryKey", []) if k not in unique]
    seen = {n: {} for n in unique}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                hint = " (the file may be truncated)" if len(row) < len(header) else ""
                raise DataFileError(path, f"expected {len(header)} fields but found {len(row)}{hint}", line)
            for n, i, f in zip(names, order, fields):
                value = _parse_cell(row[i], f, path, line)
                if n in seen and value is not None:
                    if value in seen[n]:
                        raise DataFileError(
                            path, f"duplicate value '{value}' (first on line {seen[n][value]})", line, n
                        )
                    seen[n][value] = line
                columns[n].append(value)
    except csv.Error as exc:
        raise DataFileError(path, f"malformed CSV ({exc}); the file may be truncated", reader.line_num) from None
    if not columns[names[0]]:
        raise DataFileError(path, "the file has a header but no data rows", 2)
    data = {}
    for f in fields:
        vals, ftype = columns[f["name"]], f.get("type", "string")
        has_na = any(v is None for v in vals)
        if ftype == "integer":
            data[f["name"]] = pd.array(vals, dtype="Int64") if has_na else np.array(vals, dtype="int64")
        elif ftype == "number":
            data[f["name"]] = np.array([np.nan if v is None else v for v in vals], dtype="float64")
        else:
            data[f["name"]] = pd.array(vals, dtype="str")
    return pd.DataFrame(data)


def load_resource(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load any resource of datapackage.json by name, checked against its schema."""
    directory = globals()["data_dir"](data_dir)
    resources = _package(directory)
    if name not in resources:
        raise KeyError(f"no resource '{name}' in {PACKAGE_FILE}; known: {', '.join(resources)}")
    path = _inside(directory, resources[name]["path"], directory / PACKAGE_FILE)
    try:
        key = (name,) + _stamp(path)
    except FileNotFoundError:
        raise DataFileError(path, f"file not found; looked in {directory} (set {ENV_VAR} or pass data_dir=)") from None
    if key not in _FRAME_CACHE:
        _FRAME_CACHE[key] = _read_checked(path, resources[name])
    return _FRAME_CACHE[key].copy()


# --------------------------------------------------------------------------- loaders
def load_survey(data_dir=None) -> pd.DataFrame:
    """All 161 rows of Tables 1-10 of Ye et al. (2026), in table order.

    Columns: row_id, table, table_caption, group, section_no, section_id, section, item_no, item,
    item_as_printed, percent, percent_as_printed, response_type, section_sum, base_n,
    approx_count, note, source.
    """
    return load_resource("survey_tables", data_dir)


def load_text_figures(data_dir=None) -> pd.DataFrame:
    """Figures printed only in the text. Columns: fig_id, topic_id, group, where, item, value,
    unit, base_n (Int64, NA for unsized subgroups), scope, note, source."""
    return load_resource("survey_text_figures", data_dir)


def load_metadata(data_dir=None) -> pd.DataFrame:
    """Study facts as printed in each place. Columns: meta_id, key, value, unit, group, where, source, note."""
    return load_resource("study_metadata", data_dir)


def load_discrepancies(data_dir=None) -> pd.DataFrame:
    """Discrepancy register. Columns: id, table (Int64), where, kind, table_says, text_says,
    note, row_ids (';'-separated survey row_ids), source."""
    return load_resource("discrepancy_register", data_dir)


def load_comparable(data_dir=None) -> pd.DataFrame:
    """Clinician/researcher question mapping. Columns: comparison_id, level, topic, topic_label,
    pair_label, clinician_file, clinician_ref, researcher_file, researcher_ref, comparability, note, source."""
    return load_resource("comparable_questions", data_dir)


def load_stakeholders(data_dir=None) -> pd.DataFrame:
    """Laï et al. 2020. Columns: entry_id, kind, actor_group, interviewed, paraphrase, evidence_level, note, source."""
    return load_resource("stakeholder_positions", data_dir)


def load_alami_themes(data_dir=None) -> pd.DataFrame:
    """Alami et al. 2025. Columns: entry_id, kind, theme_no (Int64), label, paraphrase, evidence_level,
    subthemes_available, quotes_available, note, source."""
    return load_resource("alami_themes", data_dir)


def load_cocreation(data_dir=None) -> pd.DataFrame:
    """Grootjans et al. 2025. Columns: entry_id, kind, label, source_statement, kit_gloss,
    gloss_status, evidence_level, note, source."""
    return load_resource("cocreation_dimensions", data_dir)


def load_frameworks(data_dir=None) -> pd.DataFrame:
    """Value-sharing frameworks. Columns: item_id, framework, year (Int64), kind, item, paraphrase,
    value_percent, url, source, evidence."""
    return load_resource("value_sharing_frameworks", data_dir)


# --------------------------------------------------------------------------- helpers
def survey_section(table: int, section_id: str, data_dir=None) -> pd.DataFrame:
    """Rows of one survey section, in printed order. ``section_id`` may omit the ``tN_`` prefix."""
    survey = load_survey(data_dir)
    sid = section_id if section_id.startswith(f"t{int(table)}_") else f"t{int(table)}_{section_id}"
    out = survey[(survey["table"] == int(table)) & (survey["section_id"] == sid)]
    if out.empty:
        valid = survey.loc[survey["table"] == int(table), "section_id"].unique().tolist()
        raise KeyError(
            f"no section '{section_id}' in Table {table}; valid ids: {', '.join(valid) or 'none (tables are 1-10)'}"
        )
    return out.reset_index(drop=True)


def list_topics(data_dir=None) -> pd.DataFrame:
    """Topics available to :func:`side_by_side` (section-level rows of comparable_questions)."""
    comp = load_comparable(data_dir)
    cols = ["topic", "topic_label", "clinician_ref", "researcher_ref", "comparability", "note"]
    return comp.loc[comp["level"] == "section", cols].reset_index(drop=True)


def _lookup(file: str, ref: str, survey: pd.DataFrame, text: pd.DataFrame) -> dict:
    if file == "survey":
        r = survey.loc[survey["row_id"] == ref].iloc[0]
        return dict(
            table=int(r["table"]),
            section_id=r["section_id"],
            section=r["section"],
            row_id=ref,
            item=r["item"],
            percent=float(r["percent"]),
            base_n=int(r["base_n"]),
            response_type=r["response_type"],
            origin="table",
        )
    r = text.loc[text["fig_id"] == ref].iloc[0]
    return dict(
        table=pd.NA,
        section_id=r["topic_id"],
        section=r["where"],
        row_id=ref,
        item=r["item"],
        percent=float(r["value"]),
        base_n=r["base_n"],
        response_type="unknown",
        origin="text",
    )


def side_by_side(topic: str, matched_only: bool = True, data_dir=None) -> pd.DataFrame:
    """Clinician and researcher answers to a shared question, in long format (one row per group
    and matched pair). With ``matched_only=False`` the unmatched options of both sections are
    appended with ``comparison_id``/``pair_label`` missing.

    Columns: topic, comparison_id, pair_label, comparability, group, table (Int64; NA for
    text-only figures), section_id, section, row_id, item, percent, base_n (Int64), response_type,
    origin ('table' or 'text').
    """
    comp = load_comparable(data_dir)
    if topic not in set(comp["topic"]):
        raise KeyError(f"unknown topic '{topic}'; known: {', '.join(comp['topic'].unique())}")
    survey, text = load_survey(data_dir), load_text_figures(data_dir)
    sub = comp[comp["topic"] == topic]
    head = sub[sub["level"] == "section"].iloc[0]
    rows, used = [], {"clinicians": set(), "researchers": set()}
    for _, pair in sub[sub["level"] == "item"].iterrows():
        for group, f, ref in (
            ("clinicians", pair["clinician_file"], pair["clinician_ref"]),
            ("researchers", pair["researcher_file"], pair["researcher_ref"]),
        ):
            rows.append(
                dict(
                    topic=topic,
                    comparison_id=pair["comparison_id"],
                    pair_label=pair["pair_label"],
                    comparability=pair["comparability"],
                    group=group,
                    **_lookup(f, ref, survey, text),
                )
            )
            used[group].add(ref)
    if not matched_only:
        for group, f, sec in (
            ("clinicians", head["clinician_file"], head["clinician_ref"]),
            ("researchers", head["researcher_file"], head["researcher_ref"]),
        ):
            ids = (
                survey.loc[survey["section_id"] == sec, "row_id"]
                if f == "survey"
                else text.loc[text["topic_id"] == sec, "fig_id"]
            )
            for ref in ids:
                if ref not in used[group]:
                    info = _lookup(f, ref, survey, text)
                    if not (isinstance(info["percent"], float) and math.isnan(info["percent"])):
                        rows.append(
                            dict(
                                topic=topic,
                                comparison_id=pd.NA,
                                pair_label=pd.NA,
                                comparability=pd.NA,
                                group=group,
                                **info,
                            )
                        )
    out = pd.DataFrame(rows)
    out["table"] = out["table"].astype("Int64")
    out["base_n"] = out["base_n"].astype("Int64")
    out["percent"] = out["percent"].astype("float64")
    for c in (
        "topic",
        "comparison_id",
        "pair_label",
        "comparability",
        "group",
        "section_id",
        "section",
        "row_id",
        "item",
        "response_type",
        "origin",
    ):
        out[c] = out[c].astype("str") if out[c].notna().all() else out[c].astype("object")
    return out


# --------------------------------------------------------------------------- intervals
def _as_float_array(x, what):
    try:
        arr = (
            np.asarray(x, dtype="float64")
            if not isinstance(x, pd.Series)
            else x.to_numpy(dtype="float64", na_value=np.nan)
        )
    except (OverflowError, TypeError, ValueError):
        raise ValueError(f"{what} must be numbers of a sensible size, got {inputs.excerpt(x)}") from None
    if np.isnan(arr).any():
        raise ValueError(f"{what} contains a missing value (NaN); drop or fill it before computing intervals")
    return arr


def wilson_interval(percent, n, z: float = 1.96):
    """Wilson score interval for a percentage observed in ``n`` respondents, in percent.

    Works on scalars, NumPy arrays and pandas Series (broadcasting like NumPy); returns a
    ``(low, high)`` tuple of the same kind (Series keep the index of ``percent``).
    Raises ValueError for n < 1, percent outside 0-100, NaN, or z outside (0, 10].

    >>> [round(v, 2) for v in wilson_interval(50, 100)]
    [40.38, 59.62]
    """
    p = _as_float_array(percent, "percent")
    nn = _as_float_array(n, "n")
    try:
        z_ok = isinstance(z, (int, float)) and not isinstance(z, bool) and 0 < inputs.finite_number(z, "z") <= 10
    except InputError:
        z_ok = False
    if not z_ok:
        raise ValueError(f"z must be a positive number of at most 10 (1.96 for 95%), got {inputs.excerpt(z)}")
    bad_n = (nn < 1) | ~np.isfinite(nn)
    if bad_n.any():
        raise ValueError(f"n must be a number of respondents (1 or more), got {inputs.number_text(nn[bad_n][0])}")
    if ((p < 0) | (p > 100)).any():
        bad = p[(p < 0) | (p > 100)][0]
        raise ValueError(f"percent must be between 0 and 100, got {bad:g}")
    ph = p / 100.0
    z2 = z * z
    denom = 1.0 + z2 / nn
    centre = (ph + z2 / (2 * nn)) / denom
    half = z * np.sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denom
    low = np.clip(centre - half, 0.0, 1.0) * 100
    high = np.clip(centre + half, 0.0, 1.0) * 100
    low = np.where(ph == 0, 0.0, low)
    high = np.where(ph == 1, 100.0, high)
    if isinstance(percent, pd.Series):
        return pd.Series(low, index=percent.index, name="ci_low"), pd.Series(high, index=percent.index, name="ci_high")
    if np.ndim(percent) == 0 and np.ndim(n) == 0:
        return float(low), float(high)
    return low, high


def with_intervals(
    df: pd.DataFrame, percent_col: str = "percent", n_col: str = "base_n", z: float = 1.96
) -> pd.DataFrame:
    """Copy of ``df`` with Wilson interval columns ``ci_low`` and ``ci_high`` (percent).

    Rows with a missing percent or n (or, when a ``unit`` column exists, a unit other than
    'percent') get NaN; invalid values raise ValueError.
    Uses ``base_n`` (the group total) by default, so intervals are approximate: the paper does
    not print how many people answered each question.
    """
    for c in (percent_col, n_col):
        if c not in df.columns:
            raise KeyError(f"column '{c}' not found; columns are: {', '.join(map(str, df.columns))}")
    out = df.copy()
    p = pd.to_numeric(out[percent_col], errors="raise").astype("float64")
    n = pd.to_numeric(out[n_col], errors="raise").astype("float64")
    ok = p.notna() & n.notna()
    if "unit" in out.columns:  # survey_text_figures: intervals only make sense for percentages
        ok &= out["unit"].astype("object").eq("percent")
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    if ok.any():
        low, high = wilson_interval(p[ok], n[ok], z=z)
        out.loc[ok, "ci_low"] = low.to_numpy()
        out.loc[ok, "ci_high"] = high.to_numpy()
    return out


# --------------------------------------------------------------------------- semantic checks
def bib_keys(bib_path: str | os.PathLike | None = None) -> set[str]:
    """Entry keys in book/references.bib (default: the checkout's; an installed wheel has no book)."""
    path = Path(bib_path) if bib_path else Path(__file__).resolve().parents[2] / "book" / "references.bib"
    if not path.exists():
        raise DataFileError(path, "bibliography not found")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8")))


RESOURCE_NAMES = [
    "survey_tables",
    "survey_text_figures",
    "study_metadata",
    "discrepancy_register",
    "comparable_questions",
    "stakeholder_positions",
    "alami_themes",
    "cocreation_dimensions",
    "value_sharing_frameworks",
]


def semantic_problems(data_dir=None, bib_path=None, tolerance: float = SUM_TOLERANCE) -> list[str]:
    """Cross-file checks; returns a list of plain-words problems (empty when all is well).

    - percentages lie within 0-100 (survey, percent-unit text figures, frameworks);
    - every single-choice section sums to 100 within ``tolerance`` or is referenced by a
      discrepancy-register row of kind 'sum';
    - every ``source`` key exists in references.bib;
    - every row_id in the discrepancy register exists in the survey;
    - every reference in comparable_questions exists.
    """
    frames = {name: load_resource(name, data_dir) for name in RESOURCE_NAMES}
    survey, text = frames["survey_tables"], frames["survey_text_figures"]
    reg, comp = frames["discrepancy_register"], frames["comparable_questions"]
    problems = []
    bad = survey[(survey["percent"] < 0) | (survey["percent"] > 100)]
    problems += [f"survey_tables: {r.row_id} has percent {r.percent:g} outside 0-100" for r in bad.itertuples()]
    tp = text[(text["unit"] == "percent") & ((text["value"] < 0) | (text["value"] > 100))]
    problems += [f"survey_text_figures: {r.fig_id} has percent {r.value:g} outside 0-100" for r in tp.itertuples()]
    registered = set()  # survey rows covered by a register row of kind 'sum'
    for ids in reg.loc[reg["kind"] == "sum", "row_ids"].dropna():
        registered.update(ids.split(";"))
    sid_of = dict(zip(survey["row_id"], survey["section_id"]))
    registered_sections = {sid_of[r] for r in registered if r in sid_of}
    single = survey[survey["response_type"] == "single"]
    for sid, g in single.groupby("section_id", sort=False):
        total = g["percent"].sum()
        if abs(total - 100) > tolerance and sid not in registered_sections:
            problems.append(
                f"survey_tables: single-choice section {sid} sums to {total:g}, not 100 within "
                f"±{tolerance:g}, and no discrepancy-register row of kind 'sum' references it"
            )
    for sid, g in survey.groupby("section_id", sort=False):
        if abs(g["percent"].sum() - g["section_sum"].iloc[0]) > 1e-6:
            problems.append(f"survey_tables: section_sum of {sid} does not equal the sum of its percentages")
    keys = bib_keys(bib_path)
    for name, df in frames.items():
        for i, src in enumerate(df["source"], start=2):
            for k in src.split(";"):
                if k not in keys:
                    problems.append(f"{name}: line {i} cites '{k}', which is not in references.bib")
    for r in reg.itertuples():
        if isinstance(r.row_ids, str):
            for rid in r.row_ids.split(";"):
                if rid not in sid_of:
                    problems.append(f"discrepancy_register: {r.id} refers to unknown survey row '{rid}'")
    valid = {
        "survey": set(survey["row_id"]) | set(survey["section_id"]),
        "text_figures": set(text["fig_id"]) | set(text["topic_id"]),
    }
    for r in comp.itertuples():
        for f, ref in ((r.clinician_file, r.clinician_ref), (r.researcher_file, r.researcher_ref)):
            if ref not in valid[f]:
                problems.append(f"comparable_questions: {r.comparison_id} refers to unknown {f} id '{ref}'")
    return problems


def check_semantics(data_dir=None, bib_path=None) -> None:
    """Raise DataFileError (with the count and the first three) if there is any semantic problem."""
    problems = semantic_problems(data_dir, bib_path)
    if problems:
        first = "\n  ".join(inputs.bounded(p, 100) for p in problems[:3])
        raise DataFileError(
            globals()["data_dir"](data_dir),
            f"semantic checks failed ({len(problems)}; semantic_problems() lists them all):\n  {first}",
        )


def validate_package(data_dir=None):
    """Validate datapackage.json and every CSV with Frictionless; returns the report.

    Raises DataFileError naming the first failing file, row and problem. Slower than the
    built-in checker (a few seconds); meant for tests and CI.
    """
    from frictionless import Package, system  # imported lazily: slow to import

    directory = globals()["data_dir"](data_dir)
    path = directory / PACKAGE_FILE
    if not path.exists():
        raise DataFileError(path, f"file not found; looked in {directory}")
    with system.use_context(trusted=True):
        report = Package(str(path)).validate()
    if not report.valid:
        for task in report.tasks:
            for err in task.errors:
                raise DataFileError(
                    directory / (task.name + ".csv"),
                    err.message,
                    getattr(err, "row_number", None),
                    getattr(err, "field_name", None),
                )
        raise DataFileError(path, "; ".join(e.message for e in report.errors) or "invalid package")
    return report
