"""`aicollab jupyter enable` keeps JupyterLab offline: the extension manager is read-only.

JupyterLab's default extension manager ("pypi") searches and installs extensions from PyPI: on a
locked-down hospital network that fails, and on a workshop hub it would let a learner change the
shared environment. LabApp reads its settings from ``jupyter_lab_config.json`` (not from the
``jupyter_server_config.d`` folder where the server extension is enabled), which is easy to get
wrong, so the test asks a real JupyterLab what it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from aicollab.tools.serverext import install


def test_enable_makes_the_extension_manager_read_only_and_keeps_other_settings(tmp_path):
    lab_config = tmp_path / "etc" / "jupyter" / "jupyter_lab_config.json"
    lab_config.parent.mkdir(parents=True)
    lab_config.write_text(json.dumps({"LabApp": {"default_url": "/lab/tree/notebooks"}}))
    install(str(tmp_path))
    install(str(tmp_path))  # twice: still one setting, nothing else lost
    assert json.loads(lab_config.read_text()) == {
        "LabApp": {"default_url": "/lab/tree/notebooks", "extension_manager": "readonly"}
    }
    # JupyterLab itself reads it (config directory = the prefix's etc/jupyter).
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(lab_config.parent), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    shown = subprocess.run(
        [sys.executable, "-m", "jupyterlab", "--show-config", "--ServerApp.jpserver_extensions={}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout
    assert "extension_manager = 'readonly'" in shown, shown[-2000:]
