#!/usr/bin/env bash
# The workshop room's JupyterHub on this machine (one command each; run as root).
#
#   AICOLLAB_ROOM_PASSWORD=... AICOLLAB_ADMIN_PASSWORD=... bash scripts/hub.sh start
#   bash scripts/hub.sh link       # the nbgitpuller link that opens lesson 00 (give it to the room)
#   bash scripts/hub.sh status
#   bash scripts/hub.sh restart    # the hub only: learners' servers and files stay
#   bash scripts/hub.sh stop       # the hub, its proxy and services, and every learner's server
#   bash scripts/hub.sh remove-learners --yes   # after the workshop: delete learner accounts and homes
#
# start installs what the hub needs at pinned versions (hub/requirements-*.txt with the kit's
# constraints.txt; the proxy from hub/proxy/package-lock.json), builds the kit's wheel from this
# checkout's last commit and installs it in the learners' environment, serves that commit as the
# bare repository the link clones, then starts JupyterHub in the background and returns once it
# answers. Settings are environment variables: see hub/roomhub/settings.py and the facilitator
# guide (book/facilitator/running.md).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
HUB="$REPO/hub"
CONFIG="$HUB/jupyterhub_config.py"
export PYTHONPATH="$HUB${PYTHONPATH:+:$PYTHONPATH}"
PY=python3

say() { echo "aicollab hub: $*"; }
setting() { "$PY" -m roomhub.settings get "$1"; }

# Enable the kit's Jupyter server extension (charts drawn offline) in the learners' environment.
# After the package restructure this becomes: "$1/bin/aicollab" jupyter enable
enable_kit_extension() { "$1/bin/aicollab" jupyter enable; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    say "run this as root (sudo bash scripts/hub.sh $1): each learner gets a system account of their own, which only root can create. Nothing was started."
    exit 2
  fi
}

stamp_ok() { [ "$(cat "$1/.aicollab-stamp" 2>/dev/null)" = "$2" ]; }

# The Python both environments are made from: learners' servers run it, so every account must
# be able to (hub/roomhub/pythons.py copies a private one, e.g. pyenv's under /root).
env_python() { "$PY" -m roomhub.pythons "$1" "${AICOLLAB_HUB_PYTHON:-}"; }

install_envs() {
  local envs hubenv userenv stamp base
  envs="$(setting envs_dir)"; hubenv="$envs/hubenv"; userenv="$envs/userenv"
  mkdir -p "$envs"; chmod 755 "$envs"
  exec 9>"$envs/.install.lock"; flock 9   # one install at a time (tests run hubs in parallel)
  base="$(env_python "$envs")"

  stamp=$( (echo "$base"; cat "$HUB/requirements-hub.txt" "$HUB/constraints-hub.txt" "$REPO/constraints.txt") | sha256sum | cut -d' ' -f1)
  if ! stamp_ok "$hubenv" "$stamp"; then
    say "installing JupyterHub in $hubenv (pinned)"
    rm -rf "$hubenv"; "$base" -m venv "$hubenv"
    "$hubenv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HUB/requirements-hub.txt"
    echo "$stamp" > "$hubenv/.aicollab-stamp"
  fi

  stamp=$(sha256sum "$HUB/proxy/package-lock.json" | cut -d' ' -f1)
  if ! stamp_ok "$envs/proxy" "$stamp"; then
    say "installing configurable-http-proxy from npm (package-lock.json)"
    command -v npm >/dev/null || { say "npm is missing: install Node.js 20 or newer (apt-get install nodejs npm)."; exit 1; }
    mkdir -p "$envs/proxy"
    cp "$HUB/proxy/package.json" "$HUB/proxy/package-lock.json" "$envs/proxy/"
    (cd "$envs/proxy" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$stamp" > "$envs/proxy/.aicollab-stamp"
  fi

  stamp=$( (echo "$base recipe 2"; cat "$HUB/requirements-user.txt" "$HUB/constraints-hub.txt" "$REPO/binder/requirements.txt" "$REPO/constraints.txt") | sha256sum | cut -d' ' -f1)
  if ! stamp_ok "$userenv" "$stamp"; then
    say "installing the learners' environment in $userenv (pinned; a few minutes the first time)"
    rm -rf "$userenv"; "$base" -m venv "$userenv"
    "$userenv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HUB/requirements-user.txt"
    # jsonschema's optional IRI format checker (pulled in by jupyter-events) builds about forty
    # parsers when imported: 3-4 s of CPU at every learner's server start. Nothing in a learner's
    # server validates IRIs, so the learners' environment leaves it out (benchmarks/RESULTS.md).
    "$userenv/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax
    rm -f "$userenv/.aicollab-kit"   # reinstall the kit against the new environment
    echo "$stamp" > "$userenv/.aicollab-stamp"
  fi

  # The kit, from a wheel of this checkout's last commit (the same commit the link serves).
  local commit wheels src
  commit=$(git -C "$REPO" rev-parse HEAD)
  if [ "$(cat "$userenv/.aicollab-kit" 2>/dev/null)" != "$commit" ]; then
    say "installing the kit (commit ${commit:0:10}) from its wheel"
    src=$(mktemp -d); wheels="$envs/wheels"
    git -C "$REPO" archive HEAD | tar -x -C "$src"
    rm -rf "$wheels"; mkdir -p "$wheels"
    "$hubenv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$wheels" "$src" >/dev/null
    rm -rf "$src"
    "$userenv/bin/python" -m pip uninstall --quiet --yes aicollab >/dev/null 2>&1 || true
    "$userenv/bin/python" -m pip install --quiet --disable-pip-version-check \
      -c "$REPO/constraints.txt" -c "$HUB/constraints-hub.txt" "$wheels"/aicollab-*.whl
    enable_kit_extension "$userenv" >/dev/null
    echo "$commit" > "$userenv/.aicollab-kit"
  fi
  chmod -R a+rX "$userenv"
  flock -u 9
}

serve_repo() {
  # A bare copy of this checkout's last commit, as branch main: the link clones it, offline.
  local bare hubdir kitdata userenv
  bare="$(setting repo_dir)"; hubdir="$(setting hub_dir)"; kitdata="$(setting kit_data_dir)"
  userenv="$(setting envs_dir)/userenv"
  [ -d "$bare" ] || git init --quiet --bare --initial-branch=main "$bare"
  if ! git -C "$REPO" push --quiet "$bare" HEAD:refs/heads/main 2>/dev/null; then
    say "the hub's copy of the kit ($bare) has commits this checkout does not have."
    say "Learners may already have pulled them: bring them into this checkout (git pull $bare main), never force-push. Not started."
    exit 1
  fi
  git -C "$bare" symbolic-ref HEAD refs/heads/main
  git config --file "$(setting git_config)" safe.directory "$bare"
  if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
    say "note: this checkout has uncommitted changes; the hub serves its last commit only."
  fi
  # The kit's wheel carries its datasets: lessons need nothing from the checkout.
  if ! (cd / && env -u AICOLLAB_DATA_DIR "$userenv/bin/python" -c 'from aicollab import data; data.load_survey()' >/dev/null 2>&1); then
    say "the kit installed in the learners' environment cannot read its datasets; rebuild it (hub.sh start)."
    exit 1
  fi
  rm -rf "$(dirname "$kitdata")"
  chmod 755 "$hubdir"
  chmod -R a+rX "$hubdir/repo" 2>/dev/null || true
}

serve_book() {
  # The built book, served by the room poll at /services/room-poll/book/ (same origin as the
  # poll, so the book's buttons send answers to the room). A copy: rebuilding the book while the
  # workshop runs changes nothing until the next start.
  local book src
  book="$(setting book_dir)"
  src="${AICOLLAB_HUB_BOOK:-}"
  if [ -z "$src" ]; then
    src="$REPO/_build/html"
    [ -f "$REPO/_build/learner/_build/html/index.html" ] && src="$REPO/_build/learner/_build/html"
  fi
  if [ ! -f "$src/index.html" ]; then
    say "note: no built book at $src (bash scripts/setup.sh builds it): the room poll serves no book."
    rm -rf "$book"
    return
  fi
  rm -rf "$book.new"; cp -a "$src" "$book.new"; rm -rf "$book"; mv "$book.new" "$book"
  if [ "$src" = "$REPO/_build/html" ]; then
    say "note: serving the full book, solutions included; build the learner edition to hide them (README)."
  fi
}

prepare_private() {
  local private token
  private="$(setting private_dir)"; token="$(setting cli_token_file)"
  mkdir -p "$private/logs"; chmod 700 "$private"
  if [ ! -s "$token" ]; then
    (umask 077; "$PY" -c 'import secrets; print(secrets.token_hex(32))' > "$token")
  fi
}

command="${1:-help}"
case "$command" in
  start)
    need_root start
    "$PY" -m roomhub.settings check
    install_envs
    serve_repo
    serve_book
    prepare_private
    "$PY" -m roomhub.control launch "$CONFIG"
    echo
    say "learners open:  $("$PY" -m roomhub.settings link)"
    say "instructor:     $(setting public_url)/hub/login  as '$(setting admin_user)' with AICOLLAB_ADMIN_PASSWORD (admin page: /hub/admin)"
    say "room poll:      $(setting public_url)/services/room-poll/  (the book: /services/room-poll/book/)"
    ;;
  restart)
    need_root restart
    "$PY" -m roomhub.settings check
    install_envs
    serve_repo
    serve_book
    prepare_private
    "$PY" -m roomhub.control restart "$CONFIG"
    ;;
  stop|status)
    need_root "$command"
    "$PY" -m roomhub.control "$command"
    ;;
  link)
    "$PY" -m roomhub.settings link
    ;;
  remove-learners)
    need_root remove-learners
    if [ "${2:-}" != "--yes" ]; then
      say "this deletes every learner account of this hub with its home folder and files."
      say "Run 'bash scripts/hub.sh remove-learners --yes' to confirm."
      exit 2
    fi
    "$PY" -m roomhub.control remove-learners
    ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    [ "$command" = help ] || exit 2
    ;;
esac
