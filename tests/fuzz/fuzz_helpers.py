"""Shared pieces of the fuzzers (issue 17): example counts, the invariant (see conftest.py for the
Hypothesis profile).

The fuzzers run in the ordinary test command with fixed seeds (``derandomize``), so a failure
is reproducible like any other test. For a longer, randomised run:

    .venv/bin/python -m pytest tests/fuzz --hypothesis-profile=fuzz-long -p no:cacheprovider

(ten times the examples, a new seed each run; Hypothesis prints the failing example and the
``@reproduce_failure`` line to paste.)
"""

from __future__ import annotations

import json
import re
import traceback
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings

import aicollab

PACKAGE = Path(aicollab.__file__).resolve().parent


def fuzz_settings(examples: int) -> settings:
    """``examples`` per run (times ten under the fuzz-long profile, which also draws a new seed)."""
    scale = max(1, settings.default.max_examples // 100)
    return settings(
        max_examples=examples * scale,
        deadline=None,
        database=None,
        derandomize=scale == 1,
        suppress_health_check=list(HealthCheck),
    )


def raised_by_the_kit(error: BaseException) -> bool:
    """A refusal the issue allows: a ValueError raised by the kit's own code, in plain words.

    Not: a UnicodeError or JSONDecodeError (ValueErrors Python raises on our behalf), Python's
    int-limit or "cannot convert" messages, or a message over 1,000 characters.
    """
    if not isinstance(error, ValueError) or isinstance(error, (UnicodeError, json.JSONDecodeError)):
        return False
    text = str(error)
    if len(text) > 1000 or re.search(r"Exceeds the limit|cannot convert|codec can't|surrogates not allowed", text):
        return False
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE)


def refusal_or_result(call):
    """Run ``call``: return its result, or None when the kit refused it in words; anything else fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow warning is a silently wrong number
        try:
            return call()
        except ValueError as error:
            if raised_by_the_kit(error):
                return None
            raise AssertionError(f"not a plain refusal: {type(error).__name__}: {str(error)[:300]}") from error


def assert_finite(result, what: str) -> None:
    """No NaN or infinity in any number of a result."""
    if isinstance(result, pd.Series):
        result = result.to_frame()
    if isinstance(result, pd.DataFrame):
        numbers = result.select_dtypes(include=[np.number]).to_numpy(dtype=float)
    else:
        numbers = np.asarray(result, dtype=float)
    assert np.isfinite(numbers).all(), f"non-finite number in {what}: {result}"


def scratch_dir(tmp_path_factory, name: str) -> Path:
    return Path(tmp_path_factory.mktemp(name, numbered=True))
