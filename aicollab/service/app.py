"""Start the room-poll service: ``python -m aicollab.service --data DIR [--book DIR]``.

JupyterHub starts it as a managed service (``hub/roomhub/services.py``) and hands it, through
environment variables, everything it needs to authenticate users: ``JUPYTERHUB_API_TOKEN``,
``JUPYTERHUB_API_URL``, ``JUPYTERHUB_CLIENT_ID``, ``JUPYTERHUB_SERVICE_PREFIX`` (where the hub's
proxy sends ``/services/room-poll/``) and ``JUPYTERHUB_SERVICE_URL`` (the loopback address to
listen on). If the service dies, the hub starts it again; answers are in SQLite, committed
before each reply, so nothing acknowledged is lost.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler
from tornado import httpserver, ioloop, web

from . import handlers, intake
from .store import Store

log = logging.getLogger("aicollab.service")

#: Seconds the service trusts the hub's answer about a user (admin flag, groups) before asking again.
USER_CACHE_SECONDS = 60


class Poll:
    """The service's state: its store, where it is mounted, the book it serves, the room's tables."""

    def __init__(self, store: Store, prefix: str, book: Path | None):
        self.store, self.prefix, self.book = store, prefix, book
        self._cache: tuple[str | None, list, object] = (None, [], None)

    def room(self):
        """``(rows, PollResult)`` of the room's current answers, recomputed only when they change."""
        version = self.store.version()
        if self._cache[0] != version:
            rows = self.store.current()
            self._cache = (version, rows, intake.room_result(rows))
        return self._cache[1], self._cache[2]


def cookie_secret(folder: Path) -> bytes:
    """The service's cookie secret, kept in its data folder so sign-ins survive a restart."""
    path = folder / "cookie_secret"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def make_app(poll: Poll, secret: bytes) -> web.Application:
    p = poll.prefix
    routes = [
        (p, handlers.PageHandler),
        (p + "fragment", handlers.FragmentHandler),
        (p + "api/submissions", handlers.SubmissionsHandler),
        (p + "api/submissions/mine", handlers.MineHandler),
        (p + "api/state", handlers.StateHandler),
        (p + "api/aggregate", handlers.AggregateHandler),
        (p + "api/reveal", handlers.RevealHandler),
        (p + r"export/room-poll\.(zip|csv)", handlers.ExportHandler),
    ]
    app_routes = [(path, handler, {"poll": poll}) for path, handler in routes]
    app_routes += [
        (p + "oauth_callback", HubOAuthCallbackHandler),
        (p + r"static/([a-z0-9.-]+)", handlers.AssetHandler),
    ]
    if poll.book is not None:
        app_routes += [
            (p + "book", web.RedirectHandler, {"url": p + "book/"}),
            (p + "book/(.*)", handlers.BookHandler, {"path": str(poll.book), "poll": poll}),
        ]
    return web.Application(app_routes, cookie_secret=secret, xsrf_cookies=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aicollab.service", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="folder for the poll's database (created if missing)")
    parser.add_argument("--book", help="folder of the built book to serve at <prefix>book/ (optional)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(levelname).1s %(asctime)s room-poll] %(message)s")
    url = os.environ.get("JUPYTERHUB_SERVICE_URL")
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/room-poll/")
    if not url or not os.environ.get("JUPYTERHUB_API_TOKEN"):
        print(
            "room-poll: run me as a JupyterHub managed service (no JUPYTERHUB_SERVICE_URL or API token).",
            file=sys.stderr,
        )
        return 2
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o700)
    book = Path(args.book) if args.book else None
    if book is not None and not (book / "index.html").is_file():
        log.warning("no built book at %s: the book is not served", book)
        book = None
    store = Store(data)
    HubOAuth.instance(cache_max_age=USER_CACHE_SECONDS)
    poll = Poll(store, prefix, book)
    app = make_app(poll, cookie_secret(data))
    address = urlsplit(url)
    server = httpserver.HTTPServer(app)
    server.listen(address.port or 80, address.hostname or "127.0.0.1")
    log.info("listening on %s (proxied at %s); answers in %s", url, prefix, store.path)
    loop = ioloop.IOLoop.current()

    def stop(*_):
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    loop.start()
    server.stop()
    store.close()
    log.info("stopped")
    return 0
