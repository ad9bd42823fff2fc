"""Tests for the room poll (aicollab.poll): export, collect, every kind of bad file, charts."""

from __future__ import annotations

import json
import math
import os
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aicollab import poll
from aicollab.display import charts

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "notebooks" / "room_poll_demo"

WEIGHTS = {"Image data sharing": 4.0, "Algorithm development": 3.0, "Funding": 1.0}
RANKING = ["legal", "data_access", "standards"]
CAPSTONE = {"Which sharing rule would you propose?": "Shapley value", "Share for the clinicians (%)": 25}


def good_doc(**changes) -> dict:
    doc = {
        "kit": poll.KIT_MARKER,
        "version": 1,
        "submission_id": str(uuid.uuid4()),
        "created": "2026-11-24T10:00:00.000+00:00",
        "name": None,
        "weights": dict(WEIGHTS),
        "barrier_ranking": list(RANKING),
        "capstone": dict(CAPSTONE),
    }
    doc.update(changes)
    return doc


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict:
    """Bytes and modification time of every file under ``folder`` (links not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + dirnames:
            p = Path(dirpath) / name
            info = os.lstat(p)
            data = p.read_bytes() if p.is_file() and not p.is_symlink() else None
            out[str(p)] = (info.st_mtime_ns, info.st_size, data)
    return out


def skipped_reason(result: poll.PollResult, file: str) -> str:
    rows = result.skipped[result.skipped["file"] == file]
    assert len(rows) == 1, f"{file} not listed once in skipped: {result.skipped.to_dict('records')}"
    return rows["reason"].iloc[0]


# ---------------------------------------------------------------------------------- reference lists


def test_survey_barriers_come_from_tables_3_and_9():
    s = poll.survey_barriers()
    assert set(s["table"]) == {3, 9}
    # all five clinician options; nine of the eleven researcher options map to a shared barrier
    assert (s["table"] == 3).sum() == 5 and (s["table"] == 9).sum() == 9
    clin = s[s["group"] == "clinicians"].set_index("barrier")["percent"]
    res = s[s["group"] == "researchers"].set_index("barrier")["percent"]
    assert clin["standards"] == 65 and res["standards"] == 4
    assert clin["legal"] == 63
    assert res["translation"] == 53
    assert set(s.loc[s["table"] == 3, "base_n"]) == {5142}
    assert set(s.loc[s["table"] == 9, "base_n"]) == {120}


def test_barrier_names_are_the_lesson_3_barriers():
    from aicollab.lessons import barriers

    assert poll.barrier_names() == list(barriers.BARRIERS)
    assert poll.barrier_labels()["legal"] == barriers.BARRIER_LABELS["legal"]


# ---------------------------------------------------------------------------------- export


def test_export_writes_a_small_versioned_file(tmp_path):
    path = poll.export_choices(weights=WEIGHTS, barrier_ranking=RANKING, capstone=CAPSTONE, path=tmp_path)
    assert path.parent == tmp_path.resolve()
    assert path.name.startswith("room-poll-anonymous-") and path.suffix == ".json"
    assert path.stat().st_size < poll.MAX_BYTES
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["kit"] == "aicollab-room-poll" and doc["version"] == 1
    assert uuid.UUID(doc["submission_id"]).version == 4
    assert doc["created"].endswith("+00:00")
    assert doc["weights"] == WEIGHTS and doc["barrier_ranking"] == RANKING and doc["capstone"] == CAPSTONE
    assert doc["name"] is None
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_export_then_collect_round_trip(tmp_path):
    poll.export_choices(
        weights=WEIGHTS, barrier_ranking=RANKING, capstone=CAPSTONE, name="Dr Ada Lovelace", path=tmp_path
    )
    result = poll.collect(tmp_path)
    assert result.n == 1 and result.skipped.empty and result.rejected.empty
    assert result.submissions["name"].iloc[0] == "Dr Ada Lovelace"
    assert result.submissions["file"].iloc[0].startswith("room-poll-dr-ada-lovelace-")
    assert dict(zip(result.weights["resource"], result.weights["weight"])) == WEIGHTS
    assert math.isclose(result.weights["share"].sum(), 100)
    assert result.rankings["barrier"].tolist() == RANKING
    assert result.rankings["rank"].tolist() == [1, 2, 3]
    assert dict(zip(result.capstone["question"], result.capstone["answer"])) == {
        "Which sharing rule would you propose?": "Shapley value",
        "Share for the clinicians (%)": "25",
    }


def test_export_default_folder_is_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = poll.export_choices(weights=WEIGHTS)
    assert path.parent == tmp_path.resolve()


def test_export_to_an_explicit_file_name(tmp_path):
    target = tmp_path / "mine.json"
    assert poll.export_choices(barrier_ranking=RANKING, path=target) == target.resolve()
    assert poll.collect(tmp_path).rankings["barrier"].tolist() == RANKING


def test_export_accepts_series_tuples_and_casefolded_names(tmp_path):
    import pandas as pd

    path = poll.export_choices(
        weights=pd.Series({"image DATA sharing": 2}),
        barrier_ranking=pd.Series(["industry STANDARDS", "Lack of legal guidelines", "data-access"]),
        path=tmp_path,
    )
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["weights"] == {"Image data sharing": 2.0}
    assert doc["barrier_ranking"] == ["standards", "legal", "data_access"]


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"weights": {"Funding": -1}}, "negative"),
        ({"weights": {"Funding": float("nan")}}, "NaN"),
        ({"weights": {"Funding": float("inf")}}, "infinite"),
        ({"weights": {"Funding": 101}}, "above 100"),
        ({"weights": {"Funding": "3"}}, "not a number"),
        ({"weights": {"Funding": True}}, "not a number"),
        ({"weights": [1, 2]}, "should name each resource"),
        ({"barrier_ranking": ["Too many meetings"]}, "not one of the kit's ten barriers"),
        ({"barrier_ranking": ["Policy support"]}, "does not map"),
        ({"barrier_ranking": "legal"}, "should be a list"),
        ({"capstone": {"q": {"nested": 1}}}, "an answer must be text"),
        ({}, "nothing to save"),
        ({"weights": WEIGHTS, "name": 42}, "name"),
    ],
)
def test_export_refuses_invalid_answers_and_writes_nothing(tmp_path, kwargs, fragment):
    with pytest.raises(ValueError, match="not saved") as info:
        poll.export_choices(path=tmp_path, **kwargs)
    assert fragment in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_file_over_64_kb(tmp_path):
    with pytest.raises(ValueError, match="64 KB"):
        poll.export_choices(capstone={f"q{i}": "x" * 9000 for i in range(8)}, path=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_missing_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        poll.export_choices(weights=WEIGHTS, path=tmp_path / "nope" / "x.json")


def test_export_with_a_given_id_replaces_the_earlier_file(tmp_path):
    sid = str(uuid.uuid4())
    first = poll.export_choices(weights={"Funding": 1}, path=tmp_path, submission_id=sid)
    second = poll.export_choices(weights={"Funding": 5}, path=tmp_path, submission_id=sid)
    assert first == second
    assert poll.collect(tmp_path).weights["weight"].tolist() == [5.0]
    with pytest.raises(ValueError, match="UUID"):
        poll.export_choices(weights=WEIGHTS, path=tmp_path, submission_id="not-an-id")


# ---------------------------------------------------------------------------------- the button


def test_button_saves_and_says_where(tmp_path):
    box = poll.export_button(lambda: {"weights": WEIGHTS, "barrier_ranking": RANKING}, path=tmp_path)
    button, status = box.children
    button.click()
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    assert "Saved." in status.value
    assert files[0].name in status.value
    assert str(tmp_path.resolve()) in status.value


def test_button_clicked_twice_counts_once_with_the_newest_answers(tmp_path):
    """A new name gives a new file name; the button removes its own earlier file, so one learner
    leaves one file (two files under one id with different answers would both be counted)."""
    answers = {"weights": {"Funding": 1}}
    box = poll.export_button(lambda: answers, path=tmp_path)
    box.children[0].click()
    first = list(tmp_path.glob("*.json"))
    answers["weights"] = {"Funding": 2}
    answers["name"] = "Kim"
    box.children[0].click()
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1 and files != first and "kim" in files[0].name
    result = poll.collect(tmp_path)
    assert result.n == 1 and result.conflicts.empty
    assert result.weights["weight"].tolist() == [2.0]


def test_button_leaves_a_file_it_did_not_write_alone(tmp_path):
    """If the learner (or anyone) changed the earlier file since, the button does not delete it."""
    answers = {"weights": {"Funding": 1}}
    box = poll.export_button(lambda: answers, path=tmp_path)
    box.children[0].click()
    (earlier,) = tmp_path.glob("*.json")
    earlier.write_text(
        earlier.read_text(encoding="utf-8").replace('"Funding": 1.0', '"Funding": 3.0'), encoding="utf-8"
    )
    answers["name"] = "Kim"
    box.children[0].click()
    assert earlier.exists() and len(list(tmp_path.glob("*.json"))) == 2


@pytest.mark.parametrize(
    "get_choices, fragment",
    [
        (lambda: {"weights": {"Funding": -3}}, "negative"),
        (lambda: ["not", "a", "dict"], "must return a dict"),
        (lambda: {"wieghts": {}}, "unexpected key"),
        (lambda: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_button_shows_a_plain_message_when_nothing_is_saved(tmp_path, get_choices, fragment):
    box = poll.export_button(get_choices, path=tmp_path)
    box.children[0].click()
    assert "Not saved." in box.children[1].value
    assert fragment in box.children[1].value
    assert list(tmp_path.iterdir()) == []


def test_button_escapes_html_in_messages(tmp_path):
    box = poll.export_button(lambda: {"barrier_ranking": ["<script>x</script>"]}, path=tmp_path)
    box.children[0].click()
    assert "<script>" not in box.children[1].value and "&lt;script&gt;" in box.children[1].value


# ---------------------------------------------------------------------------------- collect: bad files


def test_missing_folder_and_file_instead_of_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="No folder"):
        poll.collect(tmp_path / "missing")
    f = write(tmp_path, "a.json", good_doc())
    with pytest.raises(NotADirectoryError, match="not a folder"):
        poll.collect(f)


def test_empty_folder_gives_empty_tidy_tables(tmp_path):
    result = poll.collect(tmp_path)
    assert result.n == 0
    for frame, columns in (
        (result.submissions, poll.SUBMISSION_COLUMNS),
        (result.weights, poll.WEIGHT_COLUMNS),
        (result.rankings, poll.RANKING_COLUMNS),
        (result.capstone, poll.CAPSTONE_COLUMNS),
        (result.skipped, poll.SKIPPED_COLUMNS),
        (result.rejected, poll.REJECTED_COLUMNS),
    ):
        assert frame.empty and list(frame.columns) == columns
    assert "0 submissions counted" in result.summary()


def test_malformed_json_is_skipped(tmp_path):
    text = json.dumps(good_doc(), indent=2)
    write(tmp_path, "cut.json", text[: len(text) // 2])
    write(tmp_path, "notes.txt", "bring biscuits")
    write(tmp_path, "empty.json", "")
    write(tmp_path, "spaces.json", "  \n ")
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert "broken JSON" in skipped_reason(result, "cut.json")
    assert "plain text" in skipped_reason(result, "notes.txt")
    assert skipped_reason(result, "empty.json") == "empty file"
    assert skipped_reason(result, "spaces.json") == "empty file"


@pytest.mark.parametrize(
    "content, fragment",
    [
        ({"theme": "dark"}, "no 'kit' marker"),
        ({"kit": "another-tool", "version": 1}, "made by something else"),
        (["a", "list"], "not a room-poll file"),
        ("42", "not a room-poll file"),
        ('"just a string"', "not a room-poll file"),
        ({"kit": "aicollab-room-poll", "version": 2, "weights": WEIGHTS}, "format version 2"),
        ({"kit": "aicollab-room-poll", "version": "1", "weights": WEIGHTS}, "format version 1"),
        ({"kit": "aicollab-room-poll", "version": True, "weights": WEIGHTS}, "format version"),
        ({"kit": "aicollab-room-poll", "weights": WEIGHTS}, "format version missing"),
    ],
)
def test_foreign_and_wrong_version_files_are_skipped(tmp_path, content, fragment):
    write(tmp_path, "x.json", content)
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert fragment in skipped_reason(result, "x.json")


def test_binary_files_are_skipped(tmp_path):
    write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path, "latin1.json", '{"kit": "caf\xe9"}'.encode("latin-1"))
    result = poll.collect(tmp_path)
    assert "binary" in skipped_reason(result, "photo.png")
    assert "not UTF-8 text (byte 0xe9); open it and save it as UTF-8" in skipped_reason(result, "latin1.json")


def test_utf8_bom_is_accepted(tmp_path):
    write(tmp_path, "bom.json", b"\xef\xbb\xbf" + json.dumps(good_doc()).encode("utf-8"))
    assert poll.collect(tmp_path).n == 1


def test_oversized_file_is_skipped_even_if_valid(tmp_path):
    doc = good_doc(capstone={"essay": "word " * 14000})
    write(tmp_path, "big.json", doc)
    assert (tmp_path / "big.json").stat().st_size > poll.MAX_BYTES
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert "too big" in skipped_reason(result, "big.json")


def test_file_exactly_at_the_limit_is_read(tmp_path):
    doc = good_doc(capstone={"essay": ""})
    base = len(json.dumps(doc).encode("utf-8"))
    doc["capstone"]["essay"] = "x" * min(poll.MAX_BYTES - base, poll.MAX_ANSWER_CHARS)
    data = json.dumps(doc).encode("utf-8")
    data = data + b" " * (poll.MAX_BYTES - len(data))
    assert len(data) == poll.MAX_BYTES
    write(tmp_path, "edge.json", data)
    assert poll.collect(tmp_path).n == 1


def test_subfolders_are_listed_not_entered(tmp_path):
    sub = tmp_path / "earlier"
    sub.mkdir()
    write(sub, "inside.json", good_doc())
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert "sub-folder" in skipped_reason(result, "earlier/")


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolic links need a POSIX system")
def test_symlinks_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = write(outside, "secret.json", good_doc())
    room = tmp_path / "room"
    room.mkdir()
    os.symlink(target, room / "link.json")
    os.symlink(outside, room / "linked-folder")
    os.symlink(room / "does-not-exist.json", room / "dangling.json")
    result = poll.collect(room)
    assert result.n == 0
    for name in ("link.json", "linked-folder", "dangling.json"):
        assert "symbolic link" in skipped_reason(result, name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    result = poll.collect(tmp_path)
    assert "not a regular file" in skipped_reason(result, "pipe.json")


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root can read files without read permission",
)
def test_unreadable_file_is_skipped(tmp_path):
    f = write(tmp_path, "locked.json", good_doc())
    f.chmod(0)
    try:
        assert "permission" in skipped_reason(poll.collect(tmp_path), "locked.json")
    finally:
        f.chmod(0o644)


def test_open_errors_are_reported_not_raised(tmp_path, monkeypatch):
    write(tmp_path, "a.json", good_doc())
    write(tmp_path, "b.json", good_doc())
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        if str(path).endswith("a.json"):
            raise PermissionError(13, "Permission denied")
        if str(path).endswith("b.json"):
            raise OSError(5, "Input/output error")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    result = poll.collect(tmp_path)
    assert "no permission" in skipped_reason(result, "a.json")
    assert "Input/output error" in skipped_reason(result, "b.json")


def test_deeply_nested_and_huge_numbers_do_not_crash(tmp_path):
    write(tmp_path, "deep.json", "[" * 60000 + "]" * 60000)
    write(
        tmp_path,
        "bigint.json",
        '{"kit": "aicollab-room-poll", "version": 1, "weights": {"Funding": ' + "9" * 5000 + "}}",
    )
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert len(result.skipped) == 2


# ---------------------------------------------------------------------------------- partial files


def test_partial_file_keeps_what_it_has(tmp_path):
    write(tmp_path, "weights-only.json", good_doc(barrier_ranking=None, capstone={}))
    del_doc = good_doc()
    del del_doc["weights"], del_doc["capstone"]
    write(tmp_path, "ranking-only.json", del_doc)
    result = poll.collect(tmp_path)
    assert result.n == 2 and result.skipped.empty
    subs = result.submissions.set_index("file")
    assert subs.loc["weights-only.json", "missing"] == "barrier_ranking, capstone"
    assert subs.loc["ranking-only.json", "missing"] == "weights, capstone"
    assert len(result.weights) == 3 and len(result.rankings) == 3


def test_file_with_no_usable_answer_is_skipped(tmp_path):
    write(tmp_path, "nothing.json", good_doc(weights="lots", barrier_ranking="all", capstone=[]))
    write(tmp_path, "blank.json", good_doc(weights={}, barrier_ranking=[], capstone={"q": "  "}))
    write(tmp_path, "all-bad.json", good_doc(weights={"Funding": -1}, barrier_ranking=["nope"], capstone=None))
    result = poll.collect(tmp_path)
    assert result.n == 0
    assert (
        skipped_reason(result, "nothing.json")
        == "no usable answers (weights is text; barrier_ranking is text; capstone is a list)"
    )
    assert "weights empty" in skipped_reason(result, "blank.json")
    assert "weights: 1 invalid value(s)" in skipped_reason(result, "all-bad.json")
    assert result.rejected.empty  # a skipped file's values are not listed twice


def test_missing_or_bad_id_is_counted_under_a_content_id(tmp_path):
    doc = good_doc()
    del doc["submission_id"]
    write(tmp_path, "by-hand.json", doc)
    write(tmp_path, "by-hand copy.json", doc)
    write(tmp_path, "bad-id.json", good_doc(submission_id="12345"))
    result = poll.collect(tmp_path)
    assert result.n == 2
    assert all(s.startswith("file-") for s in result.submissions["submission_id"])
    assert "identical copy of by-hand.json" in skipped_reason(result, "by-hand copy.json")
    assert set(result.rejected["field"]) == {"submission_id"}


def test_bad_created_and_name_are_ignored_not_fatal(tmp_path):
    write(tmp_path, "a.json", good_doc(created="yesterday", name=["x"]))
    result = poll.collect(tmp_path)
    assert result.n == 1
    assert set(result.rejected["field"]) == {"created", "name"}
    assert result.submissions["created"].isna().all()


# ---------------------------------------------------------------------------------- duplicates


def test_byte_identical_copy_counts_once(tmp_path):
    doc = good_doc()
    write(tmp_path, "room-poll-a.json", doc)
    write(tmp_path, "room-poll-a (1).json", doc)
    result = poll.collect(tmp_path)
    assert result.n == 1
    assert result.submissions["file"].iloc[0] == "room-poll-a.json"
    assert "identical copy of room-poll-a.json" in skipped_reason(result, "room-poll-a (1).json")


def test_same_id_different_content_counts_every_version_and_says_so(tmp_path):
    """Different answers under one id: no version hides another (issue 17, defect 6; this test
    replaces one that required the newest to win). Each is counted, ordered by believed time,
    the later ones as <id>~2, <id>~3; each file gets a rejected row and summary() warns first."""
    sid = str(uuid.uuid4())
    write(
        tmp_path, "z-new.json", good_doc(submission_id=sid, created="2026-11-24T11:00:00+00:00", weights={"Funding": 9})
    )
    write(
        tmp_path, "a-old.json", good_doc(submission_id=sid, created="2026-11-24T10:00:00+00:00", weights={"Funding": 1})
    )
    write(tmp_path, "b-undated.json", good_doc(submission_id=sid, created=None, weights={"Funding": 5}))
    result = poll.collect(tmp_path)
    assert result.n == 3 and result.skipped.empty
    ids = dict(zip(result.submissions["file"], result.submissions["submission_id"]))
    assert ids == {"a-old.json": sid, "z-new.json": f"{sid}~2", "b-undated.json": f"{sid}~3"}
    assert sorted(result.weights["weight"]) == [1.0, 5.0, 9.0]
    assert list(result.conflicts.columns) == poll.CONFLICT_COLUMNS
    assert set(result.conflicts["file"]) == set(ids) and set(result.conflicts["shared_id"]) == {sid}
    rows = result.rejected[result.rejected["field"] == "submission_id"]
    assert len(rows) == 3 and rows["reason"].str.contains("the answers differ: each is counted").all()
    first = result.summary().splitlines()[0]
    assert first.startswith("Warning: 3 files share one submission id but give different answers")


def test_same_id_same_answers_counts_once_whatever_the_date(tmp_path):
    sid = str(uuid.uuid4())
    write(tmp_path, "a.json", good_doc(submission_id=sid, created="2026-11-24T10:00:00+00:00"))
    write(tmp_path, "a (1).json", good_doc(submission_id=sid, created="2026-11-24T11:00:00+00:00"))
    result = poll.collect(tmp_path)
    assert result.n == 1 and result.conflicts.empty
    assert "identical copy of a.json" in skipped_reason(result, "a (1).json")


def test_uuid_spelling_variants_are_the_same_submission(tmp_path):
    sid = uuid.uuid4()
    write(tmp_path, "a.json", good_doc(submission_id=str(sid)))
    write(tmp_path, "b.json", good_doc(submission_id=str(sid).upper()))
    assert poll.collect(tmp_path).n == 1


# ---------------------------------------------------------------------------------- per-value checks


def test_bad_values_are_rejected_one_by_one(tmp_path):
    doc = good_doc(
        weights={
            "Image data sharing": 4,
            "Funding": -2,
            "Clinical information": float("nan"),
            "Engineering and compute": "3",
            "AI product feedback": float("inf"),
            "Algorithm development": 101,
            "Regulatory and clinical validation": True,
            "": 2,
            "My own resource": 2,
            "image data SHARING": 1,
            "Clinical needs and issues": None,
        },
        barrier_ranking=[
            "Lack of legal guidelines",
            "Too many meetings",
            7,
            "LEGAL",
            "Policy support",
            "Turning research into practice",
            "data-access",
        ],
        capstone={
            "rule": "Shapley value",
            "share": 25.5,
            "agree": True,
            "conditions": ["a", "b"],
            "nested": {"x": 1},
            "blank": "",
            "none": None,
            "deep list": [["x"]],
            "inf": float("inf"),
        },
    )
    write(tmp_path, "messy.json", doc)  # json.dumps writes NaN / Infinity literals
    result = poll.collect(tmp_path)
    assert result.n == 1 and result.skipped.empty
    w = dict(zip(result.weights["resource"], result.weights["weight"]))
    assert w == {"Image data sharing": 4.0, "My own resource": 2.0}
    assert dict(zip(result.weights["resource"], result.weights["known"])) == {
        "Image data sharing": True,
        "My own resource": False,
    }
    assert result.rankings["barrier"].tolist() == ["legal", "translation", "data_access"]
    assert result.rankings["rank"].tolist() == [1, 2, 3]  # renumbered after dropping entries
    answers = dict(zip(result.capstone["question"], result.capstone["answer"]))
    assert answers == {"rule": "Shapley value", "share": "25.5", "agree": "yes", "conditions": "a; b"}
    rej = result.rejected
    reasons = {(f, e): r for f, e, r in zip(rej["field"], rej["entry"], rej["reason"])}
    assert "negative" in reasons[("weights", "Funding")]
    assert "NaN" in reasons[("weights", "Clinical information")]
    assert "not a number" in reasons[("weights", "Engineering and compute")]
    assert "infinite" in reasons[("weights", "AI product feedback")]
    assert "above 100" in reasons[("weights", "Algorithm development")]
    assert "not a number" in reasons[("weights", "Regulatory and clinical validation")]
    assert "listed twice" in reasons[("weights", "Image data sharing")]
    assert "resource name" in reasons[("weights", "")]
    assert "not one of the kit's ten barriers" in reasons[("barrier_ranking", "Too many meetings")]
    assert "not a barrier name" in reasons[("barrier_ranking", "place 3")]
    assert "listed twice" in reasons[("barrier_ranking", "legal")]
    assert "does not map" in reasons[("barrier_ranking", "Policy support")]
    assert "answer must be text" in reasons[("capstone", "nested")]
    assert "list answer" in reasons[("capstone", "deep list")]
    assert "finite" in reasons[("capstone", "inf")]
    assert not any(e in ("blank", "none") for e in rej["entry"])  # blanks are unanswered, not errors


def test_whole_field_of_the_wrong_kind_is_rejected_with_reason(tmp_path):
    write(tmp_path, "a.json", good_doc(weights=[1, 2, 3], barrier_ranking={"a": 1}))
    result = poll.collect(tmp_path)
    assert result.n == 1  # the capstone still counts
    rej = result.rejected.set_index("field")["reason"]
    assert "should name each resource" in rej["weights"]
    assert "should be a list" in rej["barrier_ranking"]


def test_too_many_entries_are_refused(tmp_path):
    write(tmp_path, "a.json", good_doc(weights={f"r{i}": 1 for i in range(poll.MAX_ITEMS + 1)}))
    result = poll.collect(tmp_path)
    assert "at most 40" in result.rejected.set_index("field")["reason"]["weights"]


# ---------------------------------------------------------------------------------- originals untouched


def test_collect_never_changes_the_files(tmp_path):
    folder = tmp_path / "room"
    poll.write_demo_folder(folder)
    write(folder, "extra.json", good_doc())
    before = snapshot(folder)
    names_before = sorted(os.listdir(folder))
    for _ in range(2):
        poll.collect(folder)
    assert snapshot(folder) == before
    assert sorted(os.listdir(folder)) == names_before


# ---------------------------------------------------------------------------------- garbage never crashes

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
poll_like = st.fixed_dictionaries(
    {"kit": st.sampled_from([poll.KIT_MARKER, "other", 1]), "version": st.sampled_from([1, 2, "1", None])},
    optional={
        "submission_id": st.one_of(st.uuids().map(str), st.text(max_size=10)),
        "created": st.one_of(st.text(max_size=30), st.just("2026-11-24T10:00:00Z")),
        "name": json_values,
        "weights": json_values,
        "barrier_ranking": json_values,
        "capstone": json_values,
    },
)
file_contents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    json_values.map(lambda v: json.dumps(v).encode("utf-8")),
    poll_like.map(lambda v: json.dumps(v).encode("utf-8")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(file_contents, min_size=1, max_size=6))
def test_random_garbage_never_crashes_collect(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("garbage")
    for i, data in enumerate(files):
        (folder / f"f{i:02d}.json").write_bytes(data)
    result = poll.collect(folder)
    # every file is either counted or listed as skipped, exactly once
    counted = set(result.submissions["file"])
    skipped = set(result.skipped["file"])
    assert counted.isdisjoint(skipped)
    assert counted | skipped == {f"f{i:02d}.json" for i in range(len(files))}
    assert result.skipped["reason"].str.len().gt(0).all()
    assert (result.weights["weight"].between(0, poll.MAX_WEIGHT)).all()
    assert set(result.rankings["barrier"]) <= set(poll.barrier_names())
    assert result.submissions["submission_id"].is_unique
    poll.weights_chart(result).to_dict()
    poll.barriers_chart(result).to_dict()


# ---------------------------------------------------------------------------------- summaries and charts


@pytest.fixture(scope="module")
def demo_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    poll.write_demo_folder(folder)
    return poll.collect(folder)


def test_demo_folder_in_the_repository_matches_the_generator(tmp_path):
    poll.write_demo_folder(tmp_path)
    made = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    shipped = {p.relative_to(DEMO).as_posix(): p.read_bytes() for p in DEMO.rglob("*") if p.is_file()}
    assert made == shipped, "notebooks/room_poll_demo is out of date: aicollab poll demo notebooks/room_poll_demo"


def test_demo_folder_shows_every_kind_of_problem(demo_result):
    r = demo_result
    assert r.n == 17  # the two versions of one submission id both count (see .conflicts)
    assert len(r.conflicts) == 2 and r.conflicts["shared_id"].nunique() == 1
    reasons = " | ".join(r.skipped["reason"])
    for fragment in (
        "identical copy",
        "broken JSON",
        "too big",
        "no 'kit' marker",
        "made by something else",
        "format version 2",
        "binary",
        "sub-folder",
        "no usable answers",
        "plain text",
    ):
        assert fragment in reasons
    assert {"weights", "barrier_ranking", "capstone", "submission_id"} <= set(r.rejected["field"])


def test_weight_summary(demo_result):
    s = poll.weight_summary(demo_result)
    assert list(s.columns) == [
        "resource",
        "learners",
        "median_share",
        "min_share",
        "max_share",
        "median_weight",
        "known",
    ]
    assert s["median_share"].is_monotonic_decreasing
    assert s["known"].all()


def test_barrier_comparison_lines_up_room_and_survey(demo_result):
    c = poll.barrier_comparison(demo_result)
    assert set(c["who"]) == {"this room (top 3)", "clinicians (Table 3)", "researchers (Table 9)"}
    assert len(c) == 10 + 5 + 9
    assert c["label"].notna().all()
    room = c[c["who"] == "this room (top 3)"]
    assert room["n"].nunique() == 1 and room["n"].iloc[0] == demo_result.rankings["submission_id"].nunique()
    assert room["percent"].between(0, 100).all()
    assert (c["ci_low"] <= c["percent"]).all() and (c["percent"] <= c["ci_high"]).all()
    clin = c[c["who"] == "clinicians (Table 3)"].set_index("barrier")["percent"]
    assert clin["legal"] == 63
    # top=1 can only lower the room's figures
    c1 = poll.barrier_comparison(demo_result, top=1)
    assert (c1[c1["who"] == "this room (top 1)"]["percent"].sum()) <= room["percent"].sum()
    with pytest.raises(ValueError):
        poll.barrier_comparison(demo_result, top=0)


def test_room_borda_matches_lesson_3(demo_result):
    from aicollab.lessons import barriers

    r = demo_result.rankings
    rankings = [g.sort_values("rank")["barrier"].tolist() for _, g in r.groupby("submission_id", sort=True)]
    assert poll.room_borda(demo_result).equals(barriers.room_ranking(rankings))


def test_room_borda_of_an_empty_room(tmp_path):
    assert poll.room_borda(poll.collect(tmp_path)).empty


def test_charts_have_title_description_and_the_kit_palette(demo_result):
    w = poll.weights_chart(demo_result).to_dict()
    b = poll.barriers_chart(demo_result).to_dict()
    for spec in (w, b):
        assert spec["title"]["text"] and spec["description"]
    assert "Image data sharing" in w["description"]
    colour = b["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["this room (top 3)", "clinicians (Table 3)", "researchers (Table 9)"]
    assert colour["range"] == [
        charts.OKABE_ITO[2],
        charts.GROUP_COLOURS["clinicians"],
        charts.GROUP_COLOURS["researchers"],
    ]
    assert "compare the order" in b["description"]
    assert {w["layer"][0]["mark"]["color"], w["layer"][1]["mark"]["color"]} <= set(charts.OKABE_ITO)


def test_charts_for_an_empty_room_still_have_text(tmp_path):
    empty = poll.collect(tmp_path)
    w = poll.weights_chart(empty).to_dict()
    assert "No weights yet" in json.dumps(w) and w["description"]
    b = poll.barriers_chart(empty).to_dict()
    assert "No learner has sent a ranking" in b["description"]


def test_charts_render_to_svg(demo_result):
    vlc = pytest.importorskip("vl_convert")
    for chart in (poll.weights_chart(demo_result), poll.barriers_chart(demo_result)):
        svg = vlc.vegalite_to_svg(chart.to_dict())
        assert svg.startswith("<svg")
        assert "Industry standards" in svg or "Image data sharing" in svg


def test_command_line(tmp_path, capsys):
    from aicollab.cli import main

    poll.write_demo_folder(tmp_path)
    assert main(["poll", "collect", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "17 submissions counted" in out and "Skipped:" in out and "Values left out:" in out
    assert out.startswith("Warning: 2 files share one submission id")
    with pytest.raises(SystemExit) as stop:
        main(["poll", "collect"])
    assert stop.value.code == 2
    assert main(["poll", "collect", str(tmp_path / "nowhere")]) == 2
    assert "No folder called" in capsys.readouterr().err
