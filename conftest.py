"""pytest set-up shared by the unit tests and nbval's notebook tests.

Kernel start-up retry: jupyter_client chooses a kernel's TCP ports by binding to free ports
and releasing them; when several kernels start at once (two test workers, JupyterLab, the
exercise runner), another process can take a port first and the new kernel dies before it
answers ("Kernel died before replying to kernel_info"). Seen once in CI. nbval then reports
every cell of that notebook as an error although the notebook is fine. Starting the kernel
again is the fix; a kernel that cannot start at all still fails after three attempts. Only
start-up is retried: errors while a notebook runs are never retried.

Figure coverage: tests/test_figures.py leaves its coverage line (figures checked / figures
stated) in .pytest_cache; the summary prints it when that test ran in this session (in a worker
or not).
"""

import time
from pathlib import Path

import nbval.kernel

from tests.kernel_helpers import STARTUP_ATTEMPTS, is_startup_failure

_start_new_kernel = nbval.kernel.start_new_kernel


def _start_new_kernel_with_retry(*args, **kwargs):
    for attempt in range(1, STARTUP_ATTEMPTS + 1):
        try:
            return _start_new_kernel(*args, **kwargs)
        except RuntimeError as error:
            if attempt == STARTUP_ATTEMPTS or not is_startup_failure(error):
                raise


nbval.kernel.start_new_kernel = _start_new_kernel_with_retry


_FIGURES_COVERAGE = Path(__file__).resolve().parent / ".pytest_cache" / "aicollab-figures-coverage.txt"
_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter):
    """Print the figure checker's coverage line when tests/test_figures.py ran in this session."""
    try:
        if _FIGURES_COVERAGE.stat().st_mtime >= _SESSION_START:
            terminalreporter.write_line(_FIGURES_COVERAGE.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        pass
