"""The room-poll service's parts without a hub: storage, intake, pages, the kernel's client, the book's script.

The whole service under a real hub is tested in test_poll_service.py (root only); these run
anywhere, in seconds, and pin the rules each part keeps: SQLite in WAL mode with every
submission committed and the history kept; the same reading rules as ``collect``; answers keyed
by the hub user whatever the body claims; everything from learners escaped; the kernel's
"Send to the room" finding the room only on the hub and saving a file when the poll does not
answer; the book's buttons doing the same in a browser.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import socket
import sqlite3
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hub_support import answers

from aicollab import poll
from aicollab.poll import fileformat, send
from aicollab.service import intake, views
from aicollab.service.store import Store

REPO = Path(__file__).resolve().parents[2]
HOSTILE = '<img src=x onerror="window.pwned=1">'


def body(**fields) -> bytes:
    return json.dumps(answers(**fields)).encode()


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


def _accept(store, user, data):
    accepted, reason = intake.accept(store, user, data)
    assert accepted is not None, reason
    return store.add(user, accepted.document, data, accepted.notes)


# --------------------------------------------------------------------------- storage
def test_the_store_uses_wal_commits_every_submission_and_keeps_history(store, tmp_path):
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    _accept(store, "ann", body(weights={"Funding": 1}))
    _accept(store, "bo", body(weights={"Funding": 2}))
    _accept(store, "ann", body(weights={"Funding": 3}))
    # another connection (another process) sees every row at once: each add was committed
    other = sqlite3.connect(store.path)
    assert other.execute("SELECT user FROM submissions ORDER BY id").fetchall() == [("ann",), ("bo",), ("ann",)]
    other.close()
    current = {row.user: row for row in store.current()}
    assert current["ann"].document["weights"] == {"Funding": 3.0} and current["ann"].versions == 2
    assert current["bo"].document["weights"] == {"Funding": 2.0} and current["bo"].versions == 1
    assert [json.loads(raw)["weights"] for _, _, _, raw in store.history("ann")] == [{"Funding": 1}, {"Funding": 3}]
    # reopened (the service restarted): everything is still there, ids unchanged
    ann_id = store.submission_id("ann")
    again = Store(tmp_path / "data")
    assert [r.user for r in again.current()] == ["ann", "bo"] and again.submission_id("ann") == ann_id
    again.close()


def test_submission_ids_are_one_per_learner_and_differ_between_rooms(store, tmp_path):
    other = Store(tmp_path / "other-room")
    assert store.submission_id("ann") == store.submission_id("ann") != store.submission_id("bo")
    assert store.submission_id("ann") != other.submission_id("ann")
    other.close()


def test_the_reveal_switch_is_stored_and_changes_the_version(store):
    before = store.version()
    assert store.revealed is False
    store.set_revealed(True)
    assert store.revealed is True and store.version() != before


# --------------------------------------------------------------------------- intake
def test_answers_are_keyed_by_the_hub_user_whatever_the_body_claims(store):
    ann = _accept(store, "ann", body(weights={"Funding": 10}))
    claim = body(submission_id=ann.document["submission_id"], name="ann", weights={"Funding": 99})
    accepted, _ = intake.accept(store, "bo", claim)
    assert accepted.document["submission_id"] == store.submission_id("bo") != ann.document["submission_id"]
    assert accepted.document["name"] == "bo"  # opted in: the hub name, not the typed one
    assert ["name", "ann", "the room shows your hub name (bo), never a name typed in the answers"] in accepted.notes
    anonymous, _ = intake.accept(store, "bo", body(weights={"Funding": 1}))
    assert anonymous.document["name"] is None and not anonymous.notes


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json at all",
        b'{"kit": "aicollab-room-poll", "version": 1, "weights": {"Funding": 3',
        b"[1, 2, 3]",
        json.dumps({"kit": "another-tool", "version": 1}).encode(),
        body(version=2, weights={"Funding": 1}),
        body(weights={"Funding": -1}),
        body(weights={"Funding": 5}, barrier_ranking=["not a barrier"]),
        body(weights={"Funding": 5, "Legal": "lots"}),
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_intake_applies_exactly_the_rules_collect_applies(store, tmp_path, data):
    """One set of rules: a post is refused with collect's reason, or counted as collect counts its file."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "your answers").write_bytes(data)
    result = poll.collect(tmp_path / "inbox")
    accepted, reason = intake.accept(store, "ann", data)
    if result.n == 0:
        assert accepted is None and reason == result.skipped["reason"].iloc[0]
    else:
        assert reason is None
        counted = result.weights.set_index("resource")["weight"].to_dict()
        assert accepted.document["weights"] == counted
        assert [n for n in accepted.notes] == [list(r) for r in result.rejected[["field", "entry", "reason"]].values]


def test_intake_reads_through_the_file_formats_one_entry_point(store, monkeypatch):
    seen = []

    def spy(data, file="submission.json", **_):
        seen.append(data)
        return None, "refused by the one rule"

    monkeypatch.setattr(intake, "read_submission", spy)
    assert intake.accept(store, "ann", b"{}") == (None, "refused by the one rule") and seen == [b"{}"]


def test_bodies_over_the_limit_are_refused_before_reading(store):
    accepted, reason = intake.accept(store, "ann", b" " * (fileformat.MAX_BYTES + 1))
    assert accepted is None and "larger than 64 KB" in reason


def test_the_rooms_tables_and_exports_are_collects(store, tmp_path):
    _accept(store, "ann", body(weights={"Funding": 10, "Image data sharing": 30}, barrier_ranking=["legal"]))
    _accept(store, "bo", body(name="bo", barrier_ranking=["standards", "legal"], capstone={"Q": "yes"}))
    rows = store.current()
    result = intake.room_result(rows)
    assert result.n == 2 and result.skipped.empty and result.rejected.empty
    assert set(result.submissions["name"].dropna()) == {"bo"}
    zipfile.ZipFile(io.BytesIO(intake.export_zip(rows))).extractall(tmp_path / "out")
    again = poll.collect(tmp_path / "out" / "room_poll_inbox")
    assert again.answers().equals(result.answers())
    assert intake.export_csv(rows).decode().splitlines()[0] == "submission_id,name,created,field,item,value"


# --------------------------------------------------------------------------- pages
def test_everything_from_learners_is_escaped_on_the_pages(store):
    _accept(
        store,
        "ann",
        body(weights={HOSTILE: 40, "Funding": 5}, capstone={"Credit for clinicians": "</script><b>bold</b>"}),
    )
    rows = store.current()
    result = intake.room_result(rows)
    page = views.room_sections(result, rows) + views.mine(rows[0], "ann")
    assert HOSTILE not in page and "<b>bold</b>" not in page and "</script><b>" not in page
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in page
    assert "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    # the charts' data blocks hold the hostile text only as \u escapes
    blocks = [
        b.split("</script>", 1)[0] for b in page.split('<script type="application/json" class="room-poll-spec">')[1:]
    ]
    assert len(blocks) == 2 and not any("<" in data or ">" in data for data in blocks)
    # ... and the weights chart still names the resource exactly as the learner wrote it
    assert HOSTILE in _strings(json.loads(blocks[0]))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []


def test_the_page_names_only_learners_who_opted_in(store):
    _accept(store, "ann", body(weights={"Funding": 1}))
    _accept(store, "bo", body(name="anything", weights={"Funding": 2}))
    line = views.names_line(store.current())
    assert "Showing their names: bo." in line and "ann" not in line and "1 answered without" in line


def test_nothing_in_the_kit_imports_the_service():
    """Lessons (and everything they import) never load the service: only the hub starts it."""
    import ast

    users = []
    for path in sorted((REPO / "aicollab").rglob("*.py")):
        if "service" in path.relative_to(REPO / "aicollab").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            if any(n == "aicollab.service" or n.startswith("aicollab.service.") for n in names):
                users.append(str(path.relative_to(REPO)))
    notebooks = [p.name for p in REPO.glob("*/*.ipynb") if "aicollab.service" in p.read_text(encoding="utf-8")]
    assert not users and not notebooks, (users, notebooks)


# --------------------------------------------------------------------------- the kernel's client
def test_the_kernel_finds_the_room_only_on_the_hub():
    hub = {"AICOLLAB_ROOM_POLL_URL": "http://127.0.0.1:9/services/room-poll", "JUPYTERHUB_API_TOKEN": "t"}
    assert send.room_target({**hub, "JUPYTERHUB_USER": "ann"}) == send.RoomTarget(
        "http://127.0.0.1:9/services/room-poll/", "t", "ann"
    )
    assert send.room_target(hub) is None  # not a learner's server
    assert send.room_target({"JUPYTERHUB_API_TOKEN": "t", "JUPYTERHUB_USER": "ann"}) is None  # a hub without the poll
    assert send.room_target({}) is None
    secret = {**hub, "JUPYTERHUB_API_TOKEN": "secret-token", "JUPYTERHUB_USER": "ann"}
    assert "secret-token" not in repr(send.room_target(secret))


class _FakePoll(http.server.BaseHTTPRequestHandler):
    replies: list[tuple[int, dict]] = []
    seen: list[tuple[str, dict, bytes]] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        data = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append((self.path, dict(self.headers), data))
        status, reply = self.replies.pop(0)
        payload = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def fake_poll(*replies):
    _FakePoll.replies, _FakePoll.seen = list(replies), []
    server = http.server.HTTPServer(("127.0.0.1", 0), _FakePoll)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield send.RoomTarget(f"http://127.0.0.1:{server.server_port}/services/room-poll/", "secret", "ann")
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_send_choices_posts_the_file_format_with_the_servers_token():
    with fake_poll((201, {"message": "Sent to the room.", "notes": []})) as target:
        reply = send.send_choices(barrier_ranking=["legal"], show_name=True, target=target)
    assert reply["message"] == "Sent to the room."
    path, headers, data = _FakePoll.seen[0]
    assert path == "/services/room-poll/api/submissions" and headers["Authorization"] == "token secret"
    submission, reason = fileformat.read_submission(data)
    assert reason is None and submission.ranking == ["legal"] and submission.name == "ann"


def test_send_choices_gives_plain_messages_when_refused_or_unreachable():
    with pytest.raises(ValueError, match="not sent:\n- weights: Funding: the weight is negative"):  # nothing is sent
        send.send_choices(weights={"Funding": -1}, target=send.RoomTarget("http://127.0.0.1:9/", "t", "ann"))
    with fake_poll((413, {"message": "Not sent: the answers are larger than 64 KB."})) as target:
        with pytest.raises(ValueError, match="did not accept your answers: Not sent: the answers are larger"):
            send.send_choices(weights={"Funding": 1}, target=target)
    with fake_poll((503, {"message": "down"})) as target:
        with pytest.raises(send.NotSent, match="answered 503"):
            send.send_choices(weights={"Funding": 1}, target=target)
    with pytest.raises(send.NotSent, match="did not answer"):
        send.send_choices(
            weights={"Funding": 1}, target=send.RoomTarget(f"http://127.0.0.1:{_closed_port()}/", "t", "a")
        )


def test_the_button_on_the_hub_sends_and_saves_a_file_when_the_poll_does_not_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t")
    monkeypatch.setenv("JUPYTERHUB_USER", "ann")
    with fake_poll((201, {"message": "Sent to the room. Your answers replace any you sent before.", "notes": []})) as t:
        monkeypatch.setenv("AICOLLAB_ROOM_POLL_URL", t.url)
        button, show_name, status = poll.export_button(lambda: {"weights": {"Funding": 4}}, path=tmp_path).children
        assert button.description == "Send to the room" and "ann" in show_name.description
        button.click()
    assert "Sent to the room." in status.value and not list(tmp_path.iterdir())
    monkeypatch.setenv("AICOLLAB_ROOM_POLL_URL", f"http://127.0.0.1:{_closed_port()}/services/room-poll/")
    button, _, status = poll.export_button(lambda: {"weights": {"Funding": 4}}, path=tmp_path).children
    button.click()
    assert "Not sent." in status.value and "saved to" in status.value
    saved = poll.collect(tmp_path)
    assert saved.n == 1 and saved.weights["weight"].tolist() == [4.0]  # nothing lost


# --------------------------------------------------------------------------- the book's script
def test_the_books_buttons_send_on_the_hub_and_download_when_the_poll_does_not_answer(tmp_path):
    sys.path.insert(0, str(REPO / "tests"))
    from aicollab.display.ranking_form import static_ranking_form

    from browser_helpers import chromium, guarded_page, kit_page, save_and_collect

    meta = json.dumps({"submit": "/services/room-poll/api/submissions", "xsrf": "x", "user": "ann"})
    page_file = tmp_path / "rank.html"
    head = f'<meta name="aicollab-room-poll" content="{views.text(meta)}">'  # what the service adds to a book page
    page_file.write_text(kit_page(static_ranking_form().markup, "Barriers", head=head), encoding="utf-8")
    browsers = chromium()
    browser = next(browsers)
    try:
        context = browser.new_context(accept_downloads=True)
        blocked: list[str] = []
        page = guarded_page(context, blocked)
        page.goto(page_file.as_uri())
        page.wait_for_selector("form.aicollab-ranking-form")
        assert page.inner_text("button.aicollab-ranking-save") == "Send to the room"
        assert "Show my hub name (ann) to the room" in page.inner_text("label.aicollab-show-name")
        # the page is a file here, so the post cannot reach a poll: the answers download instead
        saved, result = save_and_collect(page, "Send to the room", tmp_path / "inbox")
        assert result.n == 1 and saved["barrier_ranking"] == ["privacy_security", "workforce", "standards"]
        page.wait_for_function("() => /instead/.test(document.querySelector('.aicollab-ranking-status').textContent)")
        assert "nothing was sent" in page.inner_text(".aicollab-ranking-status")
        context.close()
    finally:
        with contextlib.suppress(StopIteration):
            next(browsers)
