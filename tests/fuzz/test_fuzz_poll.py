"""Fuzzing the room poll's reader (issue 17): folders of hostile files from Hypothesis.

Invariant: collect() never raises on file content; every table can be shown in a kernel (no
lone surrogate); counted names, resources and questions pass the kit's name rule; weights are
finite and within 0-100; the room's summaries and charts build (within Altair's row limit).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from fuzz_helpers import assert_finite, fuzz_settings
from fuzz_strategies import poll_files
from hypothesis import given
from hypothesis import strategies as st

from aicollab import inputs, poll

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def kernel_safe(frame) -> None:
    """What a kernel does to a displayed table: its HTML and text must encode as UTF-8."""
    frame.to_html().encode("utf-8")
    repr(frame).encode("utf-8")


def assert_clean_name(text: str) -> None:
    assert inputs.check_text(text, "a name") == text, f"not a clean name: {text!r}"


@fuzz_settings(150)
@given(files=poll_files(), chart=st.integers(0, 9))
def test_collect_never_raises_and_every_table_is_safe(tmp_path_factory, files, chart):
    folder = tmp_path_factory.mktemp("poll")
    for name, blob in files.items():
        (folder / name).write_bytes(blob)
    result = poll.collect(folder, now=NOW)
    shutil.rmtree(folder, ignore_errors=True)
    counted, skipped = set(result.submissions["file"]), set(result.skipped["file"])
    assert len(counted) + len(skipped) == len(files) and counted.isdisjoint(skipped)
    for table in ("submissions", "weights", "rankings", "capstone", "skipped", "rejected", "conflicts"):
        kernel_safe(getattr(result, table))
    result.summary().encode("utf-8")
    for text in [*result.weights["resource"], *result.capstone["question"], *result.submissions["name"].dropna()]:
        assert_clean_name(text)
    assert result.weights["weight"].between(0, poll.MAX_WEIGHT).all()
    assert_finite(result.weights[["weight"]], "weights")
    assert result.submissions["submission_id"].is_unique
    poll.weight_summary(result)
    poll.barrier_comparison(result)
    if chart == 0:  # compiling the chart is the costly part: one example in ten
        poll.weights_chart(result).to_dict()


@fuzz_settings(200)
@given(files=poll_files())
def test_read_submission_gives_a_submission_or_a_reason(files):
    for name, blob in files.items():
        submission, reason = poll.read_submission(blob, name, now=NOW)
        assert (submission is None) != (reason is None)
        if reason is not None:
            reason.encode("utf-8")
            assert 0 < len(reason) <= 700
        else:
            assert submission.weights or submission.ranking or submission.capstone
