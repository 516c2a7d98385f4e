#!/usr/bin/env bash
# A private Citus cluster on loopback (PostgreSQL 15 + pgvector + Citus; a coordinator and two
# workers) for the Citus layout's integration tests, benchmarks and local trials.
#
#   deploy/local/citus.sh install --source DIR  build Citus from a source tree and install it (needs root or sudo)
#   deploy/local/citus.sh installed             exit 0 if Citus is installed, 3 if not
#   deploy/local/citus.sh start                 init + start the nodes, db "vectorline" with citus and vector, workers registered
#   deploy/local/citus.sh stop                  stop every node (fast shutdown)
#   deploy/local/citus.sh status                exit 0 if every node runs (one line each), 3 otherwise
#   deploy/local/citus.sh url                   print the coordinator's JDBC URL
#   deploy/local/citus.sh workers               print each worker as host:port
#   deploy/local/citus.sh restart-worker N      restart worker N (1-based) with -m immediate, as after a crash
#   deploy/local/citus.sh add-worker            start one more worker and register it in db "vectorline"
#
# Citus has no Debian package: take its public source (github.com/citusdata/citus, a release
# that supports PostgreSQL 15, e.g. v13.2.2) and pass its directory; it is copied, never changed.
# Environment: VECTORLINE_CITUS_PORT (coordinator, default 55440; worker N listens on PORT+N),
# VECTORLINE_STATE_DIR (default <repo>/.vectorline).
set -Eeuo pipefail

PROG=citus.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/pg.sh
. "$SCRIPT_DIR/lib/pg.sh"
init_script

DB_NAME=vectorline
DB_USER=vectorline
PORT=${VECTORLINE_CITUS_PORT:-55440}
DEFAULT_WORKERS=2
MAX_WORKERS=8

check_port "$PORT" $((MAX_WORKERS + 1)) "VECTORLINE_CITUS_PORT must be a TCP port with $MAX_WORKERS free ports above it"
init_state
INSTALL_LOG=$STATE/citus-install.log

# ---------------------------------------------------------------- install

citus_installed() { [[ -f $PGSHARE/extension/citus.control && -f $PGLIB/citus.so ]]; }

build_citus() { # build_citus SOURCE_DIR
  local source=$1 tmp header
  [[ -x $source/configure && -f $source/src/include/pg_version_compat.h ]] \
    || die "$source is not a Citus source tree (no configure, no src/include/pg_version_compat.h)"
  # the server's headers include zstd, lz4 and GSSAPI headers
  apt_install build-essential "postgresql-server-dev-$PG_MAJOR" libssl-dev libzstd-dev liblz4-dev libkrb5-dev
  mktemp_var tmp -d /tmp/vectorline-citus.XXXXXX
  cp -a "$source/." "$tmp/"
  rm -rf "$tmp/.git"
  # PostgreSQL 15.20's headers export have_createdb_privilege(), which Citus 13's compatibility
  # header still defines for 15 as a static function: the two clash. Rename Citus's own copy (in
  # the copied tree) so the server's is used.
  header=/usr/include/postgresql/$PG_MAJOR/server/commands/dbcommands.h
  if grep -q 'extern bool have_createdb_privilege' "$header" 2>/dev/null; then
    sed -i 's/^have_createdb_privilege(void)$/citus_compat_have_createdb_privilege(void)/' \
      "$tmp/src/include/pg_version_compat.h"
  fi
  {
    echo "== building Citus from $source ($(date -u +%FT%TZ))"
    cd "$tmp"
    PG_CONFIG=$PGBIN/pg_config ./configure --without-libcurl
    make -j"$(nproc)"
    make install
  } >>"$INSTALL_LOG" 2>&1 || die_log "$INSTALL_LOG" "building/installing Citus failed"
  citus_installed || die_log "$INSTALL_LOG" "Citus build finished but $PGLIB/citus.so is missing"
}

cmd_install() {
  local source=
  while (($#)); do
    case $1 in
      --source) source=${2:?--source needs a directory}; shift 2 ;;
      *) die "unknown option $1 (install takes --source DIR)" ;;
    esac
  done
  "$SCRIPT_DIR/postgres.sh" install
  citus_installed && return 0
  [[ -n $source ]] || die "Citus is not installed: pass its source tree, e.g. $SELF install --source ~/citus"
  source=$(cd "$source" && pwd -P) || die "no such directory: $source"
  if ! is_root; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo -n env VECTORLINE_STATE_DIR="$STATE" "$SELF" install --source "$source" || exit $?
      return 0
    fi
    die "installing Citus needs root; run: sudo $SELF install --source $source"
  fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: building Citus is only automated on Debian"
  exec 8>>"$STATE/.install.lock"
  flock -w 1800 8 || die "timed out waiting for another install (lock $STATE/.install.lock)"
  citus_installed || build_citus "$source"
  exec 8>&-
}

cmd_installed() {
  if citus_installed; then echo "citus: installed ($PGLIB/citus.so)"; return 0; fi
  echo "citus: not installed"
  exit 3
}

# ---------------------------------------------------------------- nodes

ROOT=
workers_count() { if [[ -s $ROOT/workers ]]; then cat "$ROOT/workers"; else echo "$DEFAULT_WORKERS"; fi; }
node_port() { echo $((PORT + $1)); }           # node 0 is the coordinator
node_dir() { echo "$ROOT/node$1"; }
node_log() { echo "$ROOT/node$1/postgres.log"; }
node_sock() { echo "/tmp/vectorline-citus-$(hash_of "$ROOT")-$1"; }

node_running() { [[ -f $(node_dir "$1")/data/postmaster.pid ]] && as_pg "$PGBIN/pg_ctl" -D "$(node_dir "$1")/data" status >/dev/null 2>&1; }
node_ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$(node_port "$1")" -U "$DB_USER" -d postgres -t 2 >/dev/null 2>&1; }
node_sql() { # node_sql N DB SQL
  PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(node_port "$1")" -U "$DB_USER" \
    -d "$2" -tA -c "$3"
}

prepare_node() { # prepare_node N: its directory, log and socket directory, owned by the cluster owner
  local dir log
  dir=$(node_dir "$1"); log=$(node_log "$1")
  mkdir -p "$dir" "$(node_sock "$1")"
  touch "$log"
  if is_root; then chown postgres:postgres "$dir" "$(node_sock "$1")" "$log"; fi
  chmod 700 "$dir"
}

init_node() { # init_node N: a new cluster that preloads Citus
  local data log
  data=$(node_dir "$1")/data; log=$(node_log "$1")
  prepare_node "$1"
  [[ -f $data/PG_VERSION ]] && return 0
  as_pg "$PGBIN/initdb" -D "$data" -U "$DB_USER" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=trust \
    >>"$log" 2>&1 || die_log "$log" "initdb of node $1 failed"
  as_pg tee -a "$data/postgresql.conf" >/dev/null <<EOF

# ---- Vectorline local Citus node (deploy/local/citus.sh) ----
shared_preload_libraries = 'citus'
listen_addresses = '127.0.0.1'
port = $(node_port "$1")
unix_socket_directories = $(squote "$(node_sock "$1")")
max_connections = 300
# Citus runs a maintenance worker per database that has the extension, and shard moves need
# more: a full test run makes about a hundred databases
max_worker_processes = 256
# two-phase commit of multi-node transactions, and logical replication for shard moves
max_prepared_transactions = 100
wal_level = logical
shared_buffers = 128MB
work_mem = 16MB
maintenance_work_mem = 256MB
fsync = on
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

start_node() { # start_node N
  local data log
  data=$(node_dir "$1")/data; log=$(node_log "$1")
  prepare_node "$1"
  if ! node_running "$1"; then
    ports_free VECTORLINE_CITUS_PORT "$(node_port "$1")"
    # shellcheck disable=SC2094 # pg_ctl -l appends to the same log; both only append
    as_pg "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 -s start >>"$log" 2>&1 9>&- \
      || die_log "$log" "pg_ctl start of node $1 failed"
  fi
  wait_for 60 '' node_ready "$1" || die_log "$log" "node $1 did not become ready on 127.0.0.1:$(node_port "$1")"
}

ensure_database() { # ensure_database N: db "vectorline" with the citus and vector extensions
  local log
  log=$(node_log "$1")
  if [[ $(node_sql "$1" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") != 1 ]]; then
    node_sql "$1" postgres "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8'" >>"$log" 2>&1 \
      || die_log "$log" "CREATE DATABASE $DB_NAME failed on node $1"
  fi
  # once a worker is registered, DDL on it is refused even when it would change nothing
  [[ $(node_sql "$1" "$DB_NAME" "SELECT count(*) FROM pg_extension WHERE extname IN ('citus', 'vector')") == 2 ]] \
    && return 0
  node_sql "$1" "$DB_NAME" "CREATE EXTENSION IF NOT EXISTS citus; CREATE EXTENSION IF NOT EXISTS vector" >>"$log" 2>&1 \
    || die_log "$log" "CREATE EXTENSION citus, vector failed on node $1"
}

register_worker() { # register_worker N: add worker N to the coordinator's metadata in db "vectorline"
  node_sql 0 "$DB_NAME" "SELECT citus_set_coordinator_host('127.0.0.1', $PORT);
    SELECT citus_add_node('127.0.0.1', $(node_port "$1"))
    WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE nodeport = $(node_port "$1"))" >>"$(node_log 0)" 2>&1 \
    || die_log "$(node_log 0)" "registering worker $1 failed"
}

bring_up() { # bring_up N: init, start, database
  init_node "$1"
  start_node "$1"
  ensure_database "$1"
}

# ---------------------------------------------------------------- commands

with_nodes() { # sets ROOT, takes the state lock
  citus_installed || die "Citus is not installed; run: $SELF install --source DIR (see the header of $SELF)"
  ROOT=$(cluster_root citus)
  mkdir -p "$ROOT"
  if is_root; then id -u postgres >/dev/null 2>&1 || die "OS user 'postgres' is missing"; fi
  lock_state "$STATE/.citus.lock"
}

cmd_start() {
  "$SCRIPT_DIR/postgres.sh" install
  with_nodes
  local n workers
  workers=$(workers_count)
  for ((n = 1; n <= workers; n++)); do bring_up "$n"; done
  bring_up 0
  for ((n = 1; n <= workers; n++)); do register_worker "$n"; done
}

cmd_stop() {
  citus_installed || return 0
  ROOT=$(cluster_root citus)
  [[ -d $ROOT ]] || return 0
  lock_state "$STATE/.citus.lock"
  local n
  for ((n = 0; n <= $(workers_count); n++)); do
    if node_running "$n"; then
      as_pg "$PGBIN/pg_ctl" -D "$(node_dir "$n")/data" -m fast -w -t 60 -s stop >>"$(node_log "$n")" 2>&1 \
        || die_log "$(node_log "$n")" "pg_ctl stop of node $n failed"
    fi
  done
}

cmd_status() {
  citus_installed || { echo "citus: not installed"; exit 3; }
  ROOT=$(cluster_root citus)
  local n up=0 total
  total=$(($(workers_count) + 1))
  for ((n = 0; n < total; n++)); do
    if node_running "$n" && node_ready "$n"; then
      echo "citus: node $n ($([[ $n == 0 ]] && echo coordinator || echo worker)) running on 127.0.0.1:$(node_port "$n")"
      up=$((up + 1))
    else
      echo "citus: node $n stopped"
    fi
  done
  ((up == total)) || exit 3
}

cmd_url() { echo "jdbc:postgresql://127.0.0.1:$PORT/$DB_NAME?user=$DB_USER"; }

cmd_workers() {
  ROOT=$(cluster_root citus)
  local n
  for ((n = 1; n <= $(workers_count); n++)); do echo "127.0.0.1:$(node_port "$n")"; done
}

cmd_restart_worker() {
  local n=${1:-}
  with_nodes
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 1 || n > $(workers_count))); then
    die "restart-worker takes a worker number 1..$(workers_count)"
  fi
  # shellcheck disable=SC2094 # pg_ctl -l appends to the same log; both only append
  as_pg "$PGBIN/pg_ctl" -D "$(node_dir "$n")/data" -l "$(node_log "$n")" -m immediate -w -t 60 -s restart \
    >>"$(node_log "$n")" 2>&1 9>&- || die_log "$(node_log "$n")" "restart of worker $n failed"
  wait_for 60 '' node_ready "$n" || die_log "$(node_log "$n")" "worker $n did not become ready again"
}

cmd_add_worker() {
  with_nodes
  local n
  n=$(($(workers_count) + 1))
  ((n <= MAX_WORKERS)) || die "at most $MAX_WORKERS workers"
  bring_up "$n"
  echo "$n" >"$ROOT/workers"
  register_worker "$n"
  echo "127.0.0.1:$(node_port "$n")"
}

usage() { echo "usage: $SELF {install --source DIR|installed|start|stop|status|url|workers|restart-worker N|add-worker}" >&2; exit 2; }

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  install) cmd_install "$@" ;;
  installed) cmd_installed ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  workers) cmd_workers ;;
  restart-worker) cmd_restart_worker "$@" ;;
  add-worker) cmd_add_worker ;;
  *) usage ;;
esac
