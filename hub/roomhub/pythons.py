"""Which Python the hub's environments are made from: one that every learner's account can run.

Learners' servers and kernels run as their own accounts, so the interpreter and its standard
library must be open to everyone. The kit's pins need the Python that ``scripts/setup.sh`` uses
(``python3`` on the PATH; Debian 12's own 3.11.2 is too old for some pins). When that Python
lives in a private folder (pyenv under /root, say), :func:`learners_python` makes a
world-readable copy of its interpreter and standard library (no site-packages, no test suite,
about 100 MB) in the hub's environments folder and points the copy's library search path at
itself with ``patchelf``. Standard library only (run by ``scripts/hub.sh``).

    python3 -m roomhub.pythons ENVS_DIR [PYTHON]   # prints the Python to build the environments from
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


class PythonError(RuntimeError):
    """No usable Python; the message says what to do."""


def world_can_use(path: str | os.PathLike) -> bool:
    """True when any account may run or read ``path``: it and every folder above it are open to others."""
    target = Path(os.path.realpath(path))
    for part in [target, *target.parents]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if part.is_dir() and not mode & 0o001:
            return False
        if part == target and not mode & 0o004:
            return False
    return True


def describe(python: str) -> dict:
    """Version, prefix, standard library and executable of ``python``."""
    code = (
        "import json, sys, sysconfig; print(json.dumps({'version': list(sys.version_info[:3]), "
        "'base_prefix': sys.base_prefix, 'stdlib': sysconfig.get_paths()['stdlib'], "
        "'executable': __import__('os').path.realpath(sys.executable), "
        "'libdir': sysconfig.get_config_var('LIBDIR'), 'ldlibrary': sysconfig.get_config_var('LDLIBRARY'), "
        "'shared': bool(sysconfig.get_config_var('Py_ENABLE_SHARED'))}))"
    )
    result = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        raise PythonError(f"{python} does not run: {result.stderr.strip()}")
    return json.loads(result.stdout)


def usable_as_is(info: dict) -> bool:
    return (
        world_can_use(info["executable"])
        and world_can_use(info["stdlib"])
        and (not info["shared"] or world_can_use(Path(info["libdir"]) / info["ldlibrary"]))
    )


def copy_for_learners(info: dict, target: Path) -> Path:
    """A world-readable copy of a private Python's interpreter and standard library."""
    stamp = json.dumps(info, sort_keys=True)
    stamp_file = target / ".aicollab-stamp"
    minor = "python{}.{}".format(*info["version"][:2])
    exe = target / "bin" / minor
    if stamp_file.exists() and stamp_file.read_text() == stamp and exe.exists():
        return exe
    shutil.rmtree(target, ignore_errors=True)
    (target / "bin").mkdir(parents=True)
    shutil.copy2(info["executable"], exe)
    os.symlink(minor, target / "bin" / "python3")
    lib = target / "lib"
    shutil.copytree(
        info["stdlib"],
        lib / minor,
        symlinks=True,
        ignore=shutil.ignore_patterns("site-packages", "test", "idlelib", "tkinter"),
    )
    subprocess.run(
        [str(exe), "-m", "compileall", "-q", "-j", "0", str(lib / minor)],
        check=False,
        capture_output=True,
        env={**os.environ, "LD_LIBRARY_PATH": str(lib)},
    )
    (lib / minor / "site-packages").mkdir(exist_ok=True)
    if info["shared"]:
        for so in Path(info["libdir"]).glob(info["ldlibrary"] + "*"):
            shutil.copy2(so, lib / so.name, follow_symlinks=False)
        if not shutil.which("patchelf"):
            raise PythonError(
                "patchelf is needed to copy this Python for learners "
                "(apt-get install patchelf), or set AICOLLAB_HUB_PYTHON to a Python "
                "every account may run (3.11.5 or newer)."
            )
        subprocess.run(["patchelf", "--set-rpath", "$ORIGIN/../lib", str(exe)], check=True)
    for root, dirs, files in os.walk(target):
        for name in dirs + files:
            path = Path(root) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o044 | (0o011 if path.is_dir() or os.access(path, os.X_OK) else 0))
    target.chmod(0o755)
    check = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            str(exe),
            "-c",
            "import ssl, sqlite3, venv, ensurepip",
        ],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        raise PythonError(
            f"the copy of Python in {target} does not run for other accounts: {check.stderr.strip()[-300:]}"
        )
    stamp_file.write_text(stamp)
    return exe


def learners_python(envs_dir: Path, wanted: str | None = None) -> str:
    """The Python to make the hub's environments from (see the module's docstring)."""
    explicit = wanted is not None
    python = shutil.which(wanted or "python3")
    if not python:
        raise PythonError(f"{wanted or 'python3'} was not found.")
    info = describe(python)
    if tuple(info["version"]) < (3, 11):
        raise PythonError(f"{python} is Python {'.'.join(map(str, info['version']))}; the kit needs 3.11 or newer.")
    if usable_as_is(info):
        return python
    if explicit:
        raise PythonError(f"AICOLLAB_HUB_PYTHON={wanted} lives where learners' accounts cannot run it.")
    return str(copy_for_learners(info, Path(envs_dir) / "python"))


if __name__ == "__main__":
    try:
        print(learners_python(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None))
    except (PythonError, subprocess.CalledProcessError) as error:
        print(f"aicollab hub: {error}", file=sys.stderr)
        sys.exit(1)
