"""The room's rules without a running hub: passwords, names, the link, the pins."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import hub_support  # noqa: F401
import pytest
from roomhub import settings

REPO = Path(__file__).resolve().parents[2]
GOOD_ADMIN = "k" * 16 + "Q7v-2zTqLm9!xR4s"


@pytest.mark.parametrize(
    "room, admin, expected",
    [
        ("", GOOD_ADMIN, "AICOLLAB_ROOM_PASSWORD is not set"),
        ("short", GOOD_ADMIN, "too short (5 characters)"),
        ("1234567890", GOOD_ADMIN, "too easy to guess"),
        ("mypassword1", GOOD_ADMIN, "too easy to guess"),
        ("otter-lamp-river", "", "AICOLLAB_ADMIN_PASSWORD is not set"),
        ("otter-lamp-river", "x" * 31, "JupyterHub needs at least 32"),
        ("otter-lamp-river", "x" * 40, "one repeated character"),
        (GOOD_ADMIN, GOOD_ADMIN, "must differ"),
    ],
)
def test_weak_or_missing_passwords_are_refused_in_plain_words(room, admin, expected):
    problems = settings.password_problems(room, admin)
    assert any(expected in p for p in problems), problems


def test_good_passwords_pass():
    assert settings.password_problems("otter-lamp-river", GOOD_ADMIN) == []


@pytest.mark.parametrize("name", ["anna", "anna-m", "b_2", "root", "daemon", "x" * 24])
def test_plain_names_are_accepted(name):
    assert settings.name_problem(name, 24) is None
    assert re.match(settings.name_pattern(24), name)


@pytest.mark.parametrize("name", ["", "dr. müller", "anna m", "1anna", "-x", "../etc", "x" * 25])
def test_odd_names_get_the_rule_in_plain_words(name):
    problem = settings.name_problem(name, 24)
    assert problem and "letters a-z, digits" in problem
    assert not re.match(settings.name_pattern(24), name)


def test_system_accounts_are_prefixed_and_fit_useradd():
    room = settings.from_env({"AICOLLAB_HUB_DIR": "/tmp/x"})
    assert room.system_name("root") == "jupyter-root"
    assert len(room.system_name("x" * room.name_max)) == settings.SYSTEM_NAME_MAX


def test_settings_from_environment_and_defaults():
    room = settings.from_env(
        {"AICOLLAB_HUB_DIR": "/srv/room", "AICOLLAB_HUB_PORT": "9000", "AICOLLAB_HUB_IP": "0.0.0.0"}
    )
    assert (room.ip, room.port, room.proxy_api_port, room.internal_port) == ("0.0.0.0", 9000, 9001, 9002)
    assert room.local_url == "http://127.0.0.1:9000"
    assert room.admin_user == "instructor" and room.cull_timeout == 3600
    assert room.repo_dir == Path("/srv/room/repo/partners-in-healthcare-ai")
    with pytest.raises(ValueError, match="whole number"):
        settings.from_env({"AICOLLAB_HUB_PORT": "80a"})


def test_the_link_opens_lesson_00_from_the_bare_repository_on_branch_main():
    room = settings.from_env({"AICOLLAB_HUB_DIR": "/srv/room", "AICOLLAB_HUB_PUBLIC_URL": "http://10.0.0.5:8000"})
    link = urlsplit(room.pull_link())
    query = parse_qs(link.query)
    assert link.netloc == "10.0.0.5:8000" and link.path == "/hub/user-redirect/git-pull"
    assert query == {
        "repo": ["/srv/room/repo/partners-in-healthcare-ai"],
        "branch": ["main"],
        "urlpath": ["lab/tree/partners-in-healthcare-ai/notebooks/00_welcome.ipynb"],
    }
    assert (REPO / settings.FIRST_NOTEBOOK).exists()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            assert "==" in line, f"{path.name}: '{line}' is not pinned with =="
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_hub_pins_agree_with_the_kits_constraints():
    kit = _pins(REPO / "constraints.txt")
    binder = _pins(REPO / "binder" / "requirements.txt")
    for name in ("requirements-hub.txt", "requirements-user.txt", "constraints-hub.txt"):
        for package, version in _pins(REPO / "hub" / name).items():
            assert kit.get(package, version) == version, f"{name}: {package}=={version} vs constraints.txt"
    extra = _pins(REPO / "hub" / "constraints-hub.txt")
    assert not set(extra) & set(kit), "constraints-hub.txt repeats pins of constraints.txt"
    assert binder and all(kit[p] == v for p, v in binder.items())
    assert "-r ../binder/requirements.txt" in (REPO / "hub" / "requirements-user.txt").read_text()


def test_the_proxy_is_locked():
    import json

    lock = json.loads((REPO / "hub" / "proxy" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == "5.3.0"
    assert lock["packages"][""]["dependencies"] == {"configurable-http-proxy": "5.3.0"}


def test_zero_to_jupyterhub_values_match_the_room():
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((REPO / "hub" / "z2jh" / "config.yaml").read_text())
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "shared-password"
    assert config["Authenticator"]["allow_all"] is True
    assert config["Authenticator"]["username_pattern"] == settings.name_pattern(24)
    assert values["cull"]["enabled"] is True and values["singleuser"]["defaultUrl"] == "/lab"
    dockerfile = (REPO / "hub" / "z2jh" / "Dockerfile").read_text()
    assert "hub/requirements-user.txt" in dockerfile and "aicollab jupyter enable" in dockerfile
