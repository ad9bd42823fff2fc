"""Helpers for the workshop-hub tests: the hub's modules (hub/roomhub) on sys.path, the
marker that skips a test, with the reason, when it does not run as root, and a room-poll
document to post."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

HUB = Path(__file__).resolve().parents[2] / "hub"
if str(HUB) not in sys.path:
    sys.path.insert(0, str(HUB))

requires_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="the workshop-hub tests need root: every learner gets a system account of their own"
)


def answers(**fields) -> dict:
    """A valid room-poll document (format version 1) with the given answers."""
    return {
        "kit": "aicollab-room-poll",
        "version": 1,
        "submission_id": str(uuid.uuid4()),
        "created": "2026-12-01T10:00:00+00:00",
        "name": None,
        "weights": {},
        "barrier_ranking": [],
        "capstone": {},
        **fields,
    }
