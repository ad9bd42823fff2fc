"""hub.sh start refuses, in plain words, a missing or weak password and a non-root user, and
leaves nothing behind: no process, no listening port, no pid file."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from hub_support import requires_root
from roomhub import rehearsal

pytestmark = requires_root
HUB_SH = Path(__file__).resolve().parents[2] / "scripts" / "hub.sh"


def _env(tmp_path, **overrides):
    port = rehearsal.free_port()
    env = {
        **os.environ,
        "AICOLLAB_HUB_DIR": str(tmp_path / "hub"),
        "AICOLLAB_HUB_PORT": str(port),
        "AICOLLAB_HUB_ENVS": str(tmp_path / "envs"),
        "AICOLLAB_ROOM_PASSWORD": "otter-lamp-river",
        "AICOLLAB_ADMIN_PASSWORD": "Q" + "w3-x" * 10,
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}, port


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):  # the process has just ended
        return b""


def _nothing_left(tmp_path, port):
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0, "something listens on the hub's port"
    assert [pid for pid in os.listdir("/proc") if pid.isdigit() and str(tmp_path).encode() in _cmdline(pid)] == []
    assert not (tmp_path / "hub" / "private" / "jupyterhub.pid").exists()
    assert not (tmp_path / "envs").exists(), "nothing is installed before the passwords are checked"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"AICOLLAB_ROOM_PASSWORD": None}, "AICOLLAB_ROOM_PASSWORD is not set"),
        ({"AICOLLAB_ROOM_PASSWORD": "abc"}, "AICOLLAB_ROOM_PASSWORD is too short"),
        ({"AICOLLAB_ADMIN_PASSWORD": None}, "AICOLLAB_ADMIN_PASSWORD is not set"),
        ({"AICOLLAB_ADMIN_PASSWORD": "short-admin-password"}, "JupyterHub needs at least 32"),
    ],
)
def test_missing_or_weak_password_refused_and_nothing_runs(tmp_path, overrides, message):
    env, port = _env(tmp_path, **overrides)
    result = subprocess.run(["bash", str(HUB_SH), "start"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert "not started; nothing is running" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    _nothing_left(tmp_path, port)


def test_not_root_refused_and_nothing_runs(tmp_path):
    env, port = _env(tmp_path)
    # the script is read by root and fed to an unprivileged shell (the checkout may be private)
    with open(HUB_SH) as script:
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-s", "start"],
            stdin=script,
            env=env,
            cwd="/",
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert "run this as root" in result.stdout + result.stderr
    _nothing_left(tmp_path, port)
