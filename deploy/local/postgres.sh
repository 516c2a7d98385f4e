#!/usr/bin/env bash
# Private PostgreSQL 15 + pgvector for local development, integration tests and the demo.
#
#   deploy/local/postgres.sh install   install postgresql-15 and pgvector if missing (needs root or sudo)
#   deploy/local/postgres.sh start     install if needed, init + start the private cluster, create db "vectorline"
#   deploy/local/postgres.sh stop      stop the cluster (fast shutdown)
#   deploy/local/postgres.sh status    exit 0 if running (prints one line), 3 if stopped
#   deploy/local/postgres.sh url       print the JDBC URL
#   deploy/local/postgres.sh psql ...  run psql against the database (extra arguments are passed on)
#
# Environment: VECTORLINE_PG_PORT (default 55432), VECTORLINE_STATE_DIR (default <repo>/.vectorline).
# Idempotent and quiet on success; on failure one message (plus a log tail) on stderr and exit 1.
set -Eeuo pipefail

PROG=postgres.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/pg.sh
. "$SCRIPT_DIR/lib/pg.sh"
init_script
LOG_TAIL_LINES=25

DB_NAME=vectorline
DB_USER=vectorline
PORT=${VECTORLINE_PG_PORT:-55432}
# Debian release whose pgvector source package is built (bookworm itself has none).
PGVECTOR_SUITE=trixie

check_port "$PORT" 1 "VECTORLINE_PG_PORT must be a TCP port"
init_state
INSTALL_LOG=$STATE/postgres-install.log

# ---------------------------------------------------------------- install

server_installed() { [[ -x $PGBIN/postgres && -x $PGBIN/initdb && -x $PGBIN/pg_ctl && -x $PGBIN/psql ]]; }
pgvector_installed() { [[ -f $PGSHARE/extension/vector.control && -f $PGLIB/vector.so ]]; }

build_pgvector() {
  # Debian bookworm has no pgvector package, so build Debian's own source package from trixie.
  # A private apt configuration (own sources, lists and cache in a temp dir) is used, so the
  # system's apt sources are left untouched and later 'apt-get update' runs do not fetch trixie.
  # The trixie InRelease is signed with (among others) the bookworm archive key, so the stock
  # bookworm debian-archive-keyring verifies it; apt then checks the hashes of the .dsc/.tar files.
  apt_install build-essential dpkg-dev "postgresql-server-dev-$PG_MAJOR" debian-archive-keyring

  local tmp
  mktemp_var tmp -d /tmp/vectorline-pgvector.XXXXXX
  chmod 755 "$tmp"
  mkdir -p "$tmp/apt/sources.list.d" "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial" "$tmp/src"
  : >"$tmp/apt/sources.list"
  cat >"$tmp/apt/sources.list.d/vectorline-$PGVECTOR_SUITE-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $PGVECTOR_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # apt downloads as the unprivileged _apt user; let it write the download dir (avoids the
  # "Download is performed unsandboxed as root" warning).
  if id -u _apt >/dev/null 2>&1; then chown _apt "$tmp/src" "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial"; fi
  local -a opts=(
    -o "Dir::Etc::SourceList=$tmp/apt/sources.list"
    -o "Dir::Etc::SourceParts=$tmp/apt/sources.list.d"
    -o "Dir::State::Lists=$tmp/apt/lists"
    -o "Dir::Cache=$tmp/apt/cache"
  )
  {
    echo "== fetching pgvector source from Debian $PGVECTOR_SUITE"
    apt-get -q "${opts[@]}" update
  } >>"$INSTALL_LOG" 2>&1 || die_log "$INSTALL_LOG" "apt-get update of the $PGVECTOR_SUITE source index failed"
  (cd "$tmp/src" && apt-get -q "${opts[@]}" source pgvector) >>"$INSTALL_LOG" 2>&1 \
    || die_log "$INSTALL_LOG" "apt-get source pgvector ($PGVECTOR_SUITE) failed"

  local srcdir
  srcdir=$(find "$tmp/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [[ -n $srcdir && -f $srcdir/Makefile ]] || die_log "$INSTALL_LOG" "pgvector source tree not found after apt-get source"
  # OPTFLAGS='' drops pgvector's default -march=native, so the installed library also runs on
  # another CPU model (pgvector dispatches its SIMD code paths at run time).
  {
    echo "== building $(basename "$srcdir")"
    make -C "$srcdir" -j"$(nproc)" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS=""
    make -C "$srcdir" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS="" install
  } >>"$INSTALL_LOG" 2>&1 || die_log "$INSTALL_LOG" "building/installing pgvector failed"
  pgvector_installed || die_log "$INSTALL_LOG" "pgvector build finished but $PGSHARE/extension/vector.control is missing"
  rm -rf "$tmp"
}

cmd_install() {
  if server_installed && pgvector_installed; then return 0; fi
  if ! is_root; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo -n env VECTORLINE_STATE_DIR="$STATE" VECTORLINE_PG_PORT="$PORT" "$SELF" install || exit $?
      return 0
    fi
    die "PostgreSQL $PG_MAJOR and/or pgvector are not installed and installing them needs root; run: sudo $SELF install"
  fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: installing PostgreSQL $PG_MAJOR + pgvector is only automated on Debian"
  exec 8>>"$STATE/.install.lock"
  flock -w 1800 8 || die "timed out waiting for another install (lock $STATE/.install.lock)"
  if ! server_installed; then
    apt_install "postgresql-$PG_MAJOR"
    server_installed || die_log "$INSTALL_LOG" "postgresql-$PG_MAJOR installed but $PGBIN/postgres is missing"
  fi
  if ! pgvector_installed; then build_pgvector; fi
  exec 8>&-
}

# ---------------------------------------------------------------- cluster layout

resolve_layout() {
  PGROOT=$(cluster_root postgres)
  PGDATA=$PGROOT/data
  PGLOG=$PGROOT/postgres.log
  SOCKDIR=$PGROOT/run
  # Unix socket paths are limited to 107 bytes.
  if (( ${#SOCKDIR} + 20 > 100 )); then SOCKDIR=/tmp/vectorline-pg-$(hash_of "$PGROOT"); fi
}

prepare_dirs() {
  if is_root; then
    id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' is missing (Debian's postgresql-$PG_MAJOR package creates it)"
  fi
  mkdir -p "$PGROOT" "$SOCKDIR"
  touch "$PGLOG"
  if is_root; then chown postgres:postgres "$PGROOT" "$SOCKDIR" "$PGLOG"; fi
  chmod 700 "$PGROOT"
  chmod 755 "$SOCKDIR"
}

# ---------------------------------------------------------------- helpers

cluster_running() { [[ -f $PGDATA/postmaster.pid ]] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
running_port() { sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null || true; }
ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -t 2 >/dev/null 2>&1; }
psql_q() { # psql_q DB SQL
  PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d "$1" -tA -c "$2"
}

write_runtime_conf() {
  # Regenerated on every start so that VECTORLINE_PG_PORT changes take effect.
  local dsm=posix shm_kb
  shm_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $2}') || shm_kb=
  if [[ -z $shm_kb ]] || (( shm_kb < 1048576 )); then dsm=mmap; fi # small /dev/shm (containers)
  cat >"$PGDATA/vectorline-runtime.conf" <<EOF
# Written by deploy/local/postgres.sh on every start; do not edit.
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = $(squote "$SOCKDIR")
dynamic_shared_memory_type = $dsm
EOF
  if is_root; then chown postgres:postgres "$PGDATA/vectorline-runtime.conf"; fi
}

init_cluster() {
  [[ -f $PGDATA/PG_VERSION ]] && return 0
  rm -rf "$PGDATA"
  {
    echo "== initdb $PGDATA ($(date -u +%FT%TZ))"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U "$DB_USER" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust
  } >>"$PGLOG" 2>&1 || die_log "$PGLOG" "initdb failed"
  as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<'EOF'

# ---- Vectorline local dev/test settings (deploy/local/postgres.sh) ----
max_connections = 100
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 512MB        # faster HNSW/IVFFlat index builds
effective_cache_size = 2GB
fsync = on
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
include_if_exists = 'vectorline-runtime.conf'   # port, listen address, socket dir
EOF
}

ensure_database() {
  local exists
  exists=$(psql_q postgres "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" 2>>"$PGLOG") \
    || die_log "$PGLOG" "cannot connect to PostgreSQL on 127.0.0.1:$PORT as $DB_USER"
  if [[ $exists != 1 ]]; then
    psql_q postgres "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8'" >>"$PGLOG" 2>&1 \
      || die_log "$PGLOG" "CREATE DATABASE $DB_NAME failed"
  fi
  psql_q "$DB_NAME" "CREATE EXTENSION IF NOT EXISTS vector" >>"$PGLOG" 2>&1 \
    || die_log "$PGLOG" "CREATE EXTENSION vector failed in database $DB_NAME"
}

wait_ready() {
  wait_for 60 '' ready || die_log "$PGLOG" "PostgreSQL did not become ready on 127.0.0.1:$PORT within 60 s"
}

# ---------------------------------------------------------------- commands

cmd_start() {
  cmd_install
  resolve_layout
  lock_state "$STATE/.postgres.lock"
  prepare_dirs
  if cluster_running; then
    local rp
    rp=$(running_port)
    [[ $rp == "$PORT" ]] || die "the cluster in $PGDATA is already running on port $rp, not $PORT; run '$SELF stop' first"
    wait_ready
    ensure_database
    return 0
  fi
  ports_free VECTORLINE_PG_PORT "$PORT"
  init_cluster
  write_runtime_conf
  # 9>&-: the server must not inherit (and so hold forever) the lock file descriptor.
  # shellcheck disable=SC2094 # pg_ctl -l appends to the same log; both only append
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 -s start >>"$PGLOG" 2>&1 9>&- \
    || die_log "$PGLOG" "pg_ctl start failed"
  wait_ready
  ensure_database
}

cmd_stop() {
  resolve_layout
  [[ -d $PGDATA ]] || return 0
  lock_state "$STATE/.postgres.lock"
  if cluster_running; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 -s stop >>"$PGLOG" 2>&1 \
      || die_log "$PGLOG" "pg_ctl stop failed"
  fi
}

cmd_status() {
  resolve_layout
  if [[ -d $PGDATA ]] && server_installed && cluster_running && ready; then
    echo "postgres: running on 127.0.0.1:$PORT (data: $PGDATA)"
    return 0
  fi
  echo "postgres: stopped"
  exit 3
}

cmd_url() { echo "jdbc:postgresql://127.0.0.1:$PORT/$DB_NAME?user=$DB_USER"; }

cmd_psql() {
  server_installed || die "psql not found ($PGBIN/psql); run: $SELF install"
  exec "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d "$DB_NAME" "$@"
}

usage() { echo "usage: $SELF {install|start|stop|status|url|psql [args...]}" >&2; exit 2; }

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  psql) cmd_psql "$@" ;;
  *) usage ;;
esac
