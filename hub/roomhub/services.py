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


ROOM_POLL = "room-poll"
ROOM_POLL_ACCESS = f"access:services!service={ROOM_POLL}"
INSTRUCTORS_GROUP = "instructors"


def room_poll(room: Room) -> tuple[dict, list[dict]]:
    """The live room poll (``aicollab.service``): learners send answers, instructors watch them arrive.

    Run with the learners' Python (it has the kit from its wheel and JupyterHub's service
    helpers), on its own loopback port, its SQLite database in the root-only private folder.
    The hub proxies it at ``/services/room-poll/``, starts it again if it dies, and signs users
    in with OAuth (no confirmation page). It also serves the built book that ``hub.sh start``
    copies beside the hub, so the book's buttons post from the same origin.

    Roles: every user, and every learner's server token (what a kernel holds in
    ``JUPYTERHUB_API_TOKEN``), may reach the service; JupyterHub's default scopes of the two
    roles are kept. The service itself needs no scope: it asks the hub who a token belongs to.
    """
    from jupyterhub.roles import get_default_roles

    service = {
        "name": ROOM_POLL,
        "url": f"http://127.0.0.1:{room.poll_port}",
        "command": [
            str(room.user_env / "bin" / "python"),
            "-m",
            "aicollab.service",
            "--data",
            str(room.poll_data_dir),
            "--book",
            str(room.book_dir),
        ],
        "oauth_no_confirm": True,
        "display": True,
        "info": {"what": "the live room poll: send your answers, see the room's once the instructor shows them"},
    }
    defaults = {role["name"]: role for role in get_default_roles()}
    roles = [
        {"name": name, "scopes": sorted(set(defaults[name]["scopes"]) | {ROOM_POLL_ACCESS})}
        for name in ("user", "server")
    ]
    return service, roles
