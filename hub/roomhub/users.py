"""One system account per learner, created on first login (The Littlest JupyterHub's pattern).

Each hub user ``anna`` runs as the system account ``jupyter-anna`` with a home folder of mode
0700, so one learner's kernel can neither list, read nor write another's files, nor the
instructor's. Accounts are marked with a comment (:data:`MARKER`) so that the hub never takes
over an account it did not make: if ``jupyter-anna`` already exists without the mark, the spawn
fails with a plain message instead. Standard library only (the hub, ``hub.sh`` and the tests
use it); creating accounts needs root.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import threading
from pathlib import Path

MARKER = "aicollab workshop learner"
"""The GECOS comment of every account this hub creates."""

_LOCK = threading.Lock()  # useradd/userdel lock /etc/passwd; concurrent calls fail


class AccountError(RuntimeError):
    """An account cannot be made or used; the message is for the learner and the instructor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.jupyterhub_message = message  # JupyterHub shows this on the "Spawn failed" page


def account(system_name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(system_name)
    except KeyError:
        return None


def is_ours(entry: pwd.struct_passwd, homes: Path | None = None) -> bool:
    """True when this hub made the account (its mark, and its home under ``homes``)."""
    if entry.pw_gecos.split(",")[0] != MARKER:
        return False
    return homes is None or Path(entry.pw_dir).parent == Path(homes)


def ensure_account(system_name: str, homes: Path) -> pwd.struct_passwd:
    """Return the learner's account, creating it (and a private home) on first use."""
    homes = Path(homes)
    with _LOCK:
        entry = account(system_name)
        if entry is not None and not is_ours(entry, homes):
            raise AccountError(
                f"The system account '{system_name}' already exists on this machine and was not made "
                "for this workshop, so the hub will not use it. Log out and choose another name."
            )
        if entry is None:
            homes.mkdir(parents=True, exist_ok=True)
            os.chmod(homes, 0o755)
            result = subprocess.run(
                [
                    "useradd",
                    "--create-home",
                    "--home-dir",
                    str(homes / system_name),
                    "--shell",
                    "/bin/bash",
                    "--comment",
                    MARKER,
                    "--user-group",
                    system_name,
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise AccountError(
                    f"Could not create the system account '{system_name}': {result.stderr.strip() or result.returncode}"
                )
            entry = pwd.getpwnam(system_name)
        home = Path(entry.pw_dir)
        if not home.is_dir():  # the home was removed by hand: make a fresh one
            home.mkdir(parents=True)
            os.chown(home, entry.pw_uid, entry.pw_gid)
        os.chmod(home, 0o700)
        return entry


def remove_account(system_name: str, homes: Path | None = None) -> bool:
    """Delete an account this hub made, with its home and files. Returns True if one was removed."""
    with _LOCK:
        entry = account(system_name)
        if entry is None or not is_ours(entry, homes):
            return False
        subprocess.run(["userdel", "--remove", system_name], capture_output=True, text=True)
        return account(system_name) is None


def our_accounts(homes: Path, prefix: str) -> list[pwd.struct_passwd]:
    """Accounts this hub made: marked, named ``<prefix>...``, with a home under ``homes``."""
    return [entry for entry in pwd.getpwall() if entry.pw_name.startswith(prefix) and is_ours(entry, homes)]


def processes_of(uids: set[int]) -> list[int]:
    """Process ids owned by any of ``uids`` (read from /proc)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.stat(f"/proc/{name}").st_uid in uids:
                pids.append(int(name))
        except FileNotFoundError:
            continue
    return pids
