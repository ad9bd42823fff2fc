"""Helpers for the workshop-hub tests: the hub's modules (hub/roomhub) on sys.path, and the
marker that skips a test, with the reason, when it does not run as root."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HUB = Path(__file__).resolve().parents[2] / "hub"
if str(HUB) not in sys.path:
    sys.path.insert(0, str(HUB))

requires_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="the workshop-hub tests need root: every learner gets a system account of their own"
)
