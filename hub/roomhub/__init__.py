"""roomhub: the workshop room's JupyterHub, as small modules the hub config imports.

- ``settings``: the room's settings from environment variables, and the password and name
  rules (standard library only, so ``scripts/hub.sh`` can check them before installing anything);
- ``users``: one system account per learner (``jupyter-<name>``), created on first login;
- ``spawner``: JupyterHub's LocalProcessSpawner, running each server as that account;
- ``auth``: JupyterHub's shared-password login, with the room's name rule in plain words;
- ``learner`` and ``rehearsal``: simulated learners that drive a real hub over HTTP and the
  kernel websocket (the room rehearsal, ``benchmarks/bench_room.py``, and the hub tests).

``hub/jupyterhub_config.py`` puts this folder on ``sys.path``; nothing here is installed.
"""
