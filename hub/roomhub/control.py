"""Start, stop and inspect the room's hub (``scripts/hub.sh`` calls this after installing).

Standard library only, run with the system Python as root::

    python3 -m roomhub.control launch CONFIG   # start JupyterHub in the background, wait until it answers
    python3 -m roomhub.control stop            # stop learners' servers, the hub, its proxy and services
    python3 -m roomhub.control restart CONFIG  # restart the hub only; learners' servers keep running
    python3 -m roomhub.control status
    python3 -m roomhub.control remove-learners # delete this hub's learner accounts and homes

Why stop goes through the hub's API first: the config keeps learners' servers running when the
hub itself stops (so a hub restart loses no kernel and no file); a full stop therefore asks the
hub to stop every server, then stops the hub, then ends whatever is left by process id.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import settings, users
from .settings import Room

START_TIMEOUT = 120  # seconds for the hub to answer after launch
STOP_TIMEOUT = 60  # seconds for the hub to stop every server


def say(message: str) -> None:
    print(f"aicollab hub: {message}", flush=True)


# --------------------------------------------------------------------------- processes
def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie has exited
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _read_pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def hub_pid(room: Room) -> int | None:
    """The running hub's process id, or None."""
    pid = _read_pid(room.hub_pid_file)
    if pid is None:
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return None
    return pid if b"jupyterhub" in cmdline else None


def _end(pids: list[int], grace: float = 10.0) -> None:
    """SIGTERM these processes, then SIGKILL those still alive after ``grace`` seconds."""
    pids = [pid for pid in pids if _alive(pid)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc), deepest last."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                ppid = int(Path(f"/proc/{name}/stat").read_text().rsplit(") ", 1)[1].split()[1])
            except (FileNotFoundError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


# --------------------------------------------------------------------------- the hub's API
def api(room: Room, method: str, path: str, timeout: float = 30.0):
    """Call the hub's REST API with the ``aicollab-cli`` service token; returns parsed JSON or None."""
    token = room.cli_token_file.read_text().strip()
    request = urllib.request.Request(room.api_url + path, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def answering(room: Room) -> bool:
    try:
        with urllib.request.urlopen(room.api_url + "/", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def running_servers(room: Room) -> list[str]:
    """Names of hub users whose server is running or starting."""
    users_json = api(room, "GET", "/users?state=active") or []
    return [user["name"] for user in users_json if user.get("servers")]


# --------------------------------------------------------------------------- commands
def launch(room: Room, config: Path) -> int:
    """Start JupyterHub in the background and return once it answers (0), or clean up (1)."""
    if hub_pid(room):
        say(f"already running (process {hub_pid(room)}) at {room.public_url}")
        return 0
    for port in (room.port, room.proxy_api_port, room.internal_port, room.poll_port):
        if _port_in_use("127.0.0.1", port):
            say(
                f"port {port} is already in use by another program; choose another with "
                "AICOLLAB_HUB_PORT (the hub also uses the next three ports). Not started."
            )
            return 1
    room.log_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(room.private_dir, 0o700)
    log_path = room.log_dir / "hub.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(room.hub_env / "bin" / "jupyterhub"), "-f", str(config)],
            cwd=room.private_dir,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    room.hub_pid_file.write_text(f"{process.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if answering(room):
            say(f"running at {room.public_url} (log: {log_path})")
            return 0
        time.sleep(0.5)
    say(f"the hub did not start; the end of its log ({log_path}):")
    lines = log_path.read_text(errors="replace").splitlines()[-25:]
    print("\n".join("    " + line for line in lines), file=sys.stderr)
    stop(room, servers=False)
    return 1


def stop(room: Room, servers: bool = True) -> int:
    """Stop the hub and everything it started; with ``servers=False`` learners' servers stay."""
    pid = hub_pid(room)
    if servers and pid and answering(room) and room.cli_token_file.exists():
        try:
            names = running_servers(room)
            for name in names:
                try:
                    api(room, "DELETE", f"/users/{name}/server")
                except urllib.error.HTTPError as error:
                    if error.code != 204:
                        say(f"could not stop {name}'s server through the hub ({error.code}); ending it directly")
            deadline = time.monotonic() + STOP_TIMEOUT
            while names and time.monotonic() < deadline:
                time.sleep(1)
                names = running_servers(room)
        except (OSError, urllib.error.URLError) as error:
            say(f"the hub did not answer while stopping servers ({error}); ending them directly")
    if pid:
        helpers = (
            [child for child in _children(pid) if os.stat(f"/proc/{child}").st_uid == 0]
            if Path(f"/proc/{pid}").exists()
            else []
        )
        _end([pid], grace=20)
        _end(helpers)  # the proxy and services, if the hub could not stop them itself
    proxy = _read_pid(room.proxy_pid_file)
    if proxy:
        _end([proxy])
    if servers:
        uids = {entry.pw_uid for entry in users.our_accounts(room.homes, room.user_prefix)}
        _end(users.processes_of(uids) if uids else [])
    for path in (room.hub_pid_file, room.proxy_pid_file):
        path.unlink(missing_ok=True)
    say("stopped" + ("" if servers else " (learners' servers keep running)"))
    return 0


def restart(room: Room, config: Path) -> int:
    stop(room, servers=False)
    return launch(room, config)


def status(room: Room) -> int:
    pid = hub_pid(room)
    if not pid:
        say("not running")
        return 3
    state = "answering" if answering(room) else "NOT answering"
    servers = running_servers(room) if state == "answering" and room.cli_token_file.exists() else []
    say(f"running (process {pid}), {state} at {room.public_url}; {len(servers)} learner server(s) running")
    return 0


def remove_learners(room: Room, names: list[str] | None = None) -> int:
    """Delete this hub's learner accounts (all, or the hub names given) with their homes and files."""
    accounts = users.our_accounts(room.homes, room.user_prefix)
    if names is not None:
        wanted = {room.system_name(name) for name in names}
        accounts = [entry for entry in accounts if entry.pw_name in wanted]
    _end(users.processes_of({entry.pw_uid for entry in accounts}))
    for entry in accounts:
        users.remove_account(entry.pw_name, room.homes)
        if hub_pid(room) and room.cli_token_file.exists():
            hub_name = entry.pw_name[len(room.user_prefix) :]
            try:
                api(room, "DELETE", f"/users/{hub_name}")
            except (OSError, urllib.error.URLError):
                pass
    say(f"removed {len(accounts)} learner account(s) and their home folders")
    return 0


def main(argv: list[str]) -> int:
    room = settings.from_env()
    command = argv[0] if argv else "status"
    if command == "launch" and len(argv) == 2:
        return launch(room, Path(argv[1]))
    if command == "restart" and len(argv) == 2:
        return restart(room, Path(argv[1]))
    if command == "stop":
        return stop(room)
    if command == "status":
        return status(room)
    if command == "remove-learners":
        return remove_learners(room, argv[1:] or None)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
