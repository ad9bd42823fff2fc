"""The hub's services: each function returns one ``c.JupyterHub.services`` entry and its role.

A managed service (one with a ``command``) is started by the hub, restarted if it dies, proxied
at ``/services/<name>/`` when it has a ``url``, and receives its API token in
``JUPYTERHUB_API_TOKEN``. Adding one to the room is one more function here and one more pair in
the loop at the end of ``hub/jupyterhub_config.py``.
"""

from __future__ import annotations

from .settings import Room


def idle_culler(room: Room, python: str) -> tuple[dict, dict]:
    """jupyterhub-idle-culler: stop servers idle for ``AICOLLAB_HUB_CULL_TIMEOUT`` seconds.

    Files stay in the learner's home; the next login (or the nbgitpuller link) starts a fresh
    server on them.
    """
    service = {
        "name": "idle-culler",
        "command": [
            python,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={room.cull_timeout}",
            f"--cull-every={room.cull_every}",
        ],
    }
    role = {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
    return service, role


def cli(room: Room) -> tuple[dict, dict]:
    """An external service whose token lets ``hub.sh`` (and the tests) list and stop servers."""
    token = room.cli_token_file.read_text(encoding="utf-8").strip() if room.cli_token_file.exists() else None
    service = {"name": "aicollab-cli", "api_token": token} if token else {"name": "aicollab-cli"}
    role = {
        "name": "aicollab-cli",
        "services": ["aicollab-cli"],
        "scopes": ["list:users", "read:users", "admin:users", "admin:servers", "read:servers"],
    }
    return service, role


# The live room poll (issue 15) will be one more function here, ``room_poll(room, python)``,
# returning a managed service: a ``command`` run with the hub's Python, a loopback ``url``
# (``http://127.0.0.1:<port>``), ``oauth_no_confirm: True``, its SQLite file under
# ``room.private_dir``, and a role that lets it read users and groups. Learners then need
# ``access:services!service=room-poll``: add it to the ``user`` role in ``load_roles``.
