"""Jupyter server extension: serve the kit's browser files from the Jupyter server.

Charts and kernel-free tools drawn in JupyterLab need the kit's script (``kit.js``), the
tools' scripts and stylesheets, and vega, vega-lite and vega-embed. Instead of a CDN, the
bootstrap in each output (``aicollab.display.render``) loads them from
``<base_url>aicollab/static/``, which this extension maps to ``aicollab/display/static/``
inside the installed package. That works the same on a laptop, on a JupyterHub (any base
URL, any server root) and offline. The files are served with ``Cache-Control: no-cache``, so
a browser revalidates them (cheaply) and never keeps an old kit after an upgrade.

Enable it once per environment (the set-up script does this):
``aicollab jupyter enable`` (writes the config file; see ``install``).
"""

from __future__ import annotations

from pathlib import Path

from aicollab.display.assets import STATIC_DIR


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "aicollab.tools.serverext"}]


def _load_jupyter_server_extension(serverapp) -> None:  # pragma: no cover - runs inside a server
    from jupyter_server.utils import url_path_join
    from tornado.web import StaticFileHandler

    class Handler(StaticFileHandler):
        def set_extra_headers(self, path):
            self.set_header("Cache-Control", "no-cache")

    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], "aicollab", "static", "(.*)")
    web_app.add_handlers(".*$", [(route, Handler, {"path": str(STATIC_DIR)})])
    serverapp.log.info("aicollab: serving the kit's scripts, stylesheets and chart library at %s", route)


def install(prefix: str | None = None) -> Path:
    """Write the config file that enables this extension in an environment (and keep JupyterLab offline).

    ``jupyter server extension enable`` only toggles extensions whose config file a package
    installed, and an editable install writes none, so the set-up script calls this
    (``aicollab jupyter enable``). It writes
    ``<prefix>/etc/jupyter/jupyter_server_config.d/aicollab.json`` (prefix: this Python's
    ``sys.prefix``) and returns its path. It makes JupyterLab's extension manager read-only
    (``<prefix>/etc/jupyter/jupyter_lab_config.json``, merged with what is there: LabApp reads
    that file, not the ``.d`` folder): its default ("pypi") searches and installs from PyPI,
    which a locked-down hospital network blocks and a workshop hub must not allow; the kit's
    extensions (jupyterlab-myst, jupyterlab-rise) are pinned in requirements.txt instead. It also sets JupyterLab's
    notification settings (``share/jupyter/lab/settings/overrides.json``) so JupyterLab neither
    asks to fetch news nor checks for updates: both would contact the internet.
    """
    import json
    import sys

    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "aicollab.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    config = {"ServerApp": {"jpserver_extensions": {"aicollab.tools.serverext": True}}}
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    _merge_json(target.parent.parent / "jupyter_lab_config.json", "LabApp", {"extension_manager": "readonly"})
    # Offline first: stop JupyterLab asking to fetch news and update checks from the internet.
    overrides = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    _merge_json(
        overrides, "@jupyterlab/apputils-extension:notification", {"fetchNews": "false", "checkForUpdates": False}
    )
    return target


def _merge_json(path: Path, section: str, values: dict) -> None:
    """Set ``values`` in ``section`` of the JSON file ``path``, keeping everything else in it."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.setdefault(section, {}).update(values)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    print(f"aicollab: Jupyter server extension enabled in {install()}")
