"""JupyterHub's LocalProcessSpawner, running each learner's server as ``jupyter-<name>``.

The stock LocalProcessSpawner runs a hub user's server as the system account of the *same*
name. The room maps hub names to accounts with a prefix (so a learner called ``root`` or
``daemon`` becomes ``jupyter-root``, never the real account), creates the account on first
login in a ``pre_spawn_hook`` (:func:`create_account`), and otherwise spawns exactly as the
stock spawner does.
"""

from __future__ import annotations

import asyncio
import pwd
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from . import users


class RoomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose system account is ``<user_prefix><hub name>``."""

    user_prefix = Unicode("jupyter-", config=True, help="System account = prefix + hub name.")
    homes = Unicode("/home", config=True, help="Folder holding the learners' home folders.")

    @property
    def system_username(self) -> str:
        return self.user_prefix + self.user.name

    def make_preexec_fn(self, name):
        return set_user_setuid(self.system_username)

    def user_env(self, env):
        entry = pwd.getpwnam(self.system_username)
        env["USER"] = entry.pw_name
        env["HOME"] = entry.pw_dir
        env["SHELL"] = entry.pw_shell or "/bin/bash"
        return env

    async def move_certs(self, paths):  # pragma: no cover - internal SSL is not used by the room
        raise NotImplementedError("The workshop hub does not use internal SSL.")


async def create_account(spawner: RoomSpawner) -> None:
    """pre_spawn_hook: make sure the learner's account and private home exist."""
    await asyncio.to_thread(users.ensure_account, spawner.system_username, Path(spawner.homes))
