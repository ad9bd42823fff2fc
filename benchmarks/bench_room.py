"""The room rehearsal: N simulated learners through a real workshop hub on this machine.

    sudo .venv/bin/python benchmarks/bench_room.py --learners 30

Starts a throw-away hub with scripts/hub.sh (temporary state folder, random loopback ports,
random passwords), sends learners in one every --stagger seconds, and for each: logs in through
the shared-password form, spawns a server, follows the nbgitpuller link, starts a kernel, runs
every code cell of lessons 02 and 04 over the kernel websocket, and sends a room-poll answer
from its kernel to the hub's room-poll service (the "submit" step: what "Send to the room" does).
Prints p50/p95/max per step (submit included), the failures, memory per learner and for the room,
how many answers the room poll holds, and sizing advice. Bounded (--deadline) and always cleans up: servers stopped, hub stopped, the system
accounts it made deleted (also on an error or Ctrl-C). Needs root (system accounts).
The logic lives in hub/roomhub/rehearsal.py (shared with the tests in tests/hub/).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from roomhub import rehearsal  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--stagger", type=float, default=4.0, help="seconds between two learners' logins")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a learner waits before each next cell")
    parser.add_argument("--deadline", type=float, default=1500, help="seconds before the rehearsal gives up")
    parser.add_argument("--step-timeout", type=float, default=300, help="seconds for any one step")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench_room: run as root (each learner gets a system account).", file=sys.stderr)
        return 2
    try:
        with rehearsal.temporary_hub() as (room, _env):
            print(
                f"hub at {room.local_url}; {args.learners} learners, one every {args.stagger:g} s, "
                f"{args.think:g} s between cells",
                flush=True,
            )
            report = rehearsal.rehearse(
                room, args.learners, args.stagger, args.deadline, args.step_timeout, think=args.think
            )
            stored = len(rehearsal.room_poll_listing(room))
            print(f"room poll: {stored} of {args.learners} learners' answers stored", flush=True)
    except KeyboardInterrupt:
        print("bench_room: interrupted; the hub was stopped and its accounts removed.", file=sys.stderr)
        return 130
    print(rehearsal.format_report(report))
    return 1 if report.failures or stored != args.learners else 0


if __name__ == "__main__":
    sys.exit(main())
