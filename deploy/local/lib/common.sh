# shellcheck shell=bash
# Helpers shared by deploy/local/postgres.sh, kafka.sh and flink.sh. Sourcing this file only
# defines functions. A script uses it like this:
#
#   set -Eeuo pipefail
#   PROG=kafka.sh                                         # name used in messages
#   SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
#   . "$SCRIPT_DIR/lib/common.sh"
#   init_script                                           # REPO, SELF, STATE, traps
#   check_port "$PORT" 2 "VECTORLINE_KAFKA_PORT must be a TCP port"
#   init_state kafka                                      # create the state dir, make STATE absolute
#
# Globals set by the script and read here: PROG, SCRIPT_DIR, STOP_TIMEOUT (stop_daemon).
# Globals set here: REPO, SELF, STATE, LOG_TAIL_LINES, TMP_CLEANUP (init_script), JAVA (init_java),
# DAEMON_PID (spawn_daemon).
# shellcheck disable=SC2154 # PROG, SCRIPT_DIR and STOP_TIMEOUT are set by the sourcing script

# ---------------------------------------------------------------- setup and errors

init_script() { # sets REPO, SELF, STATE (not created yet), LOG_TAIL_LINES; installs the ERR and EXIT traps
  REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
  # shellcheck disable=SC2034 # used by the sourcing script
  SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[-1]}")"
  STATE=${VECTORLINE_STATE_DIR:-$REPO/.vectorline}
  LOG_TAIL_LINES=30 # lines of a log that die_log shows
  TMP_CLEANUP=()    # temporary files and dirs removed on exit (see mktemp_var)
  trap 'on_error $? "$LINENO" "${BASH_SOURCE[0]}" "$BASH_COMMAND"' ERR
  trap 'if ((${#TMP_CLEANUP[@]})); then rm -rf "${TMP_CLEANUP[@]}"; fi' EXIT
}

on_error() { # on_error RC LINE SOURCE COMMAND: the ERR trap
  local where="line $2"
  [[ $3 == "${BASH_SOURCE[-1]}" ]] || where="$where of ${3#"$SCRIPT_DIR"/}"
  echo "$PROG: unexpected failure (exit $1) at $where: $4" >&2
  exit "$1"
}

die() { echo "$PROG: $*" >&2; exit 1; }

die_log() { # die_log LOGFILE MESSAGE: MESSAGE plus the tail of LOGFILE on stderr, exit 1
  local log=$1; shift
  {
    echo "$PROG: $* (full log: $log)"
    if [[ -s $log ]]; then tail -n "$LOG_TAIL_LINES" "$log" | sed 's/^/  | /'; fi
  } >&2
  exit 1
}

check_port() { # check_port PORT COUNT DESCRIPTION: PORT..PORT+COUNT-1 must all be TCP ports
  # shellcheck disable=SC2015
  [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0 && $1 + $2 - 1 < 65536)) || die "$3, got '$1'"
}

# shellcheck disable=SC2120 # SUBDIR is optional
init_state() { # init_state [SUBDIR]: create $STATE (and $STATE/SUBDIR); make STATE an absolute, physical path
  mkdir -p "$STATE${1:+/$1}" || die "cannot create state dir $STATE${1:+/$1}"
  STATE=$(cd "$STATE" && pwd -P)
}

lock_state() { # lock_state LOCKFILE: hold an exclusive lock on fd 9 (wait at most 10 min)
  exec 9>>"$1"
  flock -w 600 9 || die "timed out waiting for another $PROG (lock $1)"
}

mktemp_var() { # mktemp_var VAR [MKTEMP_ARGS...]: VAR=$(mktemp ARGS), removed again on exit
  local _path
  _path=$(mktemp "${@:2}")
  TMP_CLEANUP+=("$_path")
  printf -v "$1" '%s' "$_path"
}

squote() { printf "'%s'" "${1//\'/\'\'}"; } # single-quoted string ('' for '), as PostgreSQL and YAML want

# ---------------------------------------------------------------- ports and processes

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ports_free() { # ports_free ENV_VAR PORT...: die if something listens on one of the ports
  local var=$1 p; shift
  for p; do
    if port_open "$p"; then die "port 127.0.0.1:$p is in use by another process; stop it or set $var"; fi
  done
}

wait_for() { # wait_for SECONDS PID COMMAND...: run COMMAND every 0.5 s until it succeeds (0),
  # the process PID (if not empty) is gone (2) or SECONDS have passed (1)
  local secs=$1 pid=$2 i; shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    if "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}

gone() { ! kill -0 "$1" 2>/dev/null; } # gone PID: the process has exited

live_pid() { # live_pid PIDFILE TEXT...: print the pid in PIDFILE if that process is alive and its
  # command line contains every TEXT (guards against pid reuse)
  local pidfile=$1 pid cmdline text; shift
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  for text; do [[ $cmdline == *"$text"* ]] || return 1; done
  echo "$pid"
}

spawn_daemon() { # spawn_daemon PIDFILE OUTFILE COMMAND...: start COMMAND detached, output appended
  # to OUTFILE; sets DAEMON_PID; fails if the pid file does not appear within 10 s
  local pidfile=$1 out=$2 i; shift 2
  rm -f "$pidfile"
  # setsid + nohup: not killed with the caller's process group or terminal; no inherited
  # stdio (a Java ProcessBuilder caller would otherwise wait for EOF forever) and no lock fd.
  # The launched shell writes its own pid (= the daemon's pid after exec) to the pid file.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    >>"$out" 2>&1 </dev/null 9>&- &
  for ((i = 0; i < 100; i++)); do
    # shellcheck disable=SC2034 # used by the caller
    if [[ -s $pidfile ]]; then DAEMON_PID=$(<"$pidfile"); return 0; fi
    sleep 0.1
  done
  return 1
}

stop_daemon() { # stop_daemon NAME PID PIDFILE LOG: SIGTERM, SIGKILL after STOP_TIMEOUT s; removes PIDFILE
  local name=$1 pid=$2 pidfile=$3 log=$4
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for "$STOP_TIMEOUT" '' gone "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    echo "== $name pid $pid did not stop within ${STOP_TIMEOUT} s and was killed ($(date -u +%FT%TZ))" >>"$log"
  fi
  rm -f "$pidfile"
}

rotate() { # rotate FILE KEEP: FILE -> FILE.1 -> ... -> FILE.KEEP (like rotateLogFile in Flink's bin/config.sh)
  local f=$1 n
  [[ -e $f ]] || return 0
  for ((n = $2 - 1; n >= 1; n--)); do
    if [[ -e $f.$n ]]; then mv -f "$f.$n" "$f.$((n + 1))"; fi
  done
  mv -f "$f" "$f.1"
}

# ---------------------------------------------------------------- Java and Maven

init_java() { # sets JAVA: $JAVA_HOME/bin/java if there is one, else java from PATH
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
}

check_java() { # check_java WHAT: die unless JAVA is Java 17+ (WHAT, e.g. "Kafka 4.1", needs it)
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17+ or set JAVA_HOME)"
  local v
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  # shellcheck disable=SC2015
  [[ $v =~ ^[0-9]+$ ]] && ((v >= 17)) || die "$1 needs Java 17+, but '$JAVA' is version '${v:-unknown}'"
}

has_jars() { # has_jars DIR ARTIFACT...: DIR holds an ARTIFACT-*.jar for every ARTIFACT
  local dir=$1 a; shift
  for a; do compgen -G "$dir/$a-*.jar" >/dev/null || return 1; done
}

ensure_maven_lib() { # ensure_maven_lib WHAT POM LIB LOG ARTIFACT...: put the runtime classpath of the
  # standalone POM into the dir LIB (./mvnw dependency:copy-dependencies, output appended to LOG),
  # unless LIB already holds it for this very POM; every ARTIFACT must be among the jars
  local what=$1 pom=$2 lib=$3 log=$4 stamp mvn tmp a; shift 4
  stamp=$(sha256sum "$pom" | cut -d' ' -f1)
  if [[ -f $lib/.pom.sha256 && $(<"$lib/.pom.sha256") == "$stamp" ]] && has_jars "$lib" "$@"; then
    return 0
  fi
  if [[ -x $REPO/mvnw ]]; then mvn=$REPO/mvnw
  elif command -v mvn >/dev/null 2>&1; then mvn=mvn
  else die "neither $REPO/mvnw nor mvn found: cannot resolve the $what classpath"
  fi
  mktemp_var tmp -d "$lib.tmp.XXXXXX"
  {
    echo "== resolving $what classpath from $pom ($(date -u +%FT%TZ))"
    "$mvn" -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp"
  } >>"$log" 2>&1 </dev/null || die_log "$log" "resolving the $what jars with Maven failed"
  for a; do
    has_jars "$tmp" "$a" || die_log "$log" "Maven finished but $a is not in the resolved classpath"
  done
  echo "$stamp" >"$tmp/.pom.sha256"
  rm -rf "$lib"
  chmod 755 "$tmp"
  mv "$tmp" "$lib"
}
