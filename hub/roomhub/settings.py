"""The workshop hub's settings, read from environment variables, and the room's rules.

Standard library only: ``scripts/hub.sh`` runs ``python3 -m roomhub.settings check`` with the
system Python before it installs or starts anything, so a missing or weak password is refused
with a plain message and nothing is left running. The hub's config (``hub/jupyterhub_config.py``)
reads the same settings and applies the same checks again, so starting JupyterHub by hand
cannot skip them.

Environment variables (all optional except the two passwords):

==============================  =============================  ================================
variable                        default                        what
==============================  =============================  ================================
AICOLLAB_ROOM_PASSWORD          (required)                     the password learners type
AICOLLAB_ADMIN_PASSWORD         (required)                     the instructor's password
AICOLLAB_ADMIN_USER             ``instructor``                 the instructor's hub name
AICOLLAB_HUB_IP                 ``127.0.0.1``                  address the hub listens on
AICOLLAB_HUB_PORT               ``8000``                       port the hub listens on
AICOLLAB_HUB_DIR                ``/srv/aicollab-hub``          the hub's state folder
AICOLLAB_HUB_ENVS               ``<hub dir>/envs``             hub and learner environments
AICOLLAB_HUB_HOMES              ``/home``                      where learners' homes are made
AICOLLAB_HUB_USER_PREFIX        ``jupyter-``                   system account = prefix + name
AICOLLAB_HUB_CULL_TIMEOUT       ``3600``                       seconds idle before a server stops
AICOLLAB_HUB_PUBLIC_URL         ``http://<ip>:<port>``         address printed in the link
==============================  =============================  ================================

Three internal ports (the proxy's API, the hub's own and the room poll's) default to the port
+ 1, + 2 and + 3; ``AICOLLAB_HUB_PROXY_API_PORT``, ``AICOLLAB_HUB_INTERNAL_PORT`` and
``AICOLLAB_HUB_POLL_PORT`` override them. ``AICOLLAB_HUB_BOOK`` names a built book to serve
(default: the learner edition when it is built, else ``_build/html``).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOM_PASSWORD_MIN = 10
"""Shortest room password accepted. JupyterHub's shared-password login takes 8; the kit asks
for 10 so that a password written on a slide (three short words, say) is still impractical to
guess from elsewhere on a hospital network, and short enough to type from the back row."""

ADMIN_PASSWORD_MIN = 32
"""JupyterHub's shared-password login refuses a shorter admin password."""

SYSTEM_NAME_MAX = 32
"""Longest system account name useradd accepts on Debian."""

REPO_NAME = "partners-in-healthcare-ai"
"""Folder nbgitpuller clones into in each home (and the bare repository's name)."""

FIRST_NOTEBOOK = "notebooks/00_welcome.ipynb"


def _int(env: dict, key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"{key} must be a whole number, not {raw!r}.")
    return int(raw)


@dataclass(frozen=True)
class Room:
    """Everything the hub, ``hub.sh``, the tests and the rehearsal need to agree on."""

    room_password: str
    admin_password: str
    admin_user: str
    ip: str
    port: int
    proxy_api_port: int
    internal_port: int
    poll_port: int
    hub_dir: Path
    envs_dir: Path
    homes: Path
    user_prefix: str
    cull_timeout: int
    public_url: str

    # ------------------------------------------------------------------ folders
    @property
    def private_dir(self) -> Path:
        """Root-only (0700): database, cookie secret, tokens, logs, pid files."""
        return self.hub_dir / "private"

    @property
    def log_dir(self) -> Path:
        return self.private_dir / "logs"

    @property
    def repo_dir(self) -> Path:
        """The bare repository nbgitpuller clones from (readable by learners).

        No ``.git`` suffix: nbgitpuller names the learner's folder after the last part of the path.
        """
        return self.hub_dir / "repo" / REPO_NAME

    @property
    def git_config(self) -> Path:
        """Learners' system git config: marks the bare repository as safe to read."""
        return self.hub_dir / "repo" / "gitconfig"

    @property
    def kit_data_dir(self) -> Path:
        """The kit's datasets, exported beside the learners' environment when its wheel has none."""
        return self.hub_dir / "kit" / "datasets"

    @property
    def poll_data_dir(self) -> Path:
        """The room poll's database (root only, inside the private folder)."""
        return self.private_dir / "room-poll"

    @property
    def book_dir(self) -> Path:
        """The built book the room poll serves at /services/room-poll/book/ (copied by hub.sh start)."""
        return self.hub_dir / "book"

    @property
    def poll_url(self) -> str:
        """Where learners' kernels reach the room poll: its own loopback address and prefix."""
        return f"http://127.0.0.1:{self.poll_port}/services/room-poll/"

    @property
    def hub_env(self) -> Path:
        return self.envs_dir / "hubenv"

    @property
    def user_env(self) -> Path:
        """Learners' servers and kernels run from here (world-readable)."""
        return self.envs_dir / "userenv"

    @property
    def proxy_command(self) -> Path:
        return self.envs_dir / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def hub_pid_file(self) -> Path:
        return self.private_dir / "jupyterhub.pid"

    @property
    def proxy_pid_file(self) -> Path:
        return self.private_dir / "proxy.pid"

    @property
    def cli_token_file(self) -> Path:
        """API token of the ``aicollab-cli`` service that ``hub.sh`` and the tests use."""
        return self.private_dir / "cli-token"

    # ------------------------------------------------------------------ addresses
    @property
    def local_url(self) -> str:
        """Where this machine reaches the hub (loopback when the hub listens on all addresses)."""
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0", "::") else self.ip
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.local_url}/hub/api"

    @property
    def cull_every(self) -> int:
        """How often the culler looks: a quarter of the timeout, between 5 s and 5 min."""
        return max(5, min(300, self.cull_timeout // 4))

    def system_name(self, hub_name: str) -> str:
        """The learner's system account: ``jupyter-<name>`` (the Littlest JupyterHub's pattern)."""
        return self.user_prefix + hub_name

    @property
    def name_max(self) -> int:
        return SYSTEM_NAME_MAX - len(self.user_prefix)

    def pull_path(self, branch: str = "main", notebook: str = FIRST_NOTEBOOK) -> str:
        """The nbgitpuller link's path and query (append it to the hub's address)."""
        query = urlencode({"repo": str(self.repo_dir), "branch": branch, "urlpath": f"lab/tree/{REPO_NAME}/{notebook}"})
        return f"/hub/user-redirect/git-pull?{query}"

    def pull_link(self, branch: str = "main", notebook: str = FIRST_NOTEBOOK) -> str:
        return self.public_url.rstrip("/") + self.pull_path(branch, notebook)

    # ------------------------------------------------------------------ rules
    def problems(self) -> list[str]:
        """Everything that stops the hub from starting, in plain words (empty when all is well)."""
        found = password_problems(self.room_password, self.admin_password, self.admin_user)
        admin_problem = name_problem(self.admin_user, self.name_max)
        if admin_problem:
            found.append(f"AICOLLAB_ADMIN_USER: {admin_problem}")
        return found


def password_problems(room: str, admin: str, admin_user: str = "instructor") -> list[str]:
    """The password rules, one sentence per broken rule."""
    found = []
    if not room:
        found.append(
            "AICOLLAB_ROOM_PASSWORD is not set: choose the password learners will type "
            f"(at least {ROOM_PASSWORD_MIN} characters, e.g. three short words)."
        )
    else:
        if len(room) < ROOM_PASSWORD_MIN:
            found.append(
                f"AICOLLAB_ROOM_PASSWORD is too short ({len(room)} characters): "
                f"use at least {ROOM_PASSWORD_MIN}, e.g. three short words."
            )
        if len(set(room)) == 1 or room.isdigit() or "password" in room.lower() or admin_user.lower() in room.lower():
            found.append(
                "AICOLLAB_ROOM_PASSWORD is too easy to guess (one repeated character, only "
                "digits, or the word 'password' or the instructor's name in it)."
            )
    if not admin:
        found.append(
            "AICOLLAB_ADMIN_PASSWORD is not set: choose the instructor's password "
            f"(at least {ADMIN_PASSWORD_MIN} characters; for example the output of "
            "'python3 -c \"import secrets; print(secrets.token_urlsafe(32))\"')."
        )
    else:
        if len(admin) < ADMIN_PASSWORD_MIN:
            found.append(
                f"AICOLLAB_ADMIN_PASSWORD is too short ({len(admin)} characters): "
                f"JupyterHub needs at least {ADMIN_PASSWORD_MIN}."
            )
        if len(set(admin)) == 1:
            found.append("AICOLLAB_ADMIN_PASSWORD is one repeated character: choose a real password.")
    if room and admin and room == admin:
        found.append("AICOLLAB_ROOM_PASSWORD and AICOLLAB_ADMIN_PASSWORD must differ.")
    return found


_NAME = re.compile(r"[a-z][a-z0-9_-]*\Z")


def name_problem(name: str, max_length: int) -> str | None:
    """Why a (normalized: stripped, lower-case) hub name cannot be used, or None.

    Names become system accounts (``jupyter-<name>``) and folder names, so they keep to plain
    letters, digits, ``-`` and ``_``, start with a letter, and fit a system account name.
    """
    rule = (
        f"Choose a name of 1 to {max_length} characters: letters a-z, digits, '-' or '_', "
        "starting with a letter (for example anna-m)."
    )
    if not name:
        return "Type a name. " + rule
    if len(name) > max_length or not _NAME.match(name):
        return f"'{name[:40]}' cannot be used as a name here. " + rule
    return None


def name_pattern(max_length: int) -> str:
    """The same rule as a regular expression (JupyterHub's ``Authenticator.username_pattern``)."""
    return rf"^[a-z][a-z0-9_-]{{0,{max_length - 1}}}$"


def from_env(env: dict | None = None) -> Room:
    """Read the room's settings from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    hub_dir = Path(env.get("AICOLLAB_HUB_DIR") or "/srv/aicollab-hub").resolve()
    ip = env.get("AICOLLAB_HUB_IP", "127.0.0.1").strip() or "127.0.0.1"
    port = _int(env, "AICOLLAB_HUB_PORT", 8000)
    prefix = env.get("AICOLLAB_HUB_USER_PREFIX", "jupyter-")
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,15}", prefix):
        raise ValueError(
            f"AICOLLAB_HUB_USER_PREFIX must be a short lower-case word such as 'jupyter-', not {prefix!r}."
        )
    host = "127.0.0.1" if ip in ("0.0.0.0", "::") else ip
    return Room(
        room_password=env.get("AICOLLAB_ROOM_PASSWORD", ""),
        admin_password=env.get("AICOLLAB_ADMIN_PASSWORD", ""),
        admin_user=(env.get("AICOLLAB_ADMIN_USER") or "instructor").strip().lower(),
        ip=ip,
        port=port,
        proxy_api_port=_int(env, "AICOLLAB_HUB_PROXY_API_PORT", port + 1),
        internal_port=_int(env, "AICOLLAB_HUB_INTERNAL_PORT", port + 2),
        poll_port=_int(env, "AICOLLAB_HUB_POLL_PORT", port + 3),
        hub_dir=hub_dir,
        envs_dir=Path(env.get("AICOLLAB_HUB_ENVS") or hub_dir / "envs").resolve(),
        homes=Path(env.get("AICOLLAB_HUB_HOMES") or "/home").resolve(),
        user_prefix=prefix,
        cull_timeout=_int(env, "AICOLLAB_HUB_CULL_TIMEOUT", 3600),
        public_url=(env.get("AICOLLAB_HUB_PUBLIC_URL") or f"http://{host}:{port}").rstrip("/"),
    )


def main(argv: list[str]) -> int:
    """``python3 -m roomhub.settings check|link|get NAME`` (used by scripts/hub.sh)."""
    try:
        room = from_env()
    except ValueError as error:
        print(f"aicollab hub: {error}", file=sys.stderr)
        return 2
    command = argv[0] if argv else "check"
    if command == "check":
        found = room.problems()
        for problem in found:
            print(f"aicollab hub: {problem}", file=sys.stderr)
        if found:
            print("aicollab hub: not started; nothing is running.", file=sys.stderr)
        return 2 if found else 0
    if command == "link":
        print(room.pull_link())
        return 0
    if command == "get" and len(argv) == 2:
        value = getattr(room, argv[1])
        print(value)
        return 0
    print("usage: python3 -m roomhub.settings check|link|get FIELD", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
