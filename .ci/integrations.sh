#!/usr/bin/env bash
# Integration tests against real parts: SQLite files, a MariaDB server (through
# PyMySQL), and whatever else tests/integrations/ holds.  .ci/run calls this
# after its main job, in the main job's venv (CPython 3.11 on CI):
#
#   bash .ci/integrations.sh            # PYTHON defaults to .venv/bin/python
#
# It installs the optional extras' packages into that venv (not jsv itself: the
# venv already has it built), installs MariaDB from the Debian packages when it
# is missing, starts a private server on 127.0.0.1 only (scratch datadir, own
# socket, a free port), creates a database and user, and runs the tests with
# JSV_TEST_MARIADB_URL pointing at it and JSV_REQUIRE_INTEGRATIONS=1, under
# which a skipped integration test fails the run.  The server is stopped and
# its files removed on exit.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n=== %s ===\n' "$*"; }

step "integrations: install the optional extras' packages"
# The packages of the 'integrations' extra, read from pyproject.toml, so that
# jsv itself (already built in this venv) is not rebuilt.
mapfile -t requirements < <("$PYTHON" - <<'EOF'
import re
import tomllib  # CPython 3.11+, the main job's interpreter

with open("pyproject.toml", "rb") as fp:
    extras = tomllib.load(fp)["project"]["optional-dependencies"]
seen, out = set(), []


def expand(name):
    """The requirements of an extra, jsv-text[other,...] references followed."""
    if name in seen:
        return
    seen.add(name)
    for req in extras[name]:
        own = re.fullmatch(r"jsv-text\[([^\]]*)\]", req.replace(" ", ""))
        if own:
            for sub in own.group(1).split(","):
                expand(sub)
        elif req not in out:
            out.append(req)


expand("integrations")
print("\n".join(out))
EOF
)
echo "${requirements[*]}"
"$PYTHON" -m pip install -q "${requirements[@]}"

step "integrations: mypy --strict with the extras' packages installed"
"$PYTHON" -m pip install -q 'mypy>=1.8'
"$PYTHON" -m mypy

step "integrations: MariaDB server on 127.0.0.1"
if ! command -v mariadbd >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null
fi
DB_DIR=$(mktemp -d /tmp/jsv-mariadb.XXXXXX)
SOCKET="$DB_DIR/mysqld.sock"
MDB_PID=""
cleanup() {
  if [ -n "$MDB_PID" ]; then
    kill "$MDB_PID" 2>/dev/null || true
    wait "$MDB_PID" 2>/dev/null || true
  fi
  rm -rf "$DB_DIR"
}
trap cleanup EXIT
mariadb-install-db --no-defaults --datadir="$DB_DIR/data" --user=root \
  --auth-root-authentication-method=socket --skip-test-db >"$DB_DIR/install.log" 2>&1 \
  || { cat "$DB_DIR/install.log"; exit 1; }
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mariadbd --no-defaults --datadir="$DB_DIR/data" --socket="$SOCKET" --pid-file="$DB_DIR/mysqld.pid" \
  --bind-address=127.0.0.1 --port="$PORT" --user=root --skip-name-resolve \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-buffer-pool-size=64M --log-error="$DB_DIR/error.log" &
MDB_PID=$!
for _ in $(seq 1 60); do
  if mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then break; fi
  if ! kill -0 "$MDB_PID" 2>/dev/null; then cat "$DB_DIR/error.log"; exit 1; fi
  sleep 1
done
mariadb-admin --no-defaults --socket="$SOCKET" -uroot ping
mariadb --no-defaults --socket="$SOCKET" -uroot <<'SQL'
CREATE DATABASE jsv_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'jsv'@'127.0.0.1' IDENTIFIED BY 'jsv-test';
GRANT ALL PRIVILEGES ON jsv_test.* TO 'jsv'@'127.0.0.1';
SQL
export JSV_TEST_MARIADB_URL="mysql+pymysql://jsv:jsv-test@127.0.0.1:$PORT/jsv_test?charset=utf8mb4"
echo "MariaDB $(mariadbd --version | sed 's/.*Ver //') on 127.0.0.1:$PORT"

step "integrations: tests (a skip fails)"
JSV_REQUIRE_INTEGRATIONS=1 "$PYTHON" -m pytest -v -rs tests/integrations "$@"
