"""``python -m aicollab.service``: run the room-poll service (JupyterHub starts it)."""

import sys

from .app import main

sys.exit(main())
