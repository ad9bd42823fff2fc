"""Fuzzing the data loaders (issue 17): the real survey file with one hostile cell, cut short or re-encoded.

Invariant: load_survey() returns a frame with finite percentages, or raises DataFileError naming
the file in plain, bounded words.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fuzz_helpers import assert_finite, fuzz_settings, raised_by_the_kit
from fuzz_strategies import csv_mutations
from hypothesis import given

from aicollab import data

REPO = Path(__file__).resolve().parents[2]
SURVEY = (REPO / "datasets" / "survey_tables.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz-data") / "datasets"
    shutil.copytree(REPO / "datasets", target)
    return target


@fuzz_settings(200)
@given(blob=csv_mutations(SURVEY))
def test_a_hostile_cell_gives_a_frame_or_a_datafileerror(folder, blob):
    (folder / "survey_tables.csv").write_bytes(blob)
    try:
        frame = data.load_survey(folder)
    except data.DataFileError as error:
        assert raised_by_the_kit(error) and "survey_tables.csv" in str(error)
        return
    assert_finite(frame[["percent"]], "percent")
