"""A throw-away hub per test module (hub/roomhub/rehearsal.temporary_hub: temporary state
folder, random loopback ports and passwords, its own account prefix; always stopped and its
accounts deleted afterwards). The hub's environments are shared between runs in
/var/tmp/aicollab-hub-envs (rebuilt only when the pins change), so only the first run installs.
"""

from __future__ import annotations

import hub_support  # noqa: F401  (puts hub/ on sys.path)
import pytest


@pytest.fixture(scope="module")
def hub():
    from roomhub import rehearsal

    with rehearsal.temporary_hub() as (room, env):
        yield room, env
