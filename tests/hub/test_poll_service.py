"""The live room poll (issue 15) under a real hub on loopback: two learners and an instructor.

One throw-away hub for the whole module (``rehearsal.temporary_hub``), started after the book is
built, so the room-poll service also serves the book. Learners ``ann`` and ``bo`` sign in through
the hub's form and make API tokens as any learner could; the instructor signs in as the hub's
admin. Every rule of the issue gets a test: 403 for outsiders and for learners reading the room,
413 over 64 KB, 400 for malformed or foreign bodies, XSRF for browser posts, replace-own-only
(also when a post claims another learner's id or name), names only when a learner opted in,
30 simultaneous submissions, the exports read back by ``collect``, the book's button in
Chromium, the escaped live page, and last, kill -9 of the service and a hub restart with
nothing acknowledged lost.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hub_support import answers, requires_root
from roomhub import rehearsal
from roomhub.learner import Learner

pytestmark = requires_root

POLL = "/services/room-poll/"
REPO = rehearsal.REPO
HOSTILE_RESOURCE = '<img src=x onerror="window.pwned=1">'
HOSTILE_ANSWER = "</script><script>window.pwned=2</script>"


def _fresh_book() -> Path:
    """The built book, rebuilt first if its sources changed (the e2e suite's rule).

    ``AICOLLAB_HUB_BOOK`` names an already built book to serve instead (no build).
    """
    if os.environ.get("AICOLLAB_HUB_BOOK"):
        return Path(os.environ["AICOLLAB_HUB_BOOK"])
    sys.path.insert(0, str(REPO / "tests" / "e2e"))
    import e2e_support

    return e2e_support.ensure_book_built().html_dir


class Room:
    """The hub, its people and their API tokens."""

    def __init__(self, room, env):
        self.room, self.env = room, env
        self.url = room.local_url
        self.people = {name: self._signed_in(name, room.room_password) for name in ("ann", "bo")}
        self.people["instructor"] = self._signed_in(room.admin_user, room.admin_password)
        self.tokens = {name: self._token(learner) for name, learner in self.people.items()}

    def _signed_in(self, name, password):
        learner = Learner(self.url, name, password, timeout=60)
        learner.login()
        return learner

    @staticmethod
    def _token(learner) -> str:
        reply = learner._hub_api("POST", f"/users/{learner.name}/tokens", json={"note": "room-poll test"})
        assert reply.status_code in (200, 201), reply.text
        return reply.json()["token"]

    def call(self, who: str | None, method: str, path: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if who is not None:
            headers["Authorization"] = f"token {self.tokens.get(who, who)}"
        return requests.request(method, self.url + POLL + path, headers=headers, timeout=60, **kwargs)

    def send(self, who: str, document: dict | bytes) -> requests.Response:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        return self.call(who, "POST", "api/submissions", data=body, headers={"Content-Type": "application/json"})

    def listing(self) -> dict[str, dict]:
        reply = self.call("instructor", "GET", "api/submissions")
        assert reply.status_code == 200, reply.text
        return {entry["user"]: entry for entry in reply.json()}


@pytest.fixture(scope="module")
def room():
    book = _fresh_book()
    with rehearsal.temporary_hub(extra_env={"AICOLLAB_HUB_BOOK": str(book)}) as (hub_room, env):
        yield Room(hub_room, env)


# --------------------------------------------------------------------------- who may do what
def test_only_signed_in_hub_users_reach_the_poll(room):
    for reply in (
        room.call(None, "GET", "api/submissions/mine"),
        room.call(None, "POST", "api/submissions", data=b"{}"),
        room.call("not-a-real-token", "GET", "api/submissions/mine"),
    ):
        assert reply.status_code == 403, reply.text
        assert "sign in to the hub" in reply.json()["message"].lower()
    # a browser without a hub session is sent to the hub's login (OAuth), never shown the page
    page = requests.get(room.url + POLL, allow_redirects=False, timeout=30)
    assert page.status_code == 302 and "/hub/api/oauth2/authorize" in page.headers["Location"]


def test_a_learner_sends_answers_and_sees_only_their_own(room):
    reply = room.send("ann", answers(weights={"Image data sharing": 30, "Funding": 10}, barrier_ranking=["legal"]))
    assert reply.status_code == 201, reply.text
    assert reply.json()["message"].startswith("Sent to the room.")
    mine = room.call("ann", "GET", "api/submissions/mine").json()
    assert mine["user"] == "ann" and mine["versions"] == 1
    assert mine["submission"]["weights"] == {"Image data sharing": 30.0, "Funding": 10.0}
    assert mine["submission"]["barrier_ranking"] == ["legal"] and mine["submission"]["name"] is None
    assert room.call("bo", "GET", "api/submissions/mine").json()["submission"] is None


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "api/submissions"),
        ("GET", "api/aggregate"),
        ("POST", "api/reveal"),
        ("GET", "export/room-poll.zip"),
        ("GET", "export/room-poll.csv"),
    ],
)
def test_a_learner_cannot_read_the_room_or_reveal_it(room, method, path):
    reply = room.call("bo", method, path, json={"revealed": True} if method == "POST" else None)
    assert reply.status_code == 403, reply.text
    assert "ann" not in reply.text and "Image data sharing" not in reply.text


def test_the_instructor_lists_one_current_submission_per_learner(room):
    listing = room.listing()
    assert set(listing) == {"ann"}
    entry = listing["ann"]
    assert entry["weights"] == {"Image data sharing": 30.0, "Funding": 10.0}
    assert entry["barrier_ranking"] == ["legal"] and entry["capstone"] == {}
    assert entry["kit"] == "aicollab-room-poll" and entry["version"] == 1 and entry["created"]
    uuid.UUID(entry["submission_id"])


def test_a_post_claiming_another_learners_id_or_name_replaces_only_its_own(room):
    ann_id = room.listing()["ann"]["submission_id"]
    claim = answers(submission_id=ann_id, name="ann", weights={"Funding": 99})
    reply = room.send("bo", claim)
    assert reply.status_code == 201, reply.text
    assert any(note[0] == "name" and "bo" in note[2] for note in reply.json()["notes"])
    listing = room.listing()
    assert listing["ann"]["weights"] == {"Image data sharing": 30.0, "Funding": 10.0}  # untouched
    assert listing["ann"]["submission_id"] == ann_id and listing["ann"]["name"] is None
    assert listing["bo"]["weights"] == {"Funding": 99.0}
    assert listing["bo"]["submission_id"] != ann_id and listing["bo"]["name"] == "bo"  # the hub name, opted in
    # ann's newer answers replace her own; her history is kept
    assert room.send("ann", answers(barrier_ranking=["standards", "legal"])).status_code == 201
    listing = room.listing()
    assert listing["ann"]["barrier_ranking"] == ["standards", "legal"] and listing["ann"]["weights"] == {}
    assert listing["ann"]["submission_id"] == ann_id and listing["ann"]["versions"] == 2
    assert listing["bo"]["weights"] == {"Funding": 99.0} and listing["bo"]["versions"] == 1


# --------------------------------------------------------------------------- bad bodies
def test_bodies_over_64_kb_get_413_and_nothing_is_stored(room):
    before = room.listing()["bo"]
    padded = answers(capstone={"Which sharing rule would you propose?": "x" * (64 * 1024)})
    for body in (json.dumps(padded).encode(), b"{" + b" " * (64 * 1024) + b"}", b"x" * (512 * 1024)):
        reply = room.send("bo", body)
        assert reply.status_code == 413, (len(body), reply.status_code, reply.text[:200])
        assert "larger than 64 KB" in reply.json()["message"]
    assert room.listing()["bo"] == before


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"kit": "aicollab-room-poll", "version": 1, "weights": {"Funding": 3', "broken JSON"),
        (b"weights: Funding=3", "not JSON"),
        (b'["aicollab-room-poll", 1]', "not an object"),
        (json.dumps({"kit": "another-tool", "version": 1}).encode(), "made by something else"),
        (json.dumps(answers(version=2, weights={"Funding": 3})).encode(), "format version 2"),
        (json.dumps(answers(weights={"Funding": -5})).encode(), "no usable answers"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        (b"\xff\xfe\x00\x00binary", "UTF-32 text"),
        (b"", "empty"),
    ],
)
def test_malformed_or_foreign_bodies_get_400_with_a_plain_message(room, body, words):
    before = room.listing()
    reply = room.send("bo", body)
    assert reply.status_code == 400, reply.text
    message = reply.json()["message"]
    assert message.startswith("Not sent: ") and words in message, message
    assert "Traceback" not in reply.text and len(message) < 400
    assert room.listing() == before


def test_browser_posts_need_the_xsrf_token(room):
    browser = room.people["bo"]
    page = browser.session.get(room.url + POLL, timeout=60)  # the hub's OAuth signs bo in to the service
    assert page.status_code == 200 and "Signed in as <strong>bo</strong>" in page.text
    body = json.dumps(answers(weights={"Funding": 7})).encode()
    url = room.url + POLL + "api/submissions"
    refused = browser.session.post(url, data=body, timeout=60)
    assert refused.status_code == 403, refused.text
    assert room.listing()["bo"]["weights"] == {"Funding": 99.0}
    sent = browser.session.post(url, data=body, headers={"X-XSRFToken": browser._xsrf(POLL)}, timeout=60)
    assert sent.status_code == 201, sent.text
    assert room.listing()["bo"]["weights"] == {"Funding": 7.0}


# --------------------------------------------------------------------------- what the room sees
def test_the_aggregate_is_shown_to_learners_only_once_revealed_with_opted_in_names(room):
    assert room.call("ann", "GET", "api/aggregate").status_code == 403
    assert room.call("instructor", "POST", "api/reveal", json={"revealed": True}).json() == {"revealed": True}
    try:
        shown = room.call("ann", "GET", "api/aggregate")
        assert shown.status_code == 200, shown.text
        data = shown.json()
        assert data["learners"] == 2 and data["names"] == []  # bo's last post did not opt in
        assert room.send("bo", answers(name="Bo B.", weights={"Funding": 7})).status_code == 201
        data = room.call("ann", "GET", "api/aggregate").json()
        assert data["names"] == ["bo"]  # the hub name, never the typed one
        assert {"weights", "barriers"} <= set(data["charts"])
        page = room.people["ann"].session.get(room.url + POLL, timeout=60).text
        assert "Showing their names: bo. 1 answered without showing their name." in page
    finally:
        room.call("instructor", "POST", "api/reveal", json={"revealed": False})
    assert room.call("ann", "GET", "api/aggregate").status_code == 403


def test_thirty_simultaneous_submissions_are_all_stored(room):
    names = [f"p{i:02d}" for i in range(1, 31)]
    created = requests.post(
        room.url + "/hub/api/users",
        json={"usernames": names},
        headers={"Authorization": f"token {room.tokens['instructor']}"},
        timeout=60,
    )
    assert created.status_code == 201, created.text
    for name in names:
        reply = requests.post(
            f"{room.url}/hub/api/users/{name}/tokens",
            json={"note": "room-poll test"},
            headers={"Authorization": f"token {room.tokens['instructor']}"},
            timeout=60,
        )
        assert reply.status_code == 201, reply.text
        room.tokens[name] = reply.json()["token"]
    start = threading.Barrier(len(names))
    replies: dict[str, int] = {}

    def post(index, name):
        start.wait()
        replies[name] = room.send(name, answers(weights={"Funding": index + 1})).status_code

    threads = [threading.Thread(target=post, args=(i, n)) for i, n in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert replies == dict.fromkeys(names, 201)
    listing = room.listing()
    assert all(listing[n]["weights"] == {"Funding": float(i + 1)} for i, n in enumerate(names))
    assert len(listing) == 32


def test_the_exports_are_read_by_collect(room, tmp_path):
    from aicollab import poll

    archive = room.call("instructor", "GET", "export/room-poll.zip")
    assert archive.status_code == 200 and archive.headers["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(archive.content)).extractall(tmp_path)
    result = poll.collect(tmp_path / "room_poll_inbox")
    listing = room.listing()
    assert result.n == len(listing) and result.skipped.empty
    assert sorted(result.submissions["submission_id"]) == sorted(e["submission_id"] for e in listing.values())
    assert set(result.submissions["name"].dropna()) == {"bo"}
    table = room.call("instructor", "GET", "export/room-poll.csv")
    assert table.status_code == 200 and table.text.splitlines()[0] == "submission_id,name,created,field,item,value"
    assert table.text.count("\n") == len(result.answers()) + 1


# --------------------------------------------------------------------------- browsers
def _browser():
    """Headless Debian Chromium: the kit's one browser harness (skips with the reason when it is missing)."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser_helpers import chromium

    return contextlib.contextmanager(chromium)()


def _open_signed_in(context, room, name, password, path):
    """Sign in through the hub's form and land on ``path`` (no server is spawned on the way)."""
    page = context.new_page()
    page.goto(room.url + "/hub/login?next=" + quote(path))
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("[type=submit]")
    page.wait_for_url(room.url + path, timeout=120_000)
    return page


def _serious_axe_violations(page) -> list[dict]:
    sys.path.insert(0, str(REPO / "tests" / "e2e"))
    import e2e_support

    found = e2e_support.run_axe(page)
    return [v for v in found if v["impact"] in e2e_support.FAILING_IMPACTS]


def test_the_books_button_sends_to_the_room_from_the_hub_served_book(room):
    from aicollab.lessons import barriers as B

    with _browser() as browser:
        context = browser.new_context(accept_downloads=True)
        errors: list[str] = []
        context.on("weberror", lambda e: errors.append(str(e.error)))
        page = _open_signed_in(context, room, "cy", room.room.room_password, POLL + "book/notebooks/03_barriers.html")
        page.wait_for_selector("form.aicollab-ranking-form")
        save = page.locator("button.aicollab-ranking-save")
        assert save.inner_text() == "Send to the room"
        chosen = [B.BARRIERS[3], B.BARRIERS[0], B.BARRIERS[5]]
        page.click("button:has-text('Clear my ranking')")
        for rank, name in enumerate(chosen, start=1):
            page.select_option(f"select[name={name}]", str(rank))
        page.check("label.aicollab-show-name input")
        save.click()
        page.wait_for_function(
            "() => document.querySelector('.aicollab-ranking-status').textContent.startsWith('Sent to the room')",
            timeout=30_000,
        )
        # the other tools' buttons send too
        page.goto(room.url + POLL + "book/notebooks/04_value_and_ip.html", timeout=120_000)
        page.wait_for_selector(".aicollab-weights-poll button[data-aicollab-room]")
        assert page.locator(".aicollab-weights-poll button").inner_text() == "Send to the room"
        context.close()
        assert not errors, errors
    entry = room.listing()["cy"]
    assert entry["barrier_ranking"] == chosen and entry["name"] == "cy"


def test_the_instructors_page_escapes_answers_draws_charts_and_refreshes(room):
    hostile = answers(weights={HOSTILE_RESOURCE: 40, "Funding": 5}, capstone={"Credit for clinicians": HOSTILE_ANSWER})
    assert room.send("ann", hostile).status_code == 201
    html = room.people["instructor"].session.get(room.url + POLL, timeout=60)
    assert html.status_code == 200
    assert "script-src 'self'" in html.headers["Content-Security-Policy"]
    assert HOSTILE_RESOURCE not in html.text and HOSTILE_ANSWER not in html.text
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in html.text
    with _browser() as browser:
        context = browser.new_context()
        problems: list[str] = []
        context.on("weberror", lambda e: problems.append(str(e.error)))
        context.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        context.on("dialog", lambda d: (problems.append("dialog " + d.message), d.dismiss()))
        page = _open_signed_in(context, room, room.room.admin_user, room.room.admin_password, POLL)
        page.wait_for_selector(".aicollab-vega[data-aicollab-rendered]", timeout=60_000)
        assert page.locator(".aicollab-vega[data-aicollab-rendered]").count() == 2
        assert HOSTILE_ANSWER in page.inner_text("main")
        assert page.evaluate("() => window.pwned") is None
        assert page.locator("main img").count() == 0
        # a new answer appears without reloading the page
        learners = page.inner_text(".room-poll-counts")
        assert room.send("bo", answers(barrier_ranking=["funding"])).status_code == 201
        page.wait_for_function(
            "(before) => document.querySelector('.room-poll-counts').textContent !== before"
            " || document.querySelector('#room-poll-status').textContent.startsWith('Updated')",
            arg=learners,
            timeout=30_000,
        )
        assert page.evaluate("() => window.pwned") is None
        context.close()
        assert not problems, problems
        # accessibility (axe-core), at desktop and phone sizes, in contexts that may inject axe
        for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
            context = browser.new_context(viewport=size, bypass_csp=True)
            page = _open_signed_in(context, room, room.room.admin_user, room.room.admin_password, POLL)
            page.wait_for_selector(".aicollab-vega[data-aicollab-rendered]", timeout=60_000)
            serious = _serious_axe_violations(page)
            context.close()
            assert not serious, serious


# --------------------------------------------------------------------------- JupyterLab
def test_the_jupyterlab_button_sends_from_a_learners_kernel(room):
    ann = room.people["ann"]
    ann.spawn()
    ann.open_lab()
    try:
        ann.start_kernel("poll-check.ipynb")
        out = ann.run(
            "from aicollab.poll import export_button\n"
            "box = export_button(lambda: {'barrier_ranking': ['workforce', 'legal']})\n"
            "button, show_name, status = box.children\n"
            "show_name.value = True\n"
            "button.click()\n"
            "print(button.description)\n"
            "print(status.value)\n"
        )
        ann.shutdown_kernel()
    finally:
        ann.stop_server()
    assert out.splitlines()[0] == "Send to the room", out
    assert "Sent to the room." in out, out
    entry = room.listing()["ann"]
    assert entry["barrier_ranking"] == ["workforce", "legal"] and entry["name"] == "ann"


# --------------------------------------------------------------------------- crashes
def _service_pid(room) -> int | None:
    marker = str(room.room.poll_data_dir).encode()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
            except OSError:
                continue
            if b"aicollab.service" in cmdline and marker in cmdline:
                return int(name)
    return None


def _stored_weights(room, user) -> list[float]:
    """Every stored submission of ``user`` (history), read from the service's database."""
    db = sqlite3.connect(f"file:{room.room.poll_data_dir / 'room-poll.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT document FROM submissions WHERE user = ? ORDER BY id", (user,)).fetchall()
    finally:
        db.close()
    return [json.loads(d)["weights"].get("Funding") for (d,) in rows]


def test_kill_9_and_a_hub_restart_lose_nothing_acknowledged(room):
    pid = _service_pid(room)
    assert pid, "the room-poll service is not running"
    acknowledged: list[float] = []
    stop = threading.Event()

    def keep_sending():
        value = 1000.0
        while not stop.is_set():
            value += 1
            try:
                if room.send("ann", answers(weights={"Funding": value % 100})).status_code == 201:
                    acknowledged.append(value % 100)
            except requests.RequestException:
                pass
            time.sleep(0.05)

    sender = threading.Thread(target=keep_sending)
    sender.start()
    try:
        deadline = time.monotonic() + 30
        while len(acknowledged) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
        at_kill = len(acknowledged)
        # the hub notices (it polls its services every 30 s or so) and starts the service again
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (_service_pid(room) in (None, pid) or len(acknowledged) < at_kill + 3):
            time.sleep(0.5)
    finally:
        stop.set()
        sender.join(60)
    new_pid = _service_pid(room)
    assert new_pid and new_pid != pid, "the hub did not restart the service"
    stored = _stored_weights(room, "ann")
    assert set(acknowledged) <= set(stored), sorted(set(acknowledged) - set(stored))
    assert room.listing()["ann"]["weights"]["Funding"] == stored[-1]
    before = room.listing()
    restarted = rehearsal.hub_sh(room.env, "restart", timeout=300)
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and room.call("instructor", "GET", "api/submissions").status_code != 200:
        time.sleep(0.5)
    assert room.listing() == before
