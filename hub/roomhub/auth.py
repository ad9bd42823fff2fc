"""JupyterHub's shared-password login, with the room's name rule said in plain words.

Learners choose a name and type the room password; the instructor signs in with the admin
password. The stock authenticator answers any refused login with "Invalid username or
password"; this one first says why a *name* cannot be used (the rule lives in
``roomhub.settings.name_problem``), so a learner who types "Dr. Müller" knows what to change.
"""

from __future__ import annotations

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from tornado import web
from traitlets import Integer

from .settings import name_problem


class RoomAuthenticator(SharedPasswordAuthenticator):
    name_max = Integer(24, config=True, help="Longest hub name (system account name limit minus prefix).")

    async def authenticate(self, handler, data):
        problem = name_problem(self.normalize_username(data.get("username", "")), self.name_max)
        if problem:
            error = web.HTTPError(403, problem)
            error.jupyterhub_message = problem  # shown above the login form
            raise error
        return await super().authenticate(handler, data)
