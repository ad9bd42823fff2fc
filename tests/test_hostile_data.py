"""Hostile and careless data files (issue 17: defect 9; new N3, N4, N5, N6).

Each test failed on `main` before the fix with the error named in its docstring (reproductions
from /work/scratch/hostile/test_defects.py and test_new_defects.py). A data file that is not
what the kit expects raises DataFileError naming the file, the line and the problem.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aicollab import data as D
from aicollab.data import DataFileError
from aicollab.inputs import InputError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", target)
    return target


def load_error(folder: Path) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        D.load_survey(folder)
    return info.value


# ---------------------------------------------------------------------------- defect 9: encodings


@pytest.mark.parametrize(
    "encoding, problem",
    [
        ("cp1252", "not UTF-8 text (byte 0x96); open it and save it as UTF-8"),
        ("latin-1", "not UTF-8 text (byte 0x3f); open it and save it as UTF-8"),
        ("utf-16", 'UTF-16 text ("Unicode"); open it and save it as UTF-8'),
    ],
)
def test_csv_in_another_encoding_raises_datafileerror(data_copy, encoding, problem):
    """Was a bare UnicodeDecodeError ('utf-8' codec can't decode byte 0x96 in position 18699)."""
    csv = data_copy / "survey_tables.csv"
    text = csv.read_text(encoding="utf-8")
    if encoding == "latin-1":
        text = text.replace("t01s1i01,", "t01s1i01\u2013?,", 1)  # a dash Latin-1 cannot hold: written as "?"
        csv.write_bytes(text.encode("latin-1", errors="replace").replace(b"?,", b"\xe9?,", 1))
        problem = "not UTF-8 text (byte 0xe9); open it and save it as UTF-8"
    else:
        csv.write_bytes(text.encode(encoding, errors="replace"))
    error = load_error(data_copy)
    assert isinstance(error, InputError) and error.problem == problem
    assert "survey_tables.csv" in str(error)
    if encoding != "utf-16":
        assert error.line is not None and f"line {error.line}" in str(error)


def test_a_nul_byte_is_not_text(data_copy):
    csv = data_copy / "survey_tables.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Current state", b"Current\x00state", 1))
    assert load_error(data_copy).problem == "binary data, not text (it holds a NUL byte)"


def test_a_bom_is_still_fine(data_copy):
    csv = data_copy / "survey_tables.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + csv.read_bytes())
    assert len(D.load_survey(data_copy)) == 161


# ---------------------------------------------------------------------------- N6: number and text cells


def _set(folder: Path, row_id: str, old: str, new: str) -> None:
    csv = folder / "survey_tables.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith(row_id + ","))
    assert old in lines[i]
    lines[i] = lines[i].replace(old, new, 1)
    csv.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("cell", ["4_3", "\u0664\u0663", "\uff14\uff13", " 43 ", "43.", "1e400", "9" * 5000], ids=repr)
def test_number_cells_accept_only_plain_ascii_numbers(data_copy, cell):
    """Was: read as 43.0 (Python's float() takes these spellings; so does Frictionless)."""
    _set(data_copy, "t04s5i02", ",43,43%,", f",{cell},43%,")
    error = load_error(data_copy)
    assert error.column == "percent" and "not a" in error.problem
    assert len(str(error)) < 600


@pytest.mark.parametrize(
    "text, label", [("Current\x01state", "U+0001"), ("Current\u202estate", "U+202E RIGHT-TO-LEFT OVERRIDE")]
)
def test_text_cells_refuse_control_characters(data_copy, text, label):
    """Was: accepted (a right-to-left override can reorder a printed table)."""
    _set(data_copy, "t01s1i01", "Current state", text)
    error = load_error(data_copy)
    assert label in error.problem and error.line == 2


def test_ordinary_text_is_unchanged():
    survey = D.load_survey()
    assert survey["item"].str.len().gt(0).all()


# ---------------------------------------------------------------------------- N5: datapackage.json


@pytest.mark.parametrize(
    "package, problem",
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than 12 levels deep"),
        (json.dumps({"resources": [{"name": "survey_tables", "path": "survey_tables.csv"}]}), "needs a schema"),
        (json.dumps({"resources": 5}), 'expected an object with a "resources" list'),
        ("[1]", 'expected an object with a "resources" list'),
        ('{"resources": [], "resources": []}', 'the key "resources" is given twice'),
        ('{"resources": [' + "1" * 30 + "]}", "a number with 30 digits"),
    ],
    ids=["deep", "no-schema", "resources-not-a-list", "top-level-list", "duplicate-key", "huge-number"],
)
def test_broken_datapackage_raises_datafileerror(data_copy, package, problem):
    """Was RecursionError, KeyError, TypeError or AttributeError from the loaders."""
    (data_copy / "datapackage.json").write_text(package, encoding="utf-8")
    error = load_error(data_copy)
    assert "datapackage.json" in str(error) and problem in error.problem


def test_invalid_pattern_in_datapackage_raises_datafileerror(data_copy):
    """Was re.error ('missing ), unterminated subpattern')."""
    p = data_copy / "datapackage.json"
    p.write_text(p.read_text(encoding="utf-8").replace('"pattern": "', '"pattern": "(', 1), encoding="utf-8")
    assert "is not a valid pattern" in load_error(data_copy).problem


def test_resource_path_cannot_leave_the_data_folder(data_copy):
    """Was: ../outside.csv was read and returned."""
    outside = data_copy.parent / "outside.csv"
    shutil.copy(data_copy / "survey_tables.csv", outside)
    p = data_copy / "datapackage.json"
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace('"path": "survey_tables.csv"', '"path": "../outside.csv"', 1), encoding="utf-8")
    assert "leads outside the data folder" in load_error(data_copy).problem


# ---------------------------------------------------------------------------- N3, N4: Wilson intervals


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"percent": 10**400, "n": 100}, "percent must be numbers of a sensible size"),
        ({"percent": 50, "n": 10**400}, "n must be numbers of a sensible size"),
        ({"percent": 50, "n": 5e-324}, r"n must be a number of respondents \(1 or more\), got 5e-324"),
        ({"percent": 50, "n": 0.5}, "1 or more"),
        ({"percent": 50, "n": 100, "z": 1e200}, "z must be a positive number of at most 10"),
        ({"percent": 50, "n": 100, "z": True}, "z must be"),
        ({"percent": 50, "n": 100, "z": 10**400}, "z must be a positive number of at most 10"),
    ],
)
def test_wilson_interval_refuses_what_it_cannot_compute(kwargs, match):
    """Was OverflowError (10**400) or (nan, nan) (a tiny n, a huge z); z=10**400 was OverflowError
    until the fuzzer (tests/fuzz/test_fuzz_model.py) found it."""
    with pytest.raises(ValueError, match=match):
        D.wilson_interval(**kwargs)


def test_semantic_problems_are_summarised_in_a_bounded_message(data_copy, monkeypatch):
    monkeypatch.setattr(D, "semantic_problems", lambda *a, **k: [f"problem {i} " + "x" * 500 for i in range(40)])
    with pytest.raises(DataFileError) as info:
        D.check_semantics(data_copy)
    message = str(info.value)
    assert "semantic checks failed (40; semantic_problems() lists them all)" in message
    assert "problem 2" in message and "problem 3" not in message and len(message) < 600
