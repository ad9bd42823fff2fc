"""The room rehearsal: N simulated learners through a real hub, timed step by step.

``temporary_hub()`` starts a hub with ``scripts/hub.sh`` in a temporary state folder, on
loopback ports chosen at random, with random passwords and its own account prefix, and always
stops it and deletes the accounts it made (also on an error or Ctrl-C). ``rehearse()`` then
sends learners in one after another (``stagger`` seconds apart): each logs in through the form,
spawns, follows the nbgitpuller link, opens a kernel, runs every code cell of the given lessons
over the kernel websocket, and sends a room-poll answer to the room-poll service from its kernel
("Send to the room"; the "submit" step). A sampler thread reads the memory of
every learner's processes from /proc meanwhile. Used by ``benchmarks/bench_room.py`` and the
hub tests (``tests/hub``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from . import settings, users
from .learner import Learner, StepError

REPO = Path(__file__).resolve().parents[2]
HUB_SH = REPO / "scripts" / "hub.sh"
SHARED_ENVS = Path(os.environ.get("AICOLLAB_HUB_TEST_ENVS", "/var/tmp/aicollab-hub-envs"))
"""Environments reused by rehearsals and tests (rebuilt by hub.sh only when the pins change)."""

LESSONS = ("notebooks/02_reading_the_survey.ipynb", "notebooks/04_value_and_ip.ipynb")
STEPS = ("login", "spawn", "pull", "kernel", "first cell", "lesson 02", "lesson 04", "submit", "total")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def hub_sh(env: dict, *args: str, timeout: float = 1200) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(HUB_SH), *args], env=env, capture_output=True, text=True, timeout=timeout)


@contextlib.contextmanager
def temporary_hub(cull_timeout: int = 3600, envs: Path = SHARED_ENVS, extra_env: dict | None = None):
    """Start a throw-away hub; yields ``(room, env)``; stops it and removes its accounts afterwards."""
    hub_dir = Path(tempfile.mkdtemp(prefix="aicollab-hub-"))
    prefix = "t" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(4)) + "-"
    env = {
        **os.environ,
        "AICOLLAB_HUB_DIR": str(hub_dir),
        "AICOLLAB_HUB_ENVS": str(envs),
        "AICOLLAB_HUB_HOMES": str(hub_dir / "homes"),
        "AICOLLAB_HUB_USER_PREFIX": prefix,
        "AICOLLAB_HUB_PORT": str(free_port()),
        "AICOLLAB_HUB_PROXY_API_PORT": str(free_port()),
        "AICOLLAB_HUB_INTERNAL_PORT": str(free_port()),
        "AICOLLAB_HUB_POLL_PORT": str(free_port()),
        "AICOLLAB_HUB_IP": "127.0.0.1",
        "AICOLLAB_ROOM_PASSWORD": "room-" + secrets.token_hex(6),
        "AICOLLAB_ADMIN_PASSWORD": secrets.token_urlsafe(32),
        "AICOLLAB_HUB_CULL_TIMEOUT": str(cull_timeout),
        **(extra_env or {}),
    }
    env.pop("AICOLLAB_HUB_PUBLIC_URL", None)
    room = settings.from_env(env)
    previous = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        started = hub_sh(env, "start")
        if started.returncode != 0:
            raise RuntimeError(f"hub.sh start failed:\n{started.stdout[-3000:]}\n{started.stderr[-3000:]}")
        yield room, env
    finally:
        hub_sh(env, "stop", timeout=180)
        hub_sh(env, "remove-learners", "--yes", timeout=180)
        leftovers = users.our_accounts(room.homes, prefix)
        for entry in leftovers:
            users.remove_account(entry.pw_name, room.homes)
        shutil.rmtree(hub_dir, ignore_errors=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- memory
def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB (0, 0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:] if line.split()[-1] == "kB"}
    return values.get("Rss", 0), values.get("Pss", 0)


def _cpu_times() -> tuple[int, int]:
    """(all, idle) jiffies of the machine, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


class MemorySampler(threading.Thread):
    """Every ``interval`` s: memory of each learner's processes, and of the whole room."""

    def __init__(self, uids: dict[int, str], interval: float = 3.0):
        super().__init__(daemon=True)
        self.uids, self.interval = uids, interval
        self.peak_rss: dict[str, int] = {}
        self.peak_pss: dict[str, int] = {}
        self.room_peak_rss = self.room_peak_pss = 0
        self.cpu_busy: list[float] = []  # busy fraction of all cores, per interval
        self._cpu_last = _cpu_times()
        self._stop_event = threading.Event()

    def sample(self) -> None:
        rss: dict[str, int] = {}
        pss: dict[str, int] = {}
        for pid in users.processes_of(set(self.uids)):
            try:
                owner = self.uids[os.stat(f"/proc/{pid}").st_uid]
            except (FileNotFoundError, KeyError):
                continue
            r, p = _memory_kb(pid)
            rss[owner] = rss.get(owner, 0) + r
            pss[owner] = pss.get(owner, 0) + p
        for name in rss:
            self.peak_rss[name] = max(self.peak_rss.get(name, 0), rss[name])
            self.peak_pss[name] = max(self.peak_pss.get(name, 0), pss[name])
        self.room_peak_rss = max(self.room_peak_rss, sum(rss.values()))
        self.room_peak_pss = max(self.room_peak_pss, sum(pss.values()))
        now = _cpu_times()
        total = now[0] - self._cpu_last[0]
        if total > 0:
            self.cpu_busy.append(1 - (now[1] - self._cpu_last[1]) / total)
        self._cpu_last = now

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()


# --------------------------------------------------------------------------- one learner
@dataclass
class Outcome:
    name: str
    times: dict[str, float] = field(default_factory=dict)
    failure: str | None = None
    poll_reply: str | None = None


def one_learner(
    room: settings.Room, name: str, lessons: list[list[str]], timeout: float, think: float = 0.0
) -> Outcome:
    outcome = Outcome(name)
    learner = Learner(room.local_url, name, room.room_password, timeout=timeout)
    start = time.monotonic()
    step = "login"

    def timed(label, action):
        nonlocal step
        step = label
        began = time.monotonic()
        result = action()
        outcome.times[label] = time.monotonic() - began
        return result

    try:
        timed("login", learner.login)
        timed("spawn", learner.spawn)
        notebook = timed("pull", lambda: learner.pull(room.pull_path()))
        folder = notebook.split("/tree/", 1)[-1].rsplit("/", 1)[0]  # <repo>/notebooks
        for index, (path, cells) in enumerate(zip(LESSONS, lessons)):
            label = f"lesson {Path(path).name[:2]}"
            timed(
                "kernel" if index == 0 else f"kernel {label}",
                lambda path=path: learner.start_kernel(f"{folder}/{Path(path).name}"),
            )
            began = time.monotonic()
            step = label
            for number, cell in enumerate(cells):
                if index == 0 and number == 0:
                    timed("first cell", lambda cell=cell: learner.run(cell))
                else:
                    time.sleep(think)  # reading the lesson before running the next cell
                    learner.run(cell)
            outcome.times[label] = time.monotonic() - began
            if index < len(lessons) - 1:
                learner.shutdown_kernel()
        outcome.poll_reply = timed("submit", learner.submit_poll)
        learner.shutdown_kernel()
        outcome.times["total"] = time.monotonic() - start
    except (StepError, OSError, ValueError, KeyError) as error:
        outcome.failure = f"{step}: {error}"
    except Exception as error:  # noqa: BLE001 - a rehearsal reports every failure, never crashes
        outcome.failure = f"{step}: {type(error).__name__}: {error}"
    finally:
        learner.close()
    return outcome


# --------------------------------------------------------------------------- the room
@dataclass
class Report:
    learners: int
    stagger: float
    outcomes: list[Outcome]
    peak_rss_kb: dict[str, int]
    peak_pss_kb: dict[str, int]
    room_peak_rss_kb: int
    room_peak_pss_kb: int
    hub_rss_kb: int
    wall: float
    cpu_busy: list[float] = field(default_factory=list)
    think: float = 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure]

    def step_stats(self) -> dict[str, tuple[float, float, float, int]]:
        """step -> (p50, p95, max, count) over learners that completed it."""
        stats = {}
        for step in STEPS:
            values = sorted(o.times[step] for o in self.outcomes if step in o.times)
            if values:
                p95 = values[min(len(values) - 1, max(0, int(round(0.95 * len(values) + 0.5)) - 1))]
                stats[step] = (statistics.median(values), p95, values[-1], len(values))
        return stats


def rehearse(
    room: settings.Room,
    learners: int,
    stagger: float,
    deadline: float,
    step_timeout: float = 300.0,
    names: list[str] | None = None,
    think: float = 0.0,
) -> Report:
    """Run ``learners`` simulated learners against a running hub; bounded by ``deadline`` seconds.

    ``think``: seconds each learner waits before running the next cell (0: as fast as the kernel goes).
    """
    lessons = [code_cells(REPO / path) for path in LESSONS]
    names = names or [f"learner{i:02d}" for i in range(1, learners + 1)]
    outcomes: dict[str, Outcome] = {}
    threads = []
    began = time.monotonic()

    def worker(name):
        outcomes[name] = one_learner(room, name, lessons, step_timeout, think)

    uids: dict[int, str] = {}
    sampler = MemorySampler(uids)
    sampler.start()
    try:
        for index, name in enumerate(names):
            thread = threading.Thread(target=worker, args=(name,), daemon=True)
            thread.start()
            threads.append(thread)
            wait_until = began + (index + 1) * stagger
            while time.monotonic() < wait_until:
                _refresh_uids(room, names, uids)
                time.sleep(min(0.5, max(0.0, wait_until - time.monotonic())))
        while any(t.is_alive() for t in threads) and time.monotonic() - began < deadline:
            _refresh_uids(room, names, uids)
            time.sleep(0.5)
    finally:
        sampler.stop()
    sampler.sample()
    for name in names:
        outcomes.setdefault(name, Outcome(name, failure="did not finish before the rehearsal's deadline"))
        if name not in outcomes or (not outcomes[name].failure and "total" not in outcomes[name].times):
            outcomes[name].failure = "did not finish before the rehearsal's deadline"
    hub_pid = _hub_pid(room)
    hub_rss = sum(_memory_kb(pid)[0] for pid in [hub_pid] + _root_children(hub_pid)) if hub_pid else 0
    return Report(
        learners,
        stagger,
        [outcomes[n] for n in names],
        dict(sampler.peak_rss),
        dict(sampler.peak_pss),
        sampler.room_peak_rss,
        sampler.room_peak_pss,
        hub_rss,
        time.monotonic() - began,
        list(sampler.cpu_busy),
        think,
    )


def room_poll_listing(room: settings.Room) -> dict[str, dict]:
    """The room poll's current submissions as the instructor sees them (the hub's admin, with an API token)."""
    instructor = Learner(room.local_url, room.admin_user, room.admin_password, timeout=60)
    try:
        instructor.login()
        made = instructor._hub_api(
            "POST", f"/users/{room.admin_user}/tokens", json={"note": "rehearsal", "expires_in": 600}
        )
        made.raise_for_status()
        reply = requests.get(
            f"{room.local_url}/services/room-poll/api/submissions",
            headers={"Authorization": f"token {made.json()['token']}"},
            timeout=60,
        )
        reply.raise_for_status()
        return {entry["user"]: entry for entry in reply.json()}
    finally:
        instructor.close()


def _refresh_uids(room, names, uids) -> None:
    for name in names:
        entry = users.account(room.system_name(name))
        if entry is not None:
            uids[entry.pw_uid] = name


def _hub_pid(room) -> int | None:
    from .control import hub_pid

    return hub_pid(room)


def _root_children(pid: int) -> list[int]:
    from .control import _children

    return [c for c in _children(pid) if os.path.exists(f"/proc/{c}") and os.stat(f"/proc/{c}").st_uid == 0]


def format_report(report: Report) -> str:
    """The rehearsal's table and sizing advice, as plain text (Markdown tables)."""
    lines = [
        f"Room rehearsal: {report.learners} learners, one every {report.stagger:g} s, "
        f"{report.think:g} s between cells, "
        f"wall time {report.wall:.0f} s, {len(report.failures)} failure(s).",
        "",
        "| step | p50 s | p95 s | max s | learners |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for step, (p50, p95, top, count) in report.step_stats().items():
        lines.append(f"| {step} | {p50:.1f} | {p95:.1f} | {top:.1f} | {count} |")
    for outcome in report.failures:
        lines.append(f"\nFAILED {outcome.name}: {outcome.failure}")
    rss = sorted(report.peak_rss_kb.values())
    pss = sorted(report.peak_pss_kb.values())
    if rss:
        per_learner = statistics.median(pss) / 1024
        top_learner = pss[-1] / 1024
        lines += [
            "",
            "| memory | MB |",
            "| --- | ---: |",
            f"| one learner, peak RSS: median / max | {statistics.median(rss) / 1024:.0f} / {rss[-1] / 1024:.0f} |",
            f"| one learner, peak PSS (shared pages split): median / max | {per_learner:.0f} / {top_learner:.0f} |",
            f"| whole room, peak RSS / PSS | {report.room_peak_rss_kb / 1024:.0f} / {report.room_peak_pss_kb / 1024:.0f} |",
            f"| hub, proxy and services, RSS | {report.hub_rss_kb / 1024:.0f} |",
        ]
        if report.cpu_busy:
            busy = sorted(report.cpu_busy)
            lines.append(
                f"| CPU busy, all {os.cpu_count()} cores: mean / p95 of 3-s samples | "
                f"{100 * statistics.mean(busy):.0f}% / {100 * busy[int(0.95 * (len(busy) - 1))]:.0f}% |"
            )
        lines += ["", sizing_advice(report.learners, top_learner, report)]
    return "\n".join(lines)


def sizing_advice(learners: int, per_learner_mb: float, report: Report) -> str:
    """RAM and cores for this room, from the measured peak per learner (PSS) with 30% headroom."""
    spawn = report.step_stats().get("spawn")
    ram_gb = (learners * per_learner_mb * 1.3 + 512) / 1024
    advice = [
        f"Sizing: plan {per_learner_mb * 1.3:.0f} MB per learner (the largest measured, +30%) and "
        f"0.5 GB for the hub and system: {ram_gb:.1f} GB for {learners} learners, "
        f"{(60 * per_learner_mb * 1.3 + 512) / 1024:.1f} GB for 60, {(100 * per_learner_mb * 1.3 + 512) / 1024:.1f} GB for 100.",
    ]
    if report.cpu_busy:
        mean_busy = statistics.mean(report.cpu_busy)
        advice.append(
            f"Cores: the machine's {os.cpu_count()} cores were {100 * mean_busy:.0f}% busy on average (everything "
            "running on it, not only the room) while every learner ran two lessons with "
            f"{report.think:g} s between cells (a real room reads longer between cells). "
            f"Plan at least {max(1, round(os.cpu_count() * mean_busy * 1.5))} cores for {learners} learners "
            "at this pace (the measured mean, +50%), more if lessons should feel instant."
        )
    if spawn:
        advice.append(
            f"Logins: with one learner every {report.stagger:g} s, spawn p95 was {spawn[1]:.0f} s. "
            f"Let the room in row by row, about one person every {report.stagger:g} s, rather than all at once."
        )
    advice.append(
        "Move to Zero to JupyterHub (hub/z2jh/) when the room needs more than one machine's memory "
        "or cores (beyond about 100 learners), per-learner memory limits, or a hub that outlives one machine."
    )
    return "\n".join(advice)
