"""The environment is pinned: next year's install must be today's."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _requirements(path: Path) -> tuple[dict[str, str], list[str]]:
    pins, other = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
        else:
            other.append(line)
    return pins, other


def test_every_direct_dependency_is_pinned_and_matches_the_constraints():
    pins, other = _requirements(ROOT / "requirements.txt")
    assert set(other) == {"-c constraints.txt", "-e ."}, other  # nothing unpinned slips in
    constraints, _ = _requirements(ROOT / "constraints.txt")
    for name in ("jupyterlab", "ipywidgets", "pandas", "altair", "nbval", "jupyter-book"):
        assert name in pins, name
    assert pins["jupyter-book"].startswith("1."), "Jupyter Book 2 ignores _config.yml"
    for name, version in pins.items():
        assert constraints.get(name) == version, f"{name}: requirements {version}, constraints {constraints.get(name)}"


def test_binder_pins_are_the_same_as_the_kits():
    pins, _ = _requirements(ROOT / "requirements.txt")
    binder, other = _requirements(ROOT / "binder" / "requirements.txt")
    assert other == ["-c ../constraints.txt"]
    # Binder carries what a lesson needs to run (not the book or test tools), at the kit's pins.
    runtime = {
        "jupyterlab",
        "jupyterlab-myst",
        "ipykernel",
        "ipywidgets",
        "anywidget",
        "pandas",
        "altair",
        "vl-convert-python",
    }
    assert runtime <= set(binder), f"binder/requirements.txt lacks {sorted(runtime - set(binder))}"
    assert not {"jupyter-book", "pytest", "playwright"} & set(binder), "keep book and test tools out of Binder"
    for name, version in binder.items():
        assert pins.get(name) == version, f"binder pins {name}=={version}, the kit {pins.get(name)}"


def test_kernel_start_is_retried_but_notebook_errors_are_not(monkeypatch):
    import kernel_helpers

    calls = []

    class Flaky:
        def __init__(self, nb, **kwargs):
            pass

        def execute(self):
            calls.append(1)
            if len(calls) < 3:
                raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(kernel_helpers, "NotebookClient", Flaky)
    kernel_helpers.execute(None)
    assert len(calls) == 3

    class Broken(Flaky):
        def execute(self):
            calls.append(1)
            raise RuntimeError("something else went wrong")

    calls.clear()
    monkeypatch.setattr(kernel_helpers, "NotebookClient", Broken)
    import pytest

    with pytest.raises(RuntimeError, match="something else"):
        kernel_helpers.execute(None)
    assert len(calls) == 1
