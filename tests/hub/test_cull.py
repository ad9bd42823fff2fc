"""An idle server is culled by jupyterhub-idle-culler, and comes back with the learner's files."""

from __future__ import annotations

import time

from hub_support import requires_root
from roomhub import rehearsal
from roomhub.learner import Learner

pytestmark = requires_root


def test_idle_server_is_culled_and_comes_back_with_files():
    with rehearsal.temporary_hub(cull_timeout=20) as (room, _env):
        learner = Learner(room.local_url, "ida", room.room_password, timeout=120)
        learner.login()
        learner.spawn()
        learner.pull(room.pull_path())
        learner.write_file("draft.txt", "written before the break")
        deadline = time.monotonic() + 120
        while learner.server_status() and time.monotonic() < deadline:
            time.sleep(2)
        assert learner.server_status() == {}, "the idle server was not culled within 120 s"
        learner.spawn()
        learner.open_lab()  # as the browser does: a fresh server, a fresh sign-in hand-off
        assert learner.read_file("draft.txt") == "written before the break"
        assert learner.read_file("partners-in-healthcare-ai/notebooks/00_welcome.ipynb")
