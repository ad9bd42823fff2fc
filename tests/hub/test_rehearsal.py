"""The small room rehearsal: 3 simulated learners through a real hub, every step of the room.

Each learner logs in through the form, spawns a server as their own system account, follows
the nbgitpuller link (lesson 00 opens), runs every code cell of lessons 02 and 04 over the
kernel websocket, and sends a room-poll answer from its kernel to the room-poll service, where
the instructor finds it under the learner's hub name.
Afterwards the hub is stopped and nothing of it is left: no process, no account, no port.
"""

from __future__ import annotations

import os
import socket
import subprocess

from hub_support import requires_root
from roomhub import control, rehearsal, users

pytestmark = requires_root


def test_three_learners_through_the_whole_room():
    names = ["ann", "bo", "cy"]
    with rehearsal.temporary_hub() as (room, env):
        link = subprocess.run(["bash", str(rehearsal.HUB_SH), "link"], env=env, capture_output=True, text=True)
        assert link.stdout.strip() == room.pull_link()
        report = rehearsal.rehearse(room, len(names), stagger=3, deadline=400, step_timeout=200, names=names)
        assert [o.failure for o in report.outcomes] == [None, None, None]
        for outcome in report.outcomes:
            assert set(outcome.times) >= {
                "login",
                "spawn",
                "pull",
                "kernel",
                "first cell",
                "lesson 02",
                "lesson 04",
                "submit",
                "total",
            }
            entry = users.account(room.system_name(outcome.name))
            assert entry and entry.pw_uid != 0 and oct(os.stat(entry.pw_dir).st_mode)[-3:] == "700"
            assert (
                room.homes / entry.pw_name / "partners-in-healthcare-ai" / "notebooks" / "00_welcome.ipynb"
            ).exists()
            assert outcome.poll_reply.startswith("Sent to the room.")
        listing = rehearsal.room_poll_listing(room)
        assert sorted(listing) == names and all(listing[n]["name"] == n for n in names)
        assert all(len(listing[n]["barrier_ranking"]) == 3 and len(listing[n]["weights"]) == 4 for n in names)
        assert all(report.peak_rss_kb[n] > 50_000 for n in names)  # a server and a kernel each
        assert "| spawn |" in rehearsal.format_report(report)
        port, prefix = room.port, room.user_prefix
    # everything the hub started has stopped, and its accounts are gone
    assert not control.hub_pid(room)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    assert users.our_accounts(room.homes, prefix) == []
    assert not any(e.pw_name.startswith(prefix) for e in __import__("pwd").getpwall())
