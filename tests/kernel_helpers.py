"""Running notebooks in tests without tripping over jupyter_client's start-up port race.

See the repository's conftest.py: a kernel can die while starting when another process takes
one of its ports first. These helpers retry start-up only, never a notebook's own errors.
"""

from __future__ import annotations

from nbclient import NotebookClient

STARTUP_ATTEMPTS = 3


def is_startup_failure(error: BaseException) -> bool:
    """True for the errors jupyter_client raises when a kernel dies before it is ready."""
    return isinstance(error, RuntimeError) and "before replying to kernel_info" in str(error)


def execute(nb, **kwargs) -> None:
    """``NotebookClient(nb, **kwargs).execute()``, starting the kernel again if it died at start-up."""
    for attempt in range(1, STARTUP_ATTEMPTS + 1):
        try:
            NotebookClient(nb, **kwargs).execute()
            return
        except RuntimeError as error:
            if attempt == STARTUP_ATTEMPTS or not is_startup_failure(error):
                raise
