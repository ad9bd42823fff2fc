"""The wheel is self-contained: installed on its own, it runs a lesson from any folder.

A hub's user image, a learner's own environment or a laptop without the repository get the
kit from its wheel. This test builds the wheel from the checkout, installs it into a fresh
virtual environment, and runs lessons there from a temporary folder with no checkout beside
them. The fresh environment borrows the pinned third-party packages of this one (a ``.pth``
line, which adds the folder but not the checkout's editable install), so only the kit itself
comes from the wheel and the test needs no network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Lessons run from the wheel: the survey's data (02) and every kernel-free tool's assets (06).
LESSONS = ("02_reading_the_survey.ipynb", "06_capstone.ipynb")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = tmp_path_factory.mktemp("build")
    # Build from a copy: setuptools writes build/ and *.egg-info next to the sources.
    src = build / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "node_modules", "*.egg-info", "build", ".hypothesis", "__pycache__", ".hub"
        ),
    )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (found,) = out.glob("aicollab-*.whl")
    return found


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory, wheel) -> Path:
    env = tmp_path_factory.mktemp("env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    python = env / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The pinned dependencies of this environment, without its editable install of the kit.
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return python


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AICOLLAB_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PYTHONHASHSEED"] = "0"
    return env


def test_wheel_carries_the_data_and_every_static_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    datasets = sorted(p.name for p in (ROOT / "datasets").iterdir() if p.suffix in (".csv", ".json"))
    assert datasets, "no datasets found in the checkout"
    for name in datasets:
        assert f"aicollab/datasets/{name}" in names, f"{name} is missing from the wheel"
    static = sorted(p.name for p in (ROOT / "aicollab" / "display" / "static").iterdir() if p.is_file())
    for name in static:
        assert f"aicollab/display/static/{name}" in names, f"static file {name} is missing from the wheel"
    assert not any(n.startswith(("tests/", "notebooks/", "book/")) for n in names)


def test_wheel_finds_its_data_outside_the_checkout(wheel_env, tmp_path):
    code = (
        "import aicollab, aicollab.data as d, aicollab.display.assets as a; "
        "print(aicollab.__file__); print(d.data_dir()); print(len(d.load_survey())); "
        "print(len(a.read_asset('vega-bundle.js')) > 100000)"
    )
    done = subprocess.run(
        [str(wheel_env), "-c", code], cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    package, data, rows, bundle = done.stdout.split()
    assert not package.startswith(str(ROOT)), f"the kit was imported from the checkout: {package}"
    assert not data.startswith(str(ROOT)) and data.endswith("datasets"), f"data came from {data}"
    assert rows == "161" and bundle == "True"


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_runs_from_the_wheel_in_a_temporary_folder(wheel_env, tmp_path, lesson):
    shutil.copy(ROOT / "notebooks" / lesson, tmp_path / lesson)
    runner = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []) if o.output_type == 'error']\n"
        "print(len(errors))\n"
    )
    # The kernel must be the fresh environment's Python, not this one's.
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(wheel_env), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "wheel",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    env = _clean_env() | {"JUPYTER_PATH": str(tmp_path / "jupyter")}
    done = subprocess.run(
        [str(wheel_env), "-c", runner, str(tmp_path / lesson), str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "0"
