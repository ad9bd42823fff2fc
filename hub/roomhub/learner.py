"""A simulated learner: does over HTTP and the kernel websocket what a learner's browser does.

Used by the room rehearsal (``benchmarks/bench_room.py``) and the hub tests. Every step goes
through the real hub: the login form (with its XSRF token), the spawn, the nbgitpuller link
(whose OAuth hand-off gives the learner's server its cookie), JupyterLab's sessions API, and
the kernel's websocket. Needs ``requests`` and ``websocket-client`` (both in the kit's
development environment).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import quote, urlsplit

import requests
import websocket

STEP_TIMEOUT = 180.0  # seconds for any one step (spawn, pull, one cell)


class StepError(RuntimeError):
    """A step failed; the message says which and why."""


class Learner:
    """One learner at ``hub_url`` (e.g. ``http://127.0.0.1:8000``) called ``name``."""

    def __init__(self, hub_url: str, name: str, password: str, timeout: float = STEP_TIMEOUT):
        self.hub_url = hub_url.rstrip("/")
        self.name = name
        self.password = password
        self.timeout = timeout
        self.session = requests.Session()
        self.kernel_id: str | None = None
        self._ws: websocket.WebSocket | None = None
        self._session_id = uuid.uuid4().hex

    # ------------------------------------------------------------------ helpers
    @property
    def server_url(self) -> str:
        return f"{self.hub_url}/user/{quote(self.name)}"

    def _xsrf(self, path_prefix: str) -> str:
        """The ``_xsrf`` cookie set for ``path_prefix`` (the hub and each server have their own)."""
        best = None
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and path_prefix.startswith(cookie.path.rstrip("/") or "/"):
                if best is None or len(cookie.path) > len(best.path):
                    best = cookie
        if best is None:
            raise StepError(f"{self.name}: no XSRF cookie for {path_prefix}")
        return best.value

    def _hub_api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf("/hub/")}
        return self.session.request(
            method, f"{self.hub_url}/hub/api{path}", headers=headers, timeout=self.timeout, **kwargs
        )

    def _server_api(self, method: str, path: str, **kwargs) -> requests.Response:
        prefix = f"/user/{quote(self.name)}/"
        headers = {"X-XSRFToken": self._xsrf(prefix)}
        return self.session.request(
            method, f"{self.server_url}/api{path}", headers=headers, timeout=self.timeout, **kwargs
        )

    # ------------------------------------------------------------------ steps
    def login(self, password: str | None = None) -> None:
        """Sign in through the hub's login form; raises StepError with the form's message if refused."""
        page = self.session.get(f"{self.hub_url}/hub/login", timeout=self.timeout)
        match = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
        if page.status_code != 200 or not match:
            raise StepError(f"{self.name}: login page answered {page.status_code}")
        reply = self.session.post(
            f"{self.hub_url}/hub/login",
            data={
                "username": self.name,
                "password": self.password if password is None else password,
                "_xsrf": match.group(1),
            },
            allow_redirects=False,
            timeout=self.timeout,
        )
        if reply.status_code != 302:
            error = re.search(r'class="login_error">([^<]*)<', reply.text)
            raise StepError(
                f"{self.name}: login refused ({reply.status_code}): {error.group(1).strip() if error else 'no message'}"
            )

    def server_status(self) -> dict:
        reply = self._hub_api("GET", f"/users/{quote(self.name)}")
        reply.raise_for_status()
        return reply.json().get("servers", {}).get("", {})

    def spawn(self) -> None:
        """Start the learner's server (as the link would) and wait until it is ready."""
        reply = self._hub_api("POST", f"/users/{quote(self.name)}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            reason = self._spawn_failure() or reply.text[:200]
            raise StepError(f"{self.name}: spawn failed ({reply.status_code}): {reason}")
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            server = self.server_status()
            if server.get("ready"):
                return
            if not server.get("pending") and not server.get("ready") and server:
                raise StepError(f"{self.name}: server stopped while starting")
            if not server:
                message = self._spawn_failure()
                if message:
                    raise StepError(f"{self.name}: spawn failed: {message}")
            time.sleep(0.5)
        raise StepError(f"{self.name}: server not ready after {self.timeout:.0f} s")

    def _spawn_failure(self) -> str | None:
        """The hub's message when a spawn failed (from the spawn-pending page), or None."""
        page = self.session.get(f"{self.hub_url}/hub/spawn-pending/{quote(self.name)}", timeout=self.timeout)
        match = re.search(r"has failed\.(.*?)Would you like to retry", page.text, re.S)
        if not match:
            return None
        return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) or "the hub gave no reason"

    def stop_server(self) -> None:
        reply = self._hub_api("DELETE", f"/users/{quote(self.name)}/server")
        if reply.status_code not in (202, 204, 400):
            raise StepError(f"{self.name}: stop answered {reply.status_code}")
        deadline = time.monotonic() + self.timeout
        while self.server_status() and time.monotonic() < deadline:
            time.sleep(0.5)

    def pull(self, pull_path: str) -> str:
        """Follow the room's nbgitpuller link, let it clone or merge, return the page it opens."""
        query = pull_path.split("?", 1)[1]
        page = self.session.get(f"{self.hub_url}{pull_path}", timeout=self.timeout)
        if page.status_code != 200 or "git-pull" not in urlsplit(page.url).path:
            raise StepError(f"{self.name}: the link ended at {page.url} ({page.status_code})")
        events = self.session.get(f"{self.server_url}/git-pull/api?{query}", stream=True, timeout=self.timeout)
        last = None
        with events:
            for line in events.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    last = json.loads(line[5:])
                    if last.get("phase") in ("finished", "error"):
                        break
        if not last or last.get("phase") != "finished":
            raise StepError(f"{self.name}: nbgitpuller did not finish: {(last or {}).get('message')}")
        urlpath = re.search(r"urlpath=([^&]+)", query)
        return requests.utils.unquote(urlpath.group(1)) if urlpath else ""

    def open_lab(self) -> None:
        """Open JupyterLab as the browser does (the OAuth hand-off gives the server's cookies)."""
        page = self.session.get(f"{self.server_url}/lab", timeout=self.timeout)
        if page.status_code != 200:
            raise StepError(f"{self.name}: JupyterLab answered {page.status_code}")

    def start_kernel(self, notebook_path: str) -> str:
        """Open a notebook's kernel (JupyterLab's sessions API) and connect to its websocket."""
        reply = self._server_api(
            "POST",
            "/sessions",
            json={
                "path": notebook_path,
                "type": "notebook",
                "name": notebook_path.rsplit("/", 1)[-1],
                "kernel": {"name": "python3"},
            },
        )
        if reply.status_code not in (200, 201):
            raise StepError(f"{self.name}: kernel start answered {reply.status_code}: {reply.text[:200]}")
        self.kernel_id = reply.json()["kernel"]["id"]
        self._connect()
        return self.kernel_id

    def _connect(self) -> None:
        if self._ws is not None:
            self._ws.close()
        url = (
            self.server_url.replace("http", "ws", 1)
            + f"/api/kernels/{self.kernel_id}/channels?session_id={self._session_id}"
        )
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        self._ws = websocket.create_connection(url, cookie=cookie, timeout=self.timeout, origin=self.hub_url)

    def execute(self, code: str) -> dict:
        """Run code in the kernel; returns {'status', 'stdout', 'error'}; waits for the kernel to go idle."""
        msg_id = uuid.uuid4().hex
        self._ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.name,
                        "session": self._session_id,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        result = {"status": None, "stdout": "", "error": None}
        idle = False
        deadline = time.monotonic() + self.timeout
        while not (idle and result["status"]):
            if time.monotonic() > deadline:
                raise StepError(f"{self.name}: a cell did not finish in {self.timeout:.0f} s")
            try:
                msg = json.loads(self._ws.recv())
            except websocket.WebSocketTimeoutException as error:
                raise StepError(f"{self.name}: the kernel went silent") from error
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"].get("name") == "stdout":
                result["stdout"] += msg["content"]["text"]
            elif kind == "error":
                result["error"] = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                result["status"] = msg["content"]["status"]
                if result["status"] == "error" and not result["error"]:
                    result["error"] = f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
        return result

    def run(self, code: str) -> str:
        """Run code and return its printed output; raise StepError if it failed."""
        result = self.execute(code)
        if result["status"] != "ok":
            raise StepError(f"{self.name}: cell failed: {result['error']}")
        return result["stdout"]

    def restart_kernel(self) -> None:
        reply = self._server_api("POST", f"/kernels/{self.kernel_id}/restart")
        if reply.status_code != 200:
            raise StepError(f"{self.name}: kernel restart answered {reply.status_code}")
        self._connect()

    def kernel_alive(self) -> bool:
        reply = self._server_api("GET", f"/kernels/{self.kernel_id}")
        return reply.status_code == 200

    def read_file(self, path: str) -> str | None:
        """A text file from the learner's home through the contents API (None if missing)."""
        reply = self._server_api(
            "GET", f"/contents/{quote(path)}", params={"content": "1", "format": "text", "type": "file"}
        )
        if reply.status_code == 404:
            return None
        reply.raise_for_status()
        return reply.json()["content"]

    def write_file(self, path: str, text: str) -> None:
        reply = self._server_api(
            "PUT", f"/contents/{quote(path)}", json={"type": "file", "format": "text", "content": text}
        )
        if reply.status_code not in (200, 201):
            raise StepError(f"{self.name}: saving {path} answered {reply.status_code}")

    def submit_poll(self) -> str:
        """Send a room-poll answer from the learner's kernel, as "Send to the room" does; returns the reply.

        The kernel uses the kit's own client (``aicollab.poll.send``): it finds the room poll from
        JupyterHub's environment variables and the hub's ``AICOLLAB_ROOM_POLL_URL``, and posts
        with the server's API token to ``/services/room-poll/api/submissions``. A refusal or a
        poll that does not answer fails the cell (a StepError).
        """
        return self.run(
            "from aicollab.poll import barrier_names, known_resources\n"
            "from aicollab.poll.send import send_choices\n"
            "weights = {r: 10 + 5 * i for i, r in enumerate(known_resources()[:4])}\n"
            "reply = send_choices(weights=weights, barrier_ranking=barrier_names()[:3], show_name=True)\n"
            "print(reply['message'])\n"
        ).strip()

    def shutdown_kernel(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        if self.kernel_id:
            self._server_api("DELETE", f"/kernels/{self.kernel_id}")
            self.kernel_id = None

    def close(self) -> None:
        try:
            if self._ws is not None:
                self._ws.close()
        finally:
            self.session.close()
