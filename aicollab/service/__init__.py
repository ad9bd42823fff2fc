"""The room-poll JupyterHub service: learners press "Send to the room", the instructor's page fills in.

A managed JupyterHub service at ``/services/room-poll/`` (started, restarted and authorised by
the workshop hub, ``hub/roomhub/services.py``). Learners post their room-poll answers (the file
format of :mod:`aicollab.poll.fileformat`, checked by the same function ``collect`` uses);
each answer is stored under the hub user who sent it, in SQLite, before the reply. Instructors
(hub admins, members of the group ``instructors``) watch the live page, export the room's
answers as poll files or CSV, and reveal the aggregate to learners. It also serves the built
book from the same origin, so the book's kernel-free buttons send to the room.

- ``store``: the SQLite store (WAL, every submission a committed row, history kept);
- ``intake``: a post's bytes to the answers the room counts, and the room's tables (via ``collect``);
- ``views``: the page's HTML (escaped in one place);
- ``handlers`` and ``app``: the tornado service, authenticated by ``jupyterhub.services.auth``.

Needs JupyterHub (``handlers``, ``app``): installed in the hub's learners' environment, not in
the kit's own. Lessons never import this package; it imports the poll, never the other way.
"""
