"""The room-poll service's tornado handlers, authenticated by JupyterHub (``HubOAuthenticated``).

Who may do what (the hub says who the user is; nothing here authenticates anyone itself):

=================================  ===============================  ==============================
route (under the service prefix)   learners                         instructors
=================================  ===============================  ==============================
``GET  /``                         their answers; the room's once   the live page: charts, tables,
                                   the instructor reveals them      exports, the reveal switch
``POST api/submissions``           send (or replace) their answers  the same (as themselves)
``GET  api/submissions``           403                              the room's current answers
``GET  api/submissions/mine``      their current answers            theirs
``GET  api/aggregate``             once revealed (else 403)         always
``POST api/reveal``                403                              show or hide the aggregate
``GET  export/room-poll.zip|csv``  403                              the room's files, or a CSV
``GET  book/...``                  the built book (same origin, so its buttons send here)
=================================  ===============================  ==============================

Instructors are hub admins and members of the hub group ``instructors``. Scripts call the API
with ``Authorization: token <hub API token>``; browsers are signed in by the hub's OAuth and
must send the ``_xsrf`` token with every post (JupyterHub's XSRF rules for services).
"""

from __future__ import annotations

import json
import math
import mimetypes
from http import HTTPStatus
from pathlib import Path

from jupyterhub.services.auth import HubOAuthenticated
from tornado import web

from aicollab import poll as kit_poll
from aicollab.display.assets import read_asset
from aicollab.poll.fileformat import MAX_BYTES

from . import intake, views

INSTRUCTORS_GROUP = "instructors"
#: Bodies up to this size are read (and dropped) before a 413, so the client reads the answer.
DRAIN_LIMIT = 1024 * 1024
#: The only static files the service serves (from the kit's aicollab/display/static/).
ASSETS = {"room-poll-page.js", "room-poll-page.css", "vega-bundle.js"}
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _plain(value):
    """JSON-safe: NaN becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame) -> list[dict]:
    return [{k: _plain(v) for k, v in record.items()} for record in frame.to_dict("records")]


class Base(HubOAuthenticated, web.RequestHandler):
    """Common to every handler: the poll's state, the user's role, safe headers, plain errors."""

    api = False

    def initialize(self, poll):
        self.poll = poll

    def set_default_headers(self):
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("Cache-Control", "no-store")

    @property
    def user_name(self) -> str:
        return self.current_user["name"]

    @property
    def is_user(self) -> bool:
        return bool(self.current_user) and self.current_user.get("kind", "user") == "user"

    @property
    def is_instructor(self) -> bool:
        model = self.current_user or {}
        return self.is_user and (bool(model.get("admin")) or INSTRUCTORS_GROUP in (model.get("groups") or []))

    def check_xsrf_cookie(self):
        # Identify the user first: a request authenticated by an API token needs no XSRF token
        # (JupyterHub's rule), and only the user check tells the two apart. (While the user is
        # being identified, JupyterHub calls this itself for a cookie: then it only checks.)
        if not hasattr(self, "_cached_hub_user"):
            _ = self.current_user
        return super().check_xsrf_cookie()

    def require_instructor(self) -> None:
        if not self.is_instructor:
            raise web.HTTPError(
                403,
                reason="Forbidden",
                log_message="only the instructor (a hub admin or a member of the group 'instructors') may see this",
            )

    def write_json(self, data, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False, allow_nan=False))

    def write_error(self, status_code, **kwargs):
        message = self._message(status_code, kwargs.get("exc_info"))
        if self.api:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"status": status_code, "message": message}))
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", PAGE_POLICY)
        body = f"<h1>Room poll</h1><p>{views.text(message)}</p>"
        self.finish(views.document("Room poll", body, self.poll.prefix, refresh=""))

    @staticmethod
    def _message(status_code, exc_info) -> str:
        error = exc_info[1] if exc_info else None
        if isinstance(error, web.HTTPError) and error.log_message and status_code < 500:
            message = error.log_message % error.args if error.args else error.log_message
            return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
        if status_code == 403:
            return "You are not allowed to do this here. Sign in to the hub first."
        return f"{HTTPStatus(status_code).phrase}. The room poll could not answer; try again."


SIGN_IN = (
    "sign in to the hub first (a browser also sends the page's XSRF token with each post), "
    "or send 'Authorization: token <hub API token>'"
)


class ApiBase(Base):
    """JSON answers; an unauthenticated call gets 403, never a redirect to the login page."""

    api = True

    def get_login_url(self):
        raise web.HTTPError(403, log_message=SIGN_IN)

    def check_xsrf_cookie(self):
        if not hasattr(self, "_cached_hub_user") and not self.current_user:
            raise web.HTTPError(403, log_message=SIGN_IN)
        return super().check_xsrf_cookie()


@web.stream_request_body
class SubmissionsHandler(ApiBase):
    """``POST``: a learner sends their answers; ``GET``: the instructor lists the room's."""

    def prepare(self):
        self._chunks: list[bytes] = []
        self._size = 0
        if self.request.method != "POST":
            return
        if not self.current_user:
            raise web.HTTPError(403, log_message=SIGN_IN)
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > DRAIN_LIMIT:
            raise web.HTTPError(413, log_message=self._too_big())
        self.request.connection.set_max_body_size(DRAIN_LIMIT)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_BYTES:
            self._chunks.append(chunk)

    @staticmethod
    def _too_big() -> str:
        return (
            f"not sent: the answers are larger than {MAX_BYTES // 1024} KB (the room poll's limit); "
            "shorten the longest capstone answers"
        )

    @web.authenticated
    def get(self):
        self.require_instructor()
        listing = [{"user": row.user, **row.document, "versions": row.versions} for row in self.poll.store.current()]
        self.write_json(listing)

    @web.authenticated
    def post(self):
        if self._size > MAX_BYTES:
            raise web.HTTPError(413, log_message=self._too_big())
        if not self.is_user:
            raise web.HTTPError(403, log_message="only hub users answer the room poll")
        accepted, reason = intake.accept(self.poll.store, self.user_name, b"".join(self._chunks))
        if accepted is None:
            raise web.HTTPError(400, "not sent: %s", reason)
        row = self.poll.store.add(self.user_name, accepted.document, b"".join(self._chunks), accepted.notes)
        versions = self.poll.store.mine(self.user_name).versions
        message = "Sent to the room. Your answers replace any you sent before."
        if accepted.notes:
            message += f" {len(accepted.notes)} value(s) were left out or changed: see 'notes'."
        self.write_json(
            {"message": message, "submission": row.document, "notes": accepted.notes, "versions": versions}, 201
        )


class MineHandler(ApiBase):
    @web.authenticated
    def get(self):
        row = self.poll.store.mine(self.user_name)
        self.write_json(
            {
                "user": self.user_name,
                "submission": row.document if row else None,
                "notes": row.notes if row else [],
                "versions": row.versions if row else 0,
            }
        )


class StateHandler(ApiBase):
    """What a live page polls: has anything changed, and is the aggregate revealed?"""

    @web.authenticated
    def get(self):
        store = self.poll.store
        self.write_json({"version": store.version(), "revealed": store.revealed, "learners": len(store.current())})


class AggregateHandler(ApiBase):
    @web.authenticated
    def get(self):
        if not (self.is_instructor or self.poll.store.revealed):
            raise web.HTTPError(403, log_message="the instructor has not shown the room's answers yet")
        rows, result = self.poll.room()
        self.write_json(
            {
                "revealed": self.poll.store.revealed,
                "learners": result.n,
                "names": sorted(r.document["name"] for r in rows if r.document.get("name")),
                "weights": _records(kit_poll.weight_summary(result)),
                "barriers": _records(kit_poll.barrier_comparison(result)),
                "borda": _records(kit_poll.room_borda(result)),
                "capstone": _records(views.capstone_tally(result)),
                "charts": {
                    "weights": kit_poll.weights_chart(result).to_dict(),
                    "barriers": kit_poll.barriers_chart(result).to_dict(),
                },
            }
        )


class RevealHandler(ApiBase):
    """Show (or hide) the room's aggregate to learners. JSON ``{"revealed": true}`` or the page's form."""

    @web.authenticated
    def post(self):
        self.require_instructor()
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            try:
                wanted = json.loads(self.request.body or b"null").get("revealed")
            except (ValueError, AttributeError):
                wanted = None
            if not isinstance(wanted, bool):
                raise web.HTTPError(400, log_message='send {"revealed": true} or {"revealed": false}')
            self.poll.store.set_revealed(wanted)
            self.write_json({"revealed": wanted})
            return
        self.poll.store.set_revealed(self.get_body_argument("revealed", "no") == "yes")
        self.redirect(self.poll.prefix, status=303)


class ExportHandler(ApiBase):
    @web.authenticated
    def get(self, kind):
        self.require_instructor()
        rows = self.poll.store.current()
        if kind == "zip":
            data, mime = intake.export_zip(rows), "application/zip"
        else:
            data, mime = intake.export_csv(rows), "text/csv; charset=utf-8"
        self.set_header("Content-Type", mime)
        self.set_header("Content-Disposition", f'attachment; filename="room-poll.{kind}"')
        self.finish(data)


class PageHandler(Base):
    """The live page: the instructor's (charts, tables, exports, reveal) or a learner's."""

    def set_default_headers(self):
        super().set_default_headers()
        self.set_header("Content-Security-Policy", PAGE_POLICY)

    @web.authenticated
    def get(self):
        prefix = self.poll.prefix
        store = self.poll.store
        marks = (
            f"data-fragment='{views.text(prefix)}fragment' data-version='{views.text(store.version())}' "
            f"data-revealed='{'yes' if store.revealed else 'no'}' "
            f"data-xsrf='{views.text(self.xsrf_token.decode())}'"
        )
        live = self.live_html()
        if self.is_instructor:
            revealed = store.revealed
            switch = "no" if revealed else "yes"
            label = "Hide the room's answers from learners" if revealed else "Show the room's answers to learners"
            state = (
                "Learners can see the room's answers." if revealed else "Learners cannot see the room's answers yet."
            )
            body = (
                "<h1>Room poll: live</h1>"
                "<p id='room-poll-status' role='status'></p>"
                f"<div class='room-poll-controls'><p>{state}</p>"
                f"<form method='post' action='{views.text(prefix)}api/reveal'>"
                f"<input type='hidden' name='_xsrf' value='{views.text(self.xsrf_token.decode())}'>"
                f"<input type='hidden' name='revealed' value='{switch}'>"
                f"<button type='submit'>{label}</button></form>"
                f"<p><a href='{views.text(prefix)}export/room-poll.zip'>Download the poll files (zip)</a> "
                "for the instructor's notebook (<code>poll.collect</code>), or "
                f"<a href='{views.text(prefix)}export/room-poll.csv'>the answers as CSV</a>.</p></div>"
                f"<div id='room-poll-live' {marks}>{live}</div>"
            )
        else:
            book = (
                f"<p><a href='{views.text(prefix)}book/'>Open the book</a>: its buttons send your answers here.</p>"
                if self.poll.book
                else ""
            )
            body = (
                "<h1>Room poll</h1><p id='room-poll-status' role='status'></p>"
                f"<div id='room-poll-live' {marks}>{live}</div>{book}"
            )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(views.document("Room poll", body, prefix, refresh=f"{prefix}api/state"))

    def live_html(self) -> str:
        rows, result = self.poll.room()
        if self.is_instructor:
            return views.room_sections(result, rows) + views.left_out(result)
        mine = "<section aria-labelledby='room-poll-mine'><h2 id='room-poll-mine'>Your answers</h2>"
        mine += views.mine(self.poll.store.mine(self.user_name), self.user_name) + "</section>"
        room = "<section aria-labelledby='room-poll-room'><h2 id='room-poll-room'>The room</h2>"
        if self.poll.store.revealed:
            room += views.room_sections(result, rows)
        else:
            room += "<p>The instructor has not shown the room's answers yet. This page updates by itself.</p>"
        return mine + room + "</section>"


class FragmentHandler(PageHandler):
    """The live part of the page, for the page's script to swap in when something changed."""

    @web.authenticated
    def get(self):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(self.live_html())


class AssetHandler(web.RequestHandler):
    """The page's script and stylesheet and the Vega bundle, from the kit's static folder."""

    def get(self, name):
        if name not in ASSETS:
            raise web.HTTPError(404)
        self.set_header("Content-Type", mimetypes.guess_type(name)[0] + "; charset=utf-8")
        self.set_header("Cache-Control", "private, max-age=3600")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(read_asset(name))


class BookHandler(HubOAuthenticated, web.StaticFileHandler):
    """The built book, for signed-in users, from the same origin as the API.

    Each HTML page gains one ``<meta name="aicollab-room-poll">`` element right after ``<head>``:
    where to send answers, the user's XSRF token and hub name. The kit's ``files.js`` reads it
    and turns the kernel-free tools' save buttons into "Send to the room".

    Pages (and the pages' sources, ``_sources/``) need a signed-in user; the files a page loads
    (scripts, styles, fonts, images, the search index) do not: the browser fetches them as
    sub-resources, which JupyterHub's cookie rules would send through OAuth one by one, and
    those parallel sign-ins replace the XSRF token the page was given.
    """

    SIGNED_IN = ("_sources/",)

    def initialize(self, path, poll):
        super().initialize(path=path, default_filename="index.html")
        self.poll = poll

    async def get(self, path, include_body=True):
        if path == "" or path.endswith("/"):
            path += "index.html"
        if path.endswith(".html") or path.startswith(self.SIGNED_IN):
            pending = self._signed_in(path, include_body)  # None when sent to sign in
            if pending is not None:
                await pending
            return
        await super().get(path, include_body)

    @web.authenticated
    async def _signed_in(self, path, include_body=True):
        if not path.endswith(".html"):
            await super().get(path, include_body)
            return
        self.path = self.parse_url_path(path)  # what StaticFileHandler.get sets; its checks read it
        absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
        if absolute is None:
            return
        page = Path(absolute).read_bytes()
        config = {
            "submit": f"{self.poll.prefix}api/submissions",
            "page": self.poll.prefix,
            "xsrf": self.xsrf_token.decode(),
            "user": self.current_user["name"],
        }
        meta = f'<meta name="aicollab-room-poll" content="{views.text(json.dumps(config))}">'.encode()
        lower = page[:4096].lower()
        at = lower.find(b"<head>")
        page = page[: at + 6] + meta + page[at + 6 :] if at >= 0 else meta + page
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self._page = True
        self.finish(page)

    def compute_etag(self):
        # A page carries the user's own XSRF token: no ETag (StaticFileHandler's needs a file it did not open).
        return None if getattr(self, "_page", False) else super().compute_etag()
