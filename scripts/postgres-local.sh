#!/usr/bin/env bash
# Starts and stops a local PostgreSQL server (127.0.0.1 only) for tests and CI, without Docker:
# the server comes from Debian's `postgresql` package.
#
#   bash scripts/postgres-local.sh start   # prints the connection URL (e.g. postgres://postgres@127.0.0.1:15432/scim)
#   bash scripts/postgres-local.sh stop    # fast shutdown; the cluster's data stays for the next start
#   bash scripts/postgres-local.sh status  # prints the URL when the server runs, exits 1 otherwise
#
# `start` prints the URL as its only line on stdout (progress goes to stderr), so callers can do
# `DATABASE_URL=$(bash scripts/postgres-local.sh start)`. It is idempotent and safe to call from
# several processes at once (a flock on .postgres/lock): a server that already runs is reused.
# Run as root, the script installs Debian's postgresql package when the server is missing and runs
# the server as the `postgres` OS user (PostgreSQL refuses to run as root).
#
# Environment:
#   DATABASE_URL          use this existing server: `start` prints it, `stop` does nothing
#   POSTGRES_LOCAL_PORT   port on 127.0.0.1 (default 15432)
#
# Files under .postgres/ (gitignored): data/ (the cluster), postgres.log, lock. See docs/postgresql.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$repo/.postgres"
data="$state/data"
log_file="$state/postgres.log"
port="${POSTGRES_LOCAL_PORT:-15432}"
database=scim
url="postgres://postgres@127.0.0.1:$port/$database"
ready_timeout_s=60

log() { echo "postgres-local: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# Serialises start and stop across processes (jest workers start the server concurrently). The
# server must not inherit the descriptor, or the lock would outlive this script.
take_lock() {
  mkdir -p "$state"
  exec 9>"$state/lock"
  flock -w 300 9 || die "timed out waiting for $state/lock"
}

# The newest installed server's bin directory (Debian keeps them under /usr/lib/postgresql/<major>).
find_bin() {
  local dir
  dir="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" ]] && dirname "$dir"
}

# A clean CI machine may lack the server: install it from Debian when root, else say what to install.
require_server() {
  if bin="$(find_bin)"; then return; fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "needs the PostgreSQL server (Debian package postgresql); install it and run again"
  fi
  log "installing postgresql with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # Debian's package starts a cluster of its own through systemd or invoke-rc.d; policy-rc.d
  # answers 101 in containers, and that cluster (port 5432) is not ours either way.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin="$(find_bin)" || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/pg_ctl"
}

# Runs a server binary as the cluster's owner: `postgres` when this script runs as root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

prepare_ownership() {
  [[ $(id -u) -eq 0 ]] || return 0
  id postgres >/dev/null 2>&1 || die "no postgres OS user; reinstall Debian's postgresql-common"
  chown postgres:postgres "$state"
  [[ -d "$data" ]] && chown -R postgres:postgres "$data"
  touch "$log_file"
  chown postgres:postgres "$log_file"
}

# C.UTF-8 orders text by code point (as JavaScript and SQLite do) while lower() still folds
# non-ASCII letters; trust on loopback only, since the server listens on 127.0.0.1 alone.
init_cluster() {
  [[ -f "$data/PG_VERSION" ]] && return
  log "initdb ${data#"$repo"/}"
  rm -rf "$data"
  mkdir -p "$data"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data"
  as_owner "$bin/initdb" -D "$data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust >"$log_file.initdb" 2>&1 || {
    cat "$log_file.initdb" >&2
    die "initdb failed"
  }
  # Durability stays as PostgreSQL ships it (fsync on, synchronous_commit on).
  cat >>"$data/postgresql.conf" <<EOF

# scripts/postgres-local.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
EOF
}

is_ready() {
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres
}

# The pid in postmaster.pid when that process still runs a postgres server.
running_pid() {
  [[ -f "$data/postmaster.pid" ]] || return 1
  local pid
  pid="$(head -n 1 "$data/postmaster.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] && grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

running_port() {
  sed -n 4p "$data/postmaster.pid" 2>/dev/null
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

launch_server() {
  log "starting PostgreSQL ($bin) on 127.0.0.1:$port"
  # pg_ctl detaches the server (its own session), so it outlives the caller (a jest worker); the
  # lock descriptor is closed so the server does not hold it.
  as_owner "$bin/pg_ctl" -D "$data" -l "$log_file" -o "-p $port" -w -t "$ready_timeout_s" start \
    </dev/null >&2 9>&- || {
    tail -n 40 "$log_file" >&2 || true
    die "the server did not come up"
  }
}

wait_until_ready() {
  local waited=0
  until is_ready; do
    ((waited < ready_timeout_s * 10)) || return 1
    sleep 0.1
    waited=$((waited + 1))
  done
}

create_database() {
  local exists
  exists="$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtq \
    -c "SELECT 1 FROM pg_database WHERE datname = '$database'")"
  [[ "$exists" == 1 ]] && return
  log "creating database $database"
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database" >&2
}

start() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    log "using the existing server in DATABASE_URL"
    echo "$DATABASE_URL"
    return
  fi
  local bin started=$SECONDS pid
  require_server
  take_lock
  prepare_ownership
  init_cluster
  if pid="$(running_pid)"; then
    if [[ "$(running_port)" != "$port" ]]; then
      log "the running server (pid $pid) listens on port $(running_port), not $port; restarting it"
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
      launch_server
    fi
  else
    port_in_use "$port" && die "port $port is taken by another process; set POSTGRES_LOCAL_PORT"
    launch_server
  fi
  wait_until_ready || die "the server on port $port does not answer pg_isready"
  create_database
  log "ready after $((SECONDS - started)) s (log ${log_file#"$repo"/})"
  echo "$url"
}

stop() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    log "DATABASE_URL is set: nothing local to stop"
    return
  fi
  [[ -d "$data" ]] || return 0
  local bin
  bin="$(find_bin)" || return 0
  take_lock
  if running_pid >/dev/null; then
    log "stopping the server (fast shutdown)"
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
  fi
}

status() {
  local pid
  if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "$DATABASE_URL"
  elif [[ -d "$data" ]] && pid="$(running_pid)"; then
    log "server $pid runs"
    echo "postgres://postgres@127.0.0.1:$(running_port)/$database"
  else
    log "no local server runs"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 64
    ;;
esac
