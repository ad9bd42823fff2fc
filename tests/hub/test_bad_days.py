"""Bad days in the workshop room, each with a clear outcome, on one throw-away hub.

The tests run in file order; the hub restart comes last.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from hub_support import requires_root
from roomhub import rehearsal, users
from roomhub.learner import Learner, StepError

pytestmark = requires_root


def _learner(room, name, password=None):
    return Learner(room.local_url, name, password or room.room_password, timeout=120)


def _ready(room, name):
    learner = _learner(room, name)
    learner.login()
    learner.spawn()
    learner.pull(room.pull_path())
    return learner


def _kernel_pids(uid):
    return [pid for pid in users.processes_of({uid}) if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def test_login_page_states_the_name_rule(hub):
    room, _ = hub
    page = requests.get(f"{room.local_url}/hub/login", timeout=30)
    assert page.status_code == 200 and 'id="aicollab-name-rule"' in page.text
    assert "letters a-z, digits, - or _" in page.text


def test_wrong_password_is_refused(hub):
    room, _ = hub
    learner = _learner(room, "wanda", password="not-the-room-password")
    with pytest.raises(StepError, match="Invalid username or password"):
        learner.login()
    # the instructor's name needs the admin password, not the room's
    with pytest.raises(StepError, match="Invalid username or password"):
        _learner(room, room.admin_user).login()
    assert users.account(room.system_name("wanda")) is None


def test_learners_cannot_open_the_admin_pages(hub):
    room, _ = hub
    learner = _learner(room, "lena")
    learner.login()
    assert learner.session.get(f"{room.local_url}/hub/admin", timeout=30).status_code == 403
    assert learner._hub_api("GET", "/users").status_code == 403


@pytest.mark.parametrize("name", ["Dr. Müller", "anna smith", "9lives", "x" * 40])
def test_odd_names_are_refused_with_the_rule(hub, name):
    room, _ = hub
    with pytest.raises(StepError, match="cannot be used as a name here.*letters a-z, digits"):
        _learner(room, name).login()


@pytest.mark.parametrize("name", ["root", "daemon"])
def test_names_of_system_accounts_get_their_own_account(hub, name):
    room, _ = hub
    learner = _ready(room, name)
    learner.start_kernel("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
    uid, home = learner.run("import os; print(os.getuid(), os.path.expanduser('~'))").split()
    entry = pwd.getpwnam(room.system_name(name))
    assert (int(uid), home) == (entry.pw_uid, entry.pw_dir)
    assert int(uid) not in (0, pwd.getpwnam(name).pw_uid)
    learner.shutdown_kernel()
    learner.stop_server()


def test_an_existing_account_is_never_taken_over(hub):
    room, _ = hub
    taken = room.system_name("taken")
    subprocess.run(["useradd", "--no-create-home", taken], check=True)
    try:
        learner = _learner(room, "taken")
        learner.login()
        with pytest.raises(StepError, match="already exists on this machine and was not made for this workshop"):
            learner.spawn()
        assert pwd.getpwnam(taken).pw_gecos == ""
    finally:
        subprocess.run(["userdel", taken], check=True)


def test_same_name_from_a_second_browser_shares_the_server_and_files(hub):
    room, _ = hub
    first = _ready(room, "sam")
    first.write_file("notes.txt", "from the first browser")
    second = _learner(room, "sam")
    second.login()
    second.spawn()  # already running: the second browser joins it
    second.pull(room.pull_path())
    assert second.read_file("notes.txt") == "from the first browser"
    second.write_file("notes.txt", "edited in the second browser")
    assert first.read_file("notes.txt") == "edited in the second browser"


def test_a_dead_kernel_comes_back_with_the_files(hub):
    room, _ = hub
    learner = _ready(room, "kim")
    learner.start_kernel("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
    learner.run("import os\nwith open(os.path.expanduser('~/before.txt'), 'w') as f:\n    f.write('kept')")
    uid = pwd.getpwnam(room.system_name("kim")).pw_uid
    pids = _kernel_pids(uid)
    assert len(pids) == 1
    os.kill(pids[0], signal.SIGKILL)
    deadline = time.monotonic() + 120  # one run on a heavily loaded machine saw no restart within 60 s
    while time.monotonic() < deadline and (not _kernel_pids(uid) or _kernel_pids(uid) == pids):
        time.sleep(0.5)
    assert _kernel_pids(uid) and _kernel_pids(uid) != pids, "the server did not restart the kernel"
    out = ""
    for _ in range(20):  # the restarted kernel takes a moment to answer
        try:
            learner._connect()
            out = learner.run("import os; print(open(os.path.expanduser('~/before.txt')).read())")
            break
        except (StepError, OSError):
            time.sleep(1)
    assert out.strip() == "kept"
    assert learner.kernel_alive()


def test_isolation_between_learners_and_from_the_instructor(hub):
    room, _ = hub
    ann, bea = _ready(room, "ann"), _ready(room, "bea")
    bea.write_file("secret.txt", "bea's notes")
    instructor = Learner(room.local_url, room.admin_user, room.admin_password, timeout=120)
    instructor.login()
    instructor.spawn()
    instructor.open_lab()
    instructor.write_file("answers.txt", "instructor's notes")
    bea_home = pwd.getpwnam(room.system_name("bea")).pw_dir
    inst_home = pwd.getpwnam(room.system_name(room.admin_user)).pw_dir
    ann.start_kernel("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
    for home in (bea_home, inst_home):
        out = ann.run(
            "import os\n"
            "def attempt(f):\n"
            "    try:\n        f(); return 'allowed'\n"
            "    except PermissionError:\n        return 'denied'\n"
            f"home = {home!r}\n"
            "print(attempt(lambda: os.listdir(home)), attempt(lambda: open(home + '/secret.txt').read()),\n"
            "      attempt(lambda: open(home + '/answers.txt').read()), attempt(lambda: open(home + '/x.txt', 'w')))\n"
        )
        assert out.split() == ["denied"] * 4, (home, out)
    # ann's browser cannot open bea's server, through the hub or straight at its port
    reply = ann.session.get(f"{room.local_url}/user/bea/api/contents/secret.txt", timeout=30, allow_redirects=True)
    assert reply.status_code in (403, 404) and "bea's notes" not in reply.text
    bea_pid = [
        p
        for p in users.processes_of({pwd.getpwnam(room.system_name("bea")).pw_uid})
        if b"jupyterhub-singleuser" in Path(f"/proc/{p}/cmdline").read_bytes()
    ][0]
    environ = dict(
        item.split("=", 1) for item in Path(f"/proc/{bea_pid}/environ").read_bytes().decode().split("\0") if "=" in item
    )
    direct = environ["JUPYTERHUB_SERVICE_URL"].rstrip("/") + "/api/contents/secret.txt"
    out = ann.run(
        "import os, urllib.request, urllib.error\n"
        f"req = urllib.request.Request({direct!r}, headers={{'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']}})\n"
        "try:\n    print(urllib.request.urlopen(req, timeout=20).status)\n"
        "except urllib.error.HTTPError as e:\n    print(e.code)\n"
    )
    assert out.strip() == "403", out
    ann.shutdown_kernel()


def test_the_hub_config_itself_refuses_a_weak_password(hub):
    room, env = hub
    result = subprocess.run(
        [str(room.hub_env / "bin" / "jupyterhub"), "-f", str(rehearsal.REPO / "hub" / "jupyterhub_config.py")],
        env={**env, "AICOLLAB_ROOM_PASSWORD": "short", "AICOLLAB_HUB_PORT": str(rehearsal.free_port())},
        cwd="/tmp",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "AICOLLAB_ROOM_PASSWORD is too short" in result.stderr


def test_hub_restart_mid_workshop_loses_no_file_and_no_kernel(hub):
    room, env = hub
    learner = _ready(room, "rita")
    learner.write_file("work.txt", "before the restart")
    learner.start_kernel("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
    learner.run("x = 42")
    restarted = rehearsal.hub_sh(env, "restart", timeout=300)
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    assert learner.server_status().get("ready")  # the same browser session carries on
    learner._connect()
    assert learner.run("print(x)").strip() == "42"
    assert learner.read_file("work.txt") == "before the restart"
    # a full stop and start: servers stop, files stay
    assert rehearsal.hub_sh(env, "stop", timeout=300).returncode == 0
    assert rehearsal.hub_sh(env, "start", timeout=600).returncode == 0
    again = _ready(room, "rita")
    assert again.read_file("work.txt") == "before the restart"
    assert again.read_file("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
