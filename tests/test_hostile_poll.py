"""Hostile and careless room-poll files (issue 17: defects 1, 2, 4, 5, 6, 11, 13, 14a; new N1, N8, N13).

Each test with a "Was: ..." docstring failed on `main` before the fix (the reproductions come
from /work/scratch/hostile/test_defects.py and test_new_defects.py); a few parametrized siblings
(upper-case twins, the ESC file name on the command line) guard behaviour `main` already had. One learner's
file must never stop the instructor's poll, hide another learner's answer, or blank a chart.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aicollab import poll

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def doc(**fields) -> dict:
    out = {"kit": poll.KIT_MARKER, "version": 1, "submission_id": str(uuid.uuid4())}
    out.update(fields)
    return out


def folder(root: Path, files: dict) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else json.dumps(content).encode("utf-8")
        (root / name).write_bytes(data)
    return root


def raw_poll(fields: str) -> bytes:
    """A poll file written by hand (JSON text the json module would not write)."""
    head = '{"kit": "aicollab-room-poll", "version": 1, "submission_id": "' + str(uuid.uuid4()) + '", '
    return (head + fields + "}").encode()


def kernel_json(obj) -> bytes:
    """Serialise ``obj``'s display bundle as a kernel does before sending it to JupyterLab."""
    from IPython.core.formatters import DisplayFormatter
    from jupyter_client.session import json_packer

    bundle, _ = DisplayFormatter().format(obj)
    return json_packer(bundle)


def has_invisible(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text)


# ---------------------------------------------------------------------------- defect 1: datetime limits


@pytest.mark.parametrize("created", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2026-W48-1"])
def test_created_near_datetime_limits_does_not_crash_collect(tmp_path, created):
    """Was OverflowError ('date value out of range') in _parse_created: no results at all."""
    result = poll.collect(folder(tmp_path, {"edge.json": doc(created=created, weights={"Funding": 3})}), now=NOW)
    assert result.n == 1 and result.submissions["created"].isna().all()
    assert (result.rejected["field"] == "created").any()


def test_created_in_the_future_or_before_2020_is_ignored_and_flagged(tmp_path):
    """Was accepted silently: a 2099 date made a file 'the newest' (defect 6)."""
    files = {
        "future.json": doc(created="2099-01-01T00:00:00+00:00", weights={"Funding": 2}),
        "old.json": doc(created="1999-01-01T00:00:00Z", weights={"Funding": 2}),
        "skew.json": doc(created="2026-12-01T12:05:00Z", weights={"Funding": 2}),  # within the clock skew
    }
    result = poll.collect(folder(tmp_path, files), now=NOW)
    reasons = result.rejected.set_index("file")["reason"]
    assert reasons["future.json"] == "in the future (2099-01-01T00:00:00+00:00); ignored"
    assert reasons["old.json"] == "before 2020; ignored"
    created = result.submissions.set_index("file")["created"]
    assert created["skew.json"] == "2026-12-01T12:05:00+00:00" and created.isna().sum() == 2


# ---------------------------------------------------------------------------- defect 2: lone surrogates

SURROGATES = doc(
    name="Lone\ud800",
    weights={"Fund\ud800": 3, "Funding": 2},
    barrier_ranking=["legal", "leg\udfffal"],
    capstone={"Which sharing rule would you propose?": "x\udfff", "Q\ud800": "y"},
)


@pytest.mark.parametrize("table", ["submissions", "weights", "rankings", "capstone", "skipped", "rejected"])
def test_lone_surrogates_never_reach_a_table(tmp_path, table):
    """Was UnicodeEncodeError ('surrogates not allowed') when a kernel sent the table to JupyterLab."""
    files = {"s.json": SURROGATES, "bad\udcffname.json": doc(weights={"Funding": 1})}
    result = poll.collect(folder(tmp_path, files), now=NOW)
    kernel_json(getattr(result, table))
    assert result.n == 2


def test_lone_surrogates_leave_the_value_out_with_a_reason(tmp_path):
    result = poll.collect(folder(tmp_path, {"s.json": SURROGATES}), now=NOW)
    assert result.weights["resource"].tolist() == ["Funding"]
    assert result.capstone.empty  # the one answer and the one question held broken characters
    assert result.submissions["name"].isna().all()
    reasons = " | ".join(result.rejected["reason"])
    assert reasons.count("broken character (U+D800") >= 3 and "U+DFFF" in reasons
    kernel_json(poll.weights_chart(result))
    kernel_json(result.summary())


def test_lone_surrogates_do_not_crash_the_command_line(tmp_path, capsys):
    """Was a traceback at the print of the poll's command line."""
    from aicollab.cli import main

    folder(tmp_path, {"s\udcff.json": doc(weights={"Fund\ud800": -3, "Funding": 2})})
    assert main(["poll", "collect", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # printable: no lone surrogate left
    assert "s\\udcff.json" in out


# ---------------------------------------------------------------------------- defect 4: prototype-like names


PROTOTYPE_NAMES = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"]


def test_prototype_like_resource_names_draw_in_the_weights_chart(tmp_path):
    """Was 'Operator not defined: undefined': the chart sorted by a list of the learners' names,
    which Vega compiles into an expression over those names. It now sorts by a number, and
    vl-convert (the same Vega as the browser) renders every name."""
    import vl_convert

    files = {f"{n}.json": doc(weights={n: 1 + i, "Funding": 2}) for i, n in enumerate(PROTOTYPE_NAMES)}
    result = poll.collect(folder(tmp_path, files), now=NOW)
    spec = poll.weights_chart(result).to_dict()
    assert "sort" in json.dumps(spec) and not any(
        isinstance(layer["encoding"]["y"].get("sort"), list) for layer in spec["layer"]
    )
    svg = vl_convert.vegalite_to_svg(spec)
    for name in PROTOTYPE_NAMES:
        assert f">{name}<" in svg


# ---------------------------------------------------------------------------- defect 5: more than 5,000 rows


def test_weights_chart_draws_more_than_5000_weights(tmp_path):
    """Was Altair's MaxRowsError (5,040 > 5,000 rows): ticks are grouped by whole percent."""
    files = {f"f{i:03}.json": doc(weights={f"Resource {j}": 1 + (i + j) % 5 for j in range(40)}) for i in range(126)}
    result = poll.collect(folder(tmp_path, files), now=NOW)
    assert len(result.weights) == 5040
    spec = poll.weights_chart(result).to_dict()
    assert spec["title"]["subtitle"].startswith("126 learners")


def test_weights_chart_stays_under_the_row_limit_whatever_the_room_sends(tmp_path):
    """The worst a room can send: every file names 40 resources of its own with distinct shares.
    The chart draws the 40 resources most learners weighted and says how many more exist."""
    files = {
        f"f{i:03}.json": doc(weights={f"R{i}-{j}": 1 + (i * 7 + j * 13) % 97 for j in range(40)}) for i in range(130)
    }
    files.update({f"g{i:03}.json": doc(weights={"Funding": 1 + i % 100, "Code": 2}) for i in range(120)})
    result = poll.collect(folder(tmp_path, files), now=NOW)
    chart = poll.weights_chart(result)
    spec = chart.to_dict()  # MaxRowsError if the data were not bounded
    rows = sum(len(d) for d in spec["datasets"].values())
    assert rows <= 5000
    assert "5,200" not in spec["description"] and "more resources" in spec["description"]
    resources = {r["resource"] for d in spec["datasets"].values() for r in d}
    assert {"Funding", "Code"} <= resources and len(resources) == poll.MAX_ITEMS


def test_weights_chart_counts_only_the_learners_it_draws(tmp_path):
    """N8: a file whose weights are all 0 has no share and no tick; it was still counted."""
    files = {
        "a.json": doc(weights={"Funding": 0, "Code": 0}),
        "b.json": doc(weights={"Funding": 3}),
        "c.json": doc(weights={"Funding": 1, "Code": 2}),
    }
    spec = poll.weights_chart(poll.collect(folder(tmp_path, files), now=NOW)).to_dict()
    assert spec["title"]["subtitle"].startswith("2 learners") and "of 2 learners'" in spec["description"]


# ---------------------------------------------------------------------------- defect 6: one id, different answers


def test_same_id_with_different_content_hides_no_answer(tmp_path):
    """Was: alice.json skipped as 'an older version of the submission in mallory.json', after
    Mallory used Alice's id in upper-case braces with a 2099 date."""
    sid = str(uuid.uuid4())
    alice = doc(submission_id=sid, created="2026-11-24T10:00:00+00:00", name="Alice", weights={"Funding": 5})
    mallory = doc(
        submission_id="{" + sid.upper() + "}",
        created="2099-01-01T00:00:00+00:00",
        name="Mallory",
        weights={"Funding": 0, "Clinical information": 9},
    )
    result = poll.collect(folder(tmp_path, {"alice.json": alice, "mallory.json": mallory}), now=NOW)
    assert set(result.submissions["file"]) == {"alice.json", "mallory.json"}
    assert dict(zip(result.submissions["file"], result.submissions["submission_id"])) == {
        "alice.json": sid,  # the believed date comes first; Mallory's 2099 is not believed
        "mallory.json": f"{sid}~2",
    }
    assert re.search(
        r"2 files share one submission id but give different answers \(alice\.json, mallory\.json\)", result.summary()
    )
    rej = result.rejected[result.rejected["file"] == "mallory.json"]
    assert "written unusually" in " ".join(rej["reason"]) and "in the future" in " ".join(rej["reason"])
    assert set(result.conflicts["name"]) == {"Alice", "Mallory"}


# ---------------------------------------------------------------------------- defect 11: duplicate keys


def test_duplicate_keys_in_a_poll_file_are_reported(tmp_path):
    """Was: the last value silently won (Funding = 100), with no rejected row."""
    raw = raw_poll('"weights": {"Funding": 5, "Funding": 0}, "weights": {"Funding": 1, "Funding": 100}')
    result = poll.collect(folder(tmp_path, {"dup.json": raw}), now=NOW)
    assert result.weights["weight"].tolist() == [5.0]  # the first value counts, as for a resource listed twice
    rows = result.rejected[["field", "entry", "reason"]].values.tolist()
    assert ["weights", "Funding", 'the key "Funding" is given twice in one object; the first value counts'] in rows
    assert ["weights", "", 'the key "weights" is given twice in one object; the first value counts'] in rows


# ---------------------------------------------------------------------------- defect 13: invisible twins


@pytest.mark.parametrize(
    "twin", ["Funding\u200b", "Fun\u00adding", "FUNDING", "\uff26unding", "Funding\u202e", " Funding\u00a0"]
)
def test_an_invisible_or_look_alike_twin_counts_as_one_resource(tmp_path, twin):
    """Was: 'Funding\\u200b' counted as a resource of its own in the room's chart."""
    files = {"a.json": doc(weights={"Funding": 5}), "b.json": doc(weights={twin: 3})}
    result = poll.collect(folder(tmp_path, files), now=NOW)
    assert result.weights["resource"].tolist() == ["Funding", "Funding"]
    assert not any(has_invisible(r) for r in result.weights["resource"])
    assert poll.weight_summary(result)["learners"].tolist() == [2]


def test_twins_of_unknown_resources_merge_across_files(tmp_path):
    files = {"a.json": doc(weights={"Café time": 5}), "b.json": doc(weights={"CAFE\u0301\u200b TIME": 3})}
    result = poll.collect(folder(tmp_path, files), now=NOW)
    assert result.weights["resource"].tolist() == ["Café time", "Café time"]
    assert "U+200B ZERO WIDTH SPACE" in " ".join(result.rejected["reason"])


def test_invisible_characters_are_removed_from_names_questions_and_answers(tmp_path):
    files = {
        "a.json": doc(
            name="Ki\u200bm\x1b[31m",
            capstone={"Which\u2066 rule?": "Shapley\u202e value", "Note": "two\nlines\tok"},
        )
    }
    result = poll.collect(folder(tmp_path, files), now=NOW)
    assert result.submissions["name"].tolist() == ["Kim[31m"]
    answers = dict(zip(result.capstone["question"], result.capstone["answer"]))
    assert answers == {"Which rule?": "Shapley value", "Note": "two\nlines\tok"}
    assert not has_invisible("".join(answers) + "".join(result.submissions["name"]))


# ---------------------------------------------------------------------------- defect 14a, N13: the command line


@pytest.mark.parametrize(
    "name", ["\x1b[2J\x1b[31mevil.json", "evil.json\n  forged.json: counted", "\u202enosj.live"], ids=str
)
def test_command_line_prints_no_terminal_controls_from_file_names(tmp_path, capsys, name):
    """Was: the raw ESC [2J printed (clears the instructor's terminal); a newline in a file name
    forged a report line; a right-to-left override reordered it."""
    from aicollab.cli import main

    folder(tmp_path, {name: b"hello", "ok.json": doc(weights={"Funding\x1b[2J": 1})})
    assert main(["poll", "collect", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\n  forged.json: counted" not in out


# ---------------------------------------------------------------------------- N1: huge integers


HUGE = "1" + "0" * 400


@pytest.mark.parametrize(
    "fields",
    [
        '"weights": {"Funding": ' + HUGE + ', "Clinical information": 3}',
        '"capstone": {"Share for the clinicians (%)": ' + HUGE + ', "q": "a"}',
        '"weights": {"Funding": 1e400, "Code": 2}, "capstone": {"q": -Infinity, "r": "x"}',
        '"weights": {"Funding": ' + "9" * 5000 + ', "Code": 2}',
    ],
    ids=["weight", "capstone-answer", "float-literals", "5000-digits"],
)
def test_a_huge_number_is_one_bad_value(tmp_path, fields):
    """Was OverflowError ('int too large to convert to float'): one file stopped the room's poll."""
    raw = raw_poll(fields)
    result = poll.collect(folder(tmp_path, {"big.json": raw}), now=NOW)
    assert result.n == 1
    reasons = " | ".join(result.rejected["reason"])
    assert re.search(r"out of range|digits|infinite", reasons) and len(reasons) < 400


@pytest.mark.parametrize("kwargs", [{"weights": {"Funding": 10**400}}, {"capstone": {"q": 10**400}}])
def test_export_refuses_a_huge_integer_plainly(tmp_path, kwargs):
    """Was OverflowError from export_choices."""
    with pytest.raises(ValueError, match="not saved"):
        poll.export_choices(path=tmp_path, **kwargs)


def test_export_refuses_invisible_characters(tmp_path):
    with pytest.raises(ValueError, match=r"U\+200B ZERO WIDTH SPACE"):
        poll.export_choices(weights={"Funding\u200b": 2}, path=tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- the service's entry point


def test_read_submission_is_the_one_rule_for_bytes():
    """What the hub's live poll calls for each upload: bytes in, a Submission or a reason out."""
    good = json.dumps(doc(weights={"Funding": 3}, created="2026-11-30T09:00:00Z")).encode()
    submission, reason = poll.read_submission(good, "up.json", now=NOW)
    assert reason is None and isinstance(submission, poll.Submission)
    assert submission.weights == {"Funding": 3.0} and submission.created == datetime(2026, 11, 30, 9, tzinfo=UTC)
    for data, expected in [
        (b"\xff\xfe" + json.dumps(doc(weights={"Funding": 3})).encode("utf-16-le"), None),
        (b"[" * 10_000, "line 1, [0][0][0][0][0][0][0][0]: nested more than 8 levels deep"),
        (b"\x00\x01binary", "binary data, not text (it holds a NUL byte)"),
        (b"x" * (poll.MAX_BYTES + 1), "too big: 64 KB (a room-poll file is at most 64 KB)"),
        ("not bytes", "not a file's bytes but text"),
        (
            json.dumps({"kit": "other"}).encode(),
            "made by something else (kit is 'other', expected 'aicollab-room-poll')",
        ),
    ]:
        got, why = poll.read_submission(data, "up.json", now=NOW)
        assert why == expected and (got is None) == (expected is not None)


def test_collect_survives_an_unexpected_error_in_one_file(tmp_path, monkeypatch):
    """A last guard: one file that trips an unforeseen bug is skipped with a reason."""
    import importlib

    collect_module = importlib.import_module("aicollab.poll.collect")

    real = collect_module.read_submission

    def flaky(data, file, now=None):
        if file == "b.json":
            raise RuntimeError("boom")
        return real(data, file, now=now)

    monkeypatch.setattr(collect_module, "read_submission", flaky)
    result = poll.collect(folder(tmp_path, {"a.json": doc(weights={"F": 1}), "b.json": doc(weights={"F": 1})}))
    assert result.n == 1
    assert result.skipped["reason"].tolist() == [
        "could not be read (an internal problem: RuntimeError); please report it"
    ]
