"""Benchmark the kit's maintenance loop: how long the notebook tests and the book build take.

Prints a table; it is not a test and asserts nothing.

(a) nbval over every notebook in notebooks/ and solutions/, divided by a floor: the time to
    start and stop a bare kernel once per notebook (what any notebook test must pay).
(b) the book build from clean (fresh _build, every notebook executed) and again with nothing
    changed (jupyter-cache reuses every executed notebook).

Usage:  .venv/bin/python benchmarks/bench_suite.py [--skip-clean-build]
The clean build deletes _build/ first (it is rebuilt at the end).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def notebooks() -> list[Path]:
    return sorted(p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*.ipynb"))


def kernel_floor(count: int) -> float:
    """Seconds to start and stop a bare python3 kernel ``count`` times."""
    start = time.perf_counter()
    for _ in range(count):
        km, kc = start_new_kernel(kernel_name="python3")
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return time.perf_counter() - start


def timed(cmd: list[str]) -> float:
    env = dict(os.environ, PYTHONHASHSEED="0")
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(f"  (command failed with exit {result.returncode}: {' '.join(cmd)})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-clean-build", action="store_true", help="do not delete _build and rebuild from scratch")
    args = parser.parse_args()

    nbs = notebooks()
    rows: list[tuple[str, str]] = []
    floor = kernel_floor(len(nbs))
    nbval_cmd = [
        str(BIN / "python"),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "tests/sanitize.cfg",
        *[str(p.relative_to(ROOT)) for p in nbs],
    ]
    serial = timed(nbval_cmd)
    parallel = timed([*nbval_cmd, "-n", "2", "--dist", "loadfile"])
    rows += [
        ("notebooks tested", f"{len(nbs)}"),
        ("kernel floor (start+stop once per notebook)", f"{floor:6.1f} s"),
        ("nbval, one process", f"{serial:6.1f} s  ({serial / floor:4.1f} x floor)"),
        ("nbval, -n 2", f"{parallel:6.1f} s  ({parallel / floor:4.1f} x floor)"),
    ]

    build = [str(BIN / "jupyter-book"), "build", ".", "-W", "--keep-going"]
    if not args.skip_clean_build:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        rows.append(("book build from clean", f"{timed(build):6.1f} s"))
    rows.append(("book build, nothing changed", f"{timed(build):6.1f} s"))

    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 28}")
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
