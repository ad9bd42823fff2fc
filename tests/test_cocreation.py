"""Tests for aicollab.lessons.cocreation: rating checks, profiles, invented journeys and the chart."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from aicollab.lessons import cocreation as cc
from aicollab.lessons.cocreation import (
    DIMENSIONS,
    SCALE,
    band,
    cocreation_chart,
    dimensions,
    journeys,
    profile,
    rating,
    readings_table,
)

from spec_helpers import walk


# --------------------------------------------------------------------------- rating()
@pytest.mark.parametrize(
    "value, expected",
    [
        (0, 0),
        (4, 4),
        (2.0, 2),
        (np.int64(3), 3),
        (np.float64(1.0), 1),
        ("3", 3),
        (" 2 ", 2),
        ("none", 0),
        ("Low", 1),
        ("MEDIUM", 2),
        ("high", 3),
        ("very high", 4),
        ("  Very   High ", 4),
    ],
)
def test_rating_accepts_numbers_and_words(value, expected):
    assert rating(value, "resourcing") == expected
    assert isinstance(rating(value), int)


@pytest.mark.parametrize(
    "value, fragment",
    [
        (5, "outside the scale"),
        (-1, "outside the scale"),
        (math.inf, "outside the scale"),
        (2.5, "not a whole number"),
        (float("nan"), "missing (NaN)"),
        (np.nan, "missing (NaN)"),
        (None, "missing"),
        (pd.NA, "missing"),
        (True, "yes/no"),
        ("lots", "is not a rating"),
        ("", "is not a rating"),
        ("-1", "is not a rating"),
        ("2.5", "is not a rating"),
        ([3], "is not a rating"),
        ({"r": 1}, "is not a rating"),
    ],
)
def test_rating_rejects_bad_input_with_a_clear_message(value, fragment):
    with pytest.raises(ValueError) as err:
        rating(value, "adaptation")
    msg = str(err.value)
    assert fragment in msg
    assert "adaptation" in msg
    assert "whole number from 0 to 4" in msg  # always says what to type instead


def test_band_edges():
    assert [band(s) for s in range(5)] == ["low", "low", "medium", "high", "high"]
    with pytest.raises(ValueError):
        band(7)


# --------------------------------------------------------------------------- profile()
def test_profile_brief_example():
    p = profile(4, "low", 0)
    assert p.scores == {"resourcing": 4, "adaptation": 1, "reconfiguration": 0}
    assert p.levels == {"resourcing": "high", "adaptation": "low", "reconfiguration": "low"}
    assert p.headline.startswith("High resourcing, low adaptation")
    assert "neither side changed how it works" in p.headline
    assert p.position == (4, 1)
    assert p.pattern == "high resourcing, low adaptation, low reconfiguration"
    assert p.nearest_journey == "Journey A"
    assert p.reading.startswith(p.headline)
    assert p.question in p.reading
    assert repr(p) == "Profile(resourcing=4, adaptation=1, reconfiguration=0)"


def test_profile_names_the_bad_dimension():
    with pytest.raises(ValueError, match="reconfiguration"):
        profile(1, 2, "a lot")
    with pytest.raises(ValueError, match="resourcing"):
        profile(float("nan"), 2, 2)
    with pytest.raises(ValueError, match="adaptation"):
        profile(1, 9, 2)


@pytest.mark.parametrize(
    "scores, start",
    [
        ((4, 4, 4), "High on all three"),
        ((3, 4, 3), "High on all three"),
        ((0, 0, 0), "Low on all three"),
        ((2, 2, 2), "A middle course"),
        ((0, 4, 1), "Low resourcing, high adaptation"),
        ((1, 2, 4), "High reconfiguration, little else"),
        ((4, 3, 0), "Well resourced and mutually adjusted"),
        ((2, 4, 0), "A mixed profile: medium resourcing, high adaptation, low reconfiguration."),
    ],
)
def test_headlines(scores, start):
    assert profile(*scores).headline.startswith(start)


def test_question_targets_weakest_dimension():
    assert "commit" in profile(0, 4, 4).question  # resourcing weakest
    assert "change in its product" in profile(4, 0, 4).question  # adaptation weakest
    assert "roles, goals or scope" in profile(4, 4, 0).question  # reconfiguration weakest
    assert "credited" in profile(4, 4, 4).question  # all high
    # ties go to the earlier dimension
    assert "commit" in profile(1, 1, 1).question


def test_profile_frame_and_str():
    p = profile("medium", 3, "none")
    f = p.to_frame()
    assert list(f.columns) == ["dimension", "score", "word", "level"]
    assert list(f["dimension"]) == list(DIMENSIONS)
    assert list(f["score"]) == [2, 3, 0]
    assert list(f["word"]) == ["medium", "high", "none"]
    text = str(p)
    assert "Illustrative reading (the kit's, not the study's)" in text
    assert "Closest invented journey" in text


def test_profile_is_deterministic():
    assert profile(1, 2, 3) == profile("low", "medium", "high")


# --------------------------------------------------------------------------- journeys and glosses
def test_journeys_are_labelled_invented():
    j = journeys()
    assert list(j["journey"]) == ["Journey A", "Journey B", "Journey C"]
    assert (j["label"] == "Illustrative scenario: invented").all()
    assert j.loc[0, "headline"].startswith("High resourcing, low adaptation")
    for d in DIMENSIONS:
        assert j[d].between(0, 4).all()
    # each journey is its own nearest journey
    for r in j.itertuples():
        assert profile(r.resourcing, r.adaptation, r.reconfiguration).nearest_journey == r.journey


def test_dimensions_are_kit_glosses():
    d = dimensions()
    assert list(d["dimension"]) == list(DIMENSIONS)
    assert (d["gloss_status"] == "kit_gloss").all()
    assert d["kit_gloss"].str.len().gt(20).all()
    assert (d["source"] == "grootjans2025cocreate").all()


# --------------------------------------------------------------------------- readings table
def test_readings_table_covers_every_rating_and_matches_profile():
    t = readings_table()
    assert len(t) == 125
    assert not t.duplicated(["resourcing", "adaptation", "reconfiguration"]).any()
    for r in t.sample(20, random_state=0).itertuples():
        p = profile(r.resourcing, r.adaptation, r.reconfiguration)
        assert r.reading == p.reading
        assert r.nearest_journey == p.nearest_journey
        assert r.text.replace("\n", " ").startswith("Illustrative reading (the kit's, not the study's): " + p.headline)


# --------------------------------------------------------------------------- chart


def test_chart_has_three_bound_sliders_with_labels():
    spec = cocreation_chart(4, "low", 0).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert list(params) == list(DIMENSIONS)
    assert [params[d]["value"] for d in DIMENSIONS] == [4, 1, 0]
    for d in DIMENSIONS:
        bind = params[d]["bind"]
        assert bind["input"] == "range" and bind["min"] == 0 and bind["max"] == 4 and bind["step"] == 1
        assert d.capitalize() in bind["name"]
    assert spec["title"]["text"] and "illustrative" in spec["title"]["subtitle"].lower()
    assert "Starting ratings: resourcing 4, adaptation 1, reconfiguration 0" in spec["description"]


def test_chart_embeds_every_reading_and_the_journeys():
    spec = cocreation_chart().to_dict()
    blob = json.dumps(spec)
    assert blob.count("Illustrative reading (the kit") >= 125
    for name in ("Journey A", "Journey B", "Journey C"):
        assert name in blob
    filters = [n["filter"] for n in walk(spec) if isinstance(n.get("filter"), str)]
    assert any("datum.resourcing == resourcing" in f for f in filters)
    assert "Tailored on a shoestring" in blob
    no_j = json.dumps(cocreation_chart(show_journeys=False).to_dict())
    assert "Tailored on a shoestring" not in no_j


def test_chart_colours_are_okabe_ito():
    from aicollab.display.charts import OKABE_ITO

    assert set(cc.DIMENSION_COLOURS.values()) <= set(OKABE_ITO)


def test_chart_rejects_bad_start_and_missing_text():
    with pytest.raises(ValueError, match="adaptation"):
        cocreation_chart(2, "huge", 2)
    with pytest.raises(ValueError, match="description"):
        cocreation_chart(description=" ")
    with pytest.raises(ValueError, match="title"):
        cocreation_chart(title="")


def test_chart_renders_with_vega():
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(cocreation_chart(3, 3, 4).to_dict())
    assert "<svg" in svg
    # the reading for (3, 3, 4) is drawn
    assert "High on all three" in svg


def test_scale_words_round_trip():
    for value, word in SCALE.items():
        assert rating(word) == value


def test_exercises_use_the_lessons_journeys_and_never_add_the_ratings():
    """Issue 12: the exercises reuse the lesson's journeys (names, scale, ratings) and read them per dimension."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "solutions" / "05_co_creation_journeys_exercises.ipynb").read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "lesson_journeys()" in code
    assert "pd.DataFrame(" not in code  # no second, hand-typed set of journeys
    assert ".sum(axis=1)" not in code and "totals" not in code
