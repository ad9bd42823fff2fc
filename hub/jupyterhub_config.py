"""JupyterHub configuration for the kit's workshop room (one machine, started by scripts/hub.sh).

Every setting comes from ``roomhub.settings`` (environment variables, documented there). The
passwords are read from the environment and never written to disk. Layout of the hub's state
folder (``AICOLLAB_HUB_DIR``, default /srv/aicollab-hub):

    private/             0700, root only: jupyterhub.sqlite, cookie secret, cli-token, logs/, pid files
    repo/<kit>           the bare repository nbgitpuller clones from (readable by learners)
    envs/hubenv          the hub's Python (JupyterHub, the idle culler)
    envs/userenv         learners' servers and kernels (the kit from its wheel, nbgitpuller)
    envs/proxy           configurable-http-proxy from npm (package-lock.json)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from roomhub import services, settings  # noqa: E402
from roomhub.auth import RoomAuthenticator  # noqa: E402
from roomhub.spawner import RoomSpawner, create_account  # noqa: E402

room = settings.from_env()
_problems = room.problems()
if _problems:  # the same rules hub.sh checks first: refuse before anything starts
    for _problem in _problems:
        print(f"aicollab hub: {_problem}", file=sys.stderr)
    sys.exit(2)

c = get_config()  # noqa: F821 (provided by JupyterHub)

# ---------------------------------------------------------------- addresses and state
c.JupyterHub.bind_url = f"http://{room.ip}:{room.port}/"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = room.internal_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{room.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(room.proxy_command)]
c.ConfigurableHTTPProxy.pid_file = str(room.proxy_pid_file)
c.JupyterHub.pid_file = str(room.hub_pid_file)
c.JupyterHub.db_url = f"sqlite:///{room.private_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(room.private_dir / "jupyterhub_cookie_secret")
c.JupyterHub.template_paths = [os.path.join(HERE, "templates")]
# A hub restart (hub.sh restart, a crash) leaves learners' servers and kernels running: the
# hub finds them again from its database. hub.sh stop stops them through the API first.
c.JupyterHub.cleanup_servers = False

# ---------------------------------------------------------------- login
c.JupyterHub.authenticator_class = RoomAuthenticator
c.Authenticator.allow_all = True  # anyone with the room password may choose a name
c.Authenticator.admin_users = {room.admin_user}
c.Authenticator.username_pattern = settings.name_pattern(room.name_max)
c.RoomAuthenticator.name_max = room.name_max
c.SharedPasswordAuthenticator.user_password = room.room_password
c.SharedPasswordAuthenticator.admin_password = room.admin_password

# ---------------------------------------------------------------- learners' servers
c.JupyterHub.spawner_class = RoomSpawner
c.RoomSpawner.user_prefix = room.user_prefix
c.RoomSpawner.homes = str(room.homes)
c.Spawner.pre_spawn_hook = create_account
c.Spawner.cmd = [str(room.user_env / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {
    "PATH": f"{room.user_env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    # The bare repository belongs to root; git reads it for other accounts only when a system
    # or global config says it is safe (hub.sh writes this file beside it).
    "GIT_CONFIG_SYSTEM": str(room.git_config),
}
# The culler judges idleness from the hub's record of activity: refresh it more often than it looks.
c.JupyterHub.last_activity_interval = min(300, room.cull_every)
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(min(300, room.cull_every))
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# ---------------------------------------------------------------- managed services
# The idle culler, the token hub.sh uses, and the live room poll (roomhub.services).
c.JupyterHub.services = []
c.JupyterHub.load_roles = []
for service, role in (services.idle_culler(room, sys.executable), services.cli(room)):
    c.JupyterHub.services.append(service)
    c.JupyterHub.load_roles.append(role)
_poll, _poll_roles = services.room_poll(room)
c.JupyterHub.services.append(_poll)
c.JupyterHub.load_roles.extend(_poll_roles)
# Instructors of the room poll: hub admins, and the members of this group (add co-instructors on
# the admin page, Groups, once they have signed in). The group is created empty; members stay.
c.JupyterHub.load_groups = {services.INSTRUCTORS_GROUP: {"users": []}}
# Learners' kernels find the poll here (aicollab.poll.send): on a hub, "Send to the room".
c.Spawner.environment["AICOLLAB_ROOM_POLL_URL"] = room.poll_url
