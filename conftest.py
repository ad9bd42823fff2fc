"""pytest set-up shared by the unit tests and nbval's notebook tests.

Kernel start-up retry: jupyter_client chooses a kernel's TCP ports by binding to free ports
and releasing them; when several kernels start at once (two test workers, JupyterLab, the
exercise runner), another process can take a port first and the new kernel dies before it
answers ("Kernel died before replying to kernel_info"). Seen once in CI. nbval then reports
every cell of that notebook as an error although the notebook is fine. Starting the kernel
again is the fix; a kernel that cannot start at all still fails after three attempts. Only
start-up is retried: errors while a notebook runs are never retried.
"""

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
