"""Timing of the value-sharing engine (not a test; prints a table).

Run:  python benchmarks/bench_engine.py
Target: exact Shapley for 8 players and one full compare_rules + stability update
for the default and an 8-player scenario, each under 50 ms at the 95th percentile; a
lesson's first table (import and load in a fresh process) under 2 s.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from itertools import combinations

import numpy as np
import pandas as pd

from aicollab.model import (
    COMPARE_RULES,
    Partnership,
    compare_rules,
    default_partnership,
    normalise_supply,
    shapley,
    stability,
)


def _time(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    return statistics.median(ts), ts[min(len(ts) - 1, int(round(0.95 * (len(ts) - 1))))]


def random_game(n: int, seed: int = 0) -> tuple[list[str], dict]:
    rng = np.random.default_rng(seed)
    players = [f"P{k}" for k in range(n)]
    g = {frozenset(c): float(rng.uniform(0, 100)) for r in range(1, n + 1) for c in combinations(players, r)}
    return players, g


def eight_player_partnership() -> Partnership:
    players = [
        "Clinicians",
        "Radiographers",
        "Hospital A",
        "Hospital B",
        "University lab",
        "AI company",
        "Funder",
        "Regulatory consultancy",
    ]
    base = default_partnership()
    rng = np.random.default_rng(1)
    raw = pd.DataFrame(
        rng.uniform(0, 1, (8, len(base.resources))) * (rng.uniform(0, 1, (8, len(base.resources))) > 0.5),
        index=players,
        columns=list(base.resources),
    )
    for r in raw.columns:
        if raw[r].sum() == 0:
            raw.loc[players[0], r] = 1.0
    return Partnership(
        players=players,
        resources=dict(base.resources),
        supply=normalise_supply(raw),
        essential=base.essential,
        gamma=1.5,
        total=500,
        title="Eight-partner stress scenario",
    )


def update(p: Partnership) -> None:
    table = compare_rules(p)
    for rule in COMPARE_RULES:
        stability(p, table[rule])


def main() -> None:
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}")
    print(f"{'task':<50}{'p50 ms':>9}{'p95 ms':>9}")
    rows = []
    for n in range(2, 9):
        players, g = random_game(n)
        rows.append(
            (f"exact Shapley, {n} players (dict game)", *_time(lambda players=players, g=g: shapley(players, g), 200))
        )
    d = default_partnership()
    rows.append((f"compare_rules + stability, default ({d.n} players)", *_time(lambda: update(d), 100)))
    e = eight_player_partnership()
    rows.append(("compare_rules + stability, 8 players", *_time(lambda: update(e), 100)))
    # One update of the JupyterLab app as a learner drags a slider: read the controls, rebuild
    # the partnership, every rule, the stability verdicts, deal terms, recognition gap, the
    # HTML tables and the chart's data rows (the widget sends only those rows to the browser).
    from aicollab.display.app import ValueSharingApp, shares_chart_spec

    app = ValueSharingApp()
    slider = app._weights["Funding"]
    values = iter([1.0 + (k % 18) * 0.5 for k in range(10_000)])
    rows.append(
        (
            "app update: slider move (model + tables + chart)",
            *_time(lambda: setattr(slider, "value", next(values)), 100),
        )
    )
    app8 = ValueSharingApp(e)
    slider8 = app8._weights["Funding"]
    rows.append(("app update, 8 players", *_time(lambda: setattr(slider8, "value", next(values)), 100)))
    rows.append(("chart spec rebuild (when partners change)", *_time(lambda: shares_chart_spec(d.players), 50)))
    for name, p50, p95 in rows:
        flag = "" if p95 < 50 else "  <-- over 50 ms target"
        print(f"{name:<50}{p50:>9.2f}{p95:>9.2f}{flag}")
    first_load()


def first_load(repeat: int = 5) -> None:
    """A lesson's first table: a fresh Python imports the loader and reads the survey (target < 2 s)."""
    import subprocess
    import sys

    code = (
        "import time; t=time.perf_counter(); from aicollab.data import load_survey; load_survey(); "
        "print(time.perf_counter()-t)"
    )
    times = sorted(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    )
    print(
        f"{'first load_survey() in a fresh process':<50}{statistics.median(times) * 1000:>9.0f}"
        f"{times[-1] * 1000:>9.0f}   (median and max of {repeat}; target < 2000 ms)"
    )


if __name__ == "__main__":
    main()
