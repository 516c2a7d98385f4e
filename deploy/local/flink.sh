#!/usr/bin/env bash
# Private Apache Flink 2.2 standalone session cluster for local development, integration tests
# and the demo: one JobManager JVM (StandaloneSessionClusterEntrypoint) and N TaskManager JVMs
# (TaskManagerRunner, 2 slots each; N defaults to 2), all on 127.0.0.1. There is no Flink
# tarball here: the classpath (what the binary distribution's lib/ holds) comes from Maven
# Central through the standalone pom deploy/local/flink/pom.xml (not part of the main build).
#
#   deploy/local/flink.sh start [--taskmanagers N]
#                                      resolve jars if needed, write the config, start the
#                                      JobManager and N TaskManagers (1-16, default 2), wait until
#                                      each has registered its 2 slots; on a running cluster (same
#                                      N) start only the TaskManagers that are down
#   deploy/local/flink.sh stop         stop the TaskManagers, then the JobManager (SIGTERM,
#                                      SIGKILL after 60 s); jobs are not kept (no HA)
#   deploy/local/flink.sh status       exit 0 if the JobManager and all TaskManagers run (prints
#                                      one line), 3 otherwise
#   deploy/local/flink.sh taskmanagers one line per TaskManager: INDEX RESOURCE_ID PID alive|dead
#   deploy/local/flink.sh kill-taskmanager I
#                                      SIGKILL TaskManager I (1..N), as a fault; returns at once
#   deploy/local/flink.sh restart-taskmanager I
#                                      start TaskManager I again, with a new resource id, unless it
#                                      runs; wait until its slots are registered
#   deploy/local/flink.sh rest         print the REST / web UI address (http://127.0.0.1:PORT)
#   deploy/local/flink.sh run JAR [ARGS...]
#                                      `flink run -d JAR ARGS...`: submit a job (detached) and
#                                      print its job id
#   deploy/local/flink.sh cancel JOBID `flink cancel JOBID`
#   deploy/local/flink.sh list [ARGS...]
#                                      `flink list ARGS...` (e.g. -a for finished jobs too)
#   deploy/local/flink.sh cli ARGS...  any other `flink` command, e.g. `cli stop --savepointPath DIR JOBID`
#
# Every start of TaskManager I gets the resource id tm-I-<epoch seconds>, so a replacement never
# takes over the registration of the TaskManager it replaces; TaskManager ports are ephemeral.
# Environment: VECTORLINE_FLINK_REST_PORT (default 58081; the JobManager RPC port is PORT+1 and
# the blob server PORT+2), VECTORLINE_FLINK_TASKMANAGERS (default N of start, 2),
# VECTORLINE_STATE_DIR (default <repo>/.vectorline), JAVA_HOME (optional, Java 17+). Flink JVMs
# get ORT_DISABLE_TELEMETRY=1 unless it is already set (see below). Idempotent and quiet on
# success; on failure one message (plus a log tail) on stderr and exit 1.
set -Eeuo pipefail

PROG=flink.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
init_script
POM=$SCRIPT_DIR/flink/pom.xml

PORT=${VECTORLINE_FLINK_REST_PORT:-58081}
START_TIMEOUT=120
STOP_TIMEOUT=60
SLOTS=2          # per TaskManager
MAX_TMS=16
TMS_DEFAULT=${VECTORLINE_FLINK_TASKMANAGERS:-2}

check_port "$PORT" 3 "VECTORLINE_FLINK_REST_PORT must be a TCP port below 65534"
RPC_PORT=$((PORT + 1))
BLOB_PORT=$((PORT + 2))
init_state flink

FDIR=$STATE/flink
LIB=$FDIR/lib
CONF=$FDIR/conf
CONF_FILE=$CONF/config.yaml
LOGDIR=$FDIR/log
PLUGINS=$FDIR/plugins
JM_PIDFILE=$FDIR/jobmanager.pid
# TaskManager I: $FDIR/taskmanager-I.pid, $FDIR/taskmanager-I.id (its current resource id),
# $LOGDIR/taskmanager-I.{log,out}; $TM_COUNT_FILE holds N of the last start.
TM_COUNT_FILE=$FDIR/taskmanagers.count
RESOLVE_LOG=$FDIR/resolve.log
REST_URL=http://127.0.0.1:$PORT

JM_MAIN=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_MAIN=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
CLI_MAIN=org.apache.flink.client.cli.CliFrontend
BASH_UTILS_MAIN=org.apache.flink.runtime.util.bash.BashJavaUtils

# env.java.opts.all of the Flink 2.x distribution's conf/config.yaml ("required for Java 17
# support"); bin/config.sh passes them to every Flink JVM (JobManager, TaskManager, client).
JAVA17_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

init_java

# The environment bin/config.sh exports to Flink processes.
export FLINK_CONF_DIR=$CONF FLINK_LIB_DIR=$LIB FLINK_PLUGINS_DIR=$PLUGINS FLINK_LOG_DIR=$LOGDIR
# ONNX Runtime 1.29 added telemetry on Linux. When the first OrtEnvironment of a process is created,
# it matches regexes (libstdc++ std::regex, which recurses once per character) against
# /proc/self/cmdline. A Flink JVM's command line (the whole lib/ classpath) is ~5 KB. That recursion
# overflows the 1 MB stack of a task thread in EmbedFunction.open(). The JVM cannot handle that
# overflow in native code: the TaskManager dies of SIGSEGV without an hs_err file or a log line.
# This variable is ORT's documented opt-out. It turns that code path off and also stops
# the uploads and the ~/.cache/Microsoft/DeveloperTools/.onnxruntime device id and database.
export ORT_DISABLE_TELEMETRY=${ORT_DISABLE_TELEMETRY:-1}

# ---------------------------------------------------------------- helpers

overview() { # prints the JSON of GET /overview, fails if the REST endpoint does not answer
  curl -sf --max-time 3 "$REST_URL/overview" 2>/dev/null
}

json_num() { # json_num FIELD JSON: a numeric top-level field of a flat JSON object
  sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" <<<"$2"
}

daemon_pid() { # daemon_pid PIDFILE MAIN_CLASS: prints the pid if that daemon of ours is alive
  live_pid "$1" " $2 " "--configDir $CONF"
}
jm_pid() { daemon_pid "$JM_PIDFILE" "$JM_MAIN"; }

tm_pidfile() { echo "$FDIR/taskmanager-$1.pid"; }
tm_idfile() { echo "$FDIR/taskmanager-$1.id"; }
tm_id() { # tm_id I: the resource id of the last start of TaskManager I (fails if there is none)
  local f
  f=$(tm_idfile "$1")
  [[ -s $f ]] && cat "$f"
}
tm_pid() { # tm_pid I: prints the pid if TaskManager I (with its current resource id) is alive
  local id
  id=$(tm_id "$1") || return 1
  live_pid "$(tm_pidfile "$1")" " $TM_MAIN " " taskmanager.resource-id=$id " "--configDir $CONF"
}
tm_gone() { ! tm_pid "$1" >/dev/null; } # tm_gone I: also true for a zombie (its /proc cmdline is empty)
tm_count() { # the N of the last start (fails if there is none)
  local n
  [[ -s $TM_COUNT_FILE ]] && n=$(<"$TM_COUNT_FILE") && [[ $n =~ ^[0-9]+$ ]] && echo "$n"
}
tm_pidfiles() { # every TaskManager pid file in $FDIR, including those beyond N
  compgen -G "$FDIR/taskmanager*.pid" || true
}

check_tms() { # check_tms N DESCRIPTION: N must be a TaskManager count
  # shellcheck disable=SC2015
  [[ $1 =~ ^[1-9][0-9]*$ ]] && (($1 <= MAX_TMS)) || die "$2 must be a number of TaskManagers from 1 to $MAX_TMS, got '$1'"
}

check_tm_index() { # check_tm_index I: I must be the index of a TaskManager of the cluster (1..N)
  local n
  n=$(tm_count) || die "the Flink cluster is not running; run '$SELF start' first"
  if ! [[ $1 =~ ^[1-9][0-9]*$ ]] || (($1 > n)); then die "no TaskManager '$1': the cluster has TaskManagers 1 to $n"; fi
}

check_curl() { command -v curl >/dev/null 2>&1 || die "curl not found (apt-get install curl)"; }

lib_ready() { has_jars "$LIB" flink-runtime flink-clients; }

ensure_lib() { ensure_maven_lib Flink "$POM" "$LIB" "$RESOLVE_LOG" flink-runtime flink-clients; }

classpath() { # like bin/config.sh constructFlinkClassPath: every jar of lib/, sorted
  local cp='' jar
  for jar in "$LIB"/*.jar; do cp=${cp:+$cp:}$jar; done
  echo "$cp"
}

write_conf() {
  # Regenerated on every start so that port changes take effect.
  mkdir -p "$CONF" "$LOGDIR" "$PLUGINS" "$FDIR/tmp" "$FDIR/work" "$FDIR/blob" "$FDIR/web" \
    "$FDIR/checkpoints" "$FDIR/savepoints"
  cat >"$CONF_FILE" <<EOF
# Written by deploy/local/flink.sh on every start; do not edit.
# Flink 2.x reads config.yaml (standard YAML; flattened keys are allowed).

# Single-host session cluster on loopback: one JobManager, N TaskManagers.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
jobmanager.execution.failover-strategy: region
# A lost TaskManager costs one restart: heartbeats every second notice a dead one within about
# 2 s (two failed heartbeat RPCs), and the first restart waits 5 s, so the job is redeployed on
# live slots instead of again on the dead TaskManager's (each such attempt was another restart).
heartbeat.interval: 1000
heartbeat.timeout: 20000
restart-strategy.type: exponential-delay
restart-strategy.exponential-delay.initial-backoff: 5 s
restart-strategy.exponential-delay.max-backoff: 1 min

taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
# Several TaskManagers share this host: every one picks free ports of its own.
taskmanager.rpc.port: 0
taskmanager.data.port: 0
metrics.internal.query-service.port: 0
# No taskmanager.resource-id here: flink.sh passes -D taskmanager.resource-id=tm-I-<epoch seconds>
# to TaskManager I, new on every start, so a replacement never inherits the registration (and
# the heartbeat timeout) of the TaskManager it replaces.
taskmanager.numberOfTaskSlots: $SLOTS
# Spread a job's slots over all TaskManagers, so losing one costs part of the job, as on a cluster.
taskmanager.load-balance.mode: SLOTS
taskmanager.memory.process.size: 1600m

parallelism.default: 2

rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $PORT
blob.server.port: $BLOB_PORT

# All state below the state dir.
io.tmp.dirs: $(squote "$FDIR/tmp")
process.working-dir: $(squote "$FDIR/work")
blob.storage.directory: $(squote "$FDIR/blob")
web.tmpdir: $(squote "$FDIR/web")
execution.checkpointing.dir: $(squote "file://$FDIR/checkpoints")
execution.checkpointing.savepoint-dir: $(squote "file://$FDIR/savepoints")

# Informational (flink.sh passes these flags itself, as bin/config.sh does): required on Java 17.
env.java.opts.all: ${JAVA17_OPTS[*]}
EOF

  # Daemons: conf/log4j.properties of the distribution (flink.sh rolls the file on every start).
  cat >"$CONF/log4j.properties" <<'EOF'
# Written by deploy/local/flink.sh on every start; do not edit.
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = INFO
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = INFO
logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3
logger.shaded_zookeeper.level = INFO
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
appender.main.name = MainAppender
appender.main.type = RollingFile
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.filePattern = ${sys:log.file}.%i
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.main.policies.type = Policies
appender.main.policies.size.type = SizeBasedTriggeringPolicy
appender.main.policies.size.size = 100MB
appender.main.strategy.type = DefaultRolloverStrategy
appender.main.strategy.max = 5
EOF

  # Client (CliFrontend) and BashJavaUtils: conf/log4j-cli.properties of the distribution, i.e.
  # log messages only go to ${sys:log.file}; the client prints its results and errors itself.
  cat >"$CONF/log4j-cli.properties" <<'EOF'
# Written by deploy/local/flink.sh on every start; do not edit.
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FileAppender
appender.file.name = FileAppender
appender.file.type = FILE
appender.file.append = true
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
EOF
}

resource_params() { # resource_params GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS: sets JVM_PARAMS and DYN_PARAMS
  # What bin/jobmanager.sh and bin/taskmanager.sh do: BashJavaUtils derives -Xmx/-Xms/
  # -XX:MaxDirectMemorySize/-XX:MaxMetaspaceSize and the fully resolved memory options (-D k=v)
  # from *.memory.process.size.
  local log=$LOGDIR/bash-java-utils.log out lines=()
  echo "== $1 ($(date -u +%FT%TZ))" >>"$log"
  out=$("$JAVA" -Xmx256m -Dlog.file="$log" -Dlog4j.configurationFile="file:$CONF/log4j-cli.properties" \
    -cp "$(classpath)" "$BASH_UTILS_MAIN" "$1" --configDir "$CONF" 2>>"$log" </dev/null) \
    || { echo "$out" >>"$log"; die_log "$log" "BashJavaUtils $1 failed"; }
  mapfile -t lines < <(sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out")
  ((${#lines[@]} == 2)) || { echo "$out" >>"$log"; die_log "$log" "BashJavaUtils $1 printed unexpected output"; }
  read -r -a JVM_PARAMS <<<"${lines[0]}"
  read -r -a DYN_PARAMS <<<"${lines[1]}"
}

start_daemon() { # start_daemon NAME MAIN PIDFILE [ARGS...]: like bin/flink-daemon.sh start, with the
  # JVM_PARAMS and DYN_PARAMS of resource_params and ARGS before --configDir; sets DAEMON_PID
  local name=$1 main=$2 pidfile=$3
  local log=$LOGDIR/$name.log out=$LOGDIR/$name.out
  shift 3
  rotate "$log" 5
  rotate "$out" 5
  spawn_daemon "$pidfile" "$out" \
    "$JAVA" "${JVM_PARAMS[@]}" "${JAVA17_OPTS[@]}" \
    -Dlog.file="$log" -Dlog4j.configuration="file:$CONF/log4j.properties" \
    -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -classpath "$(classpath)" "$main" "${DYN_PARAMS[@]}" "$@" --configDir "$CONF" \
    || die_log "$out" "the Flink $name process did not start"
}

start_tms() { # start_tms I...: launch TaskManagers I... (not running), each with a new resource id
  local i id prev
  resource_params GET_TM_RESOURCE_PARAMS
  for i; do
    prev=$(tm_id "$i") || prev=''
    id=tm-$i-$(date +%s)
    while [[ $id == "$prev" ]]; do sleep 0.2; id=tm-$i-$(date +%s); done
    # Flink keeps a TaskManager's working dir (work/tm_<resource id>) when it dies; nothing
    # uses the id of the previous process again.
    if [[ $prev =~ ^tm-[0-9]+-[0-9]+$ ]]; then rm -rf "$FDIR/work/tm_$prev"; fi
    echo "$id" >"$(tm_idfile "$i")"
    start_daemon "taskmanager-$i" "$TM_MAIN" "$(tm_pidfile "$i")" -D "taskmanager.resource-id=$id"
  done
}

stop_tms() { # SIGTERM every TaskManager of ours (also any beyond N) and wait (SIGKILL after STOP_TIMEOUT s)
  local f files=() pid pids=() names=() pidfiles=() k
  mapfile -t files < <(tm_pidfiles)
  for f in "${files[@]}"; do
    if pid=$(daemon_pid "$f" "$TM_MAIN"); then
      pids+=("$pid") pidfiles+=("$f") names+=("$(basename "$f" .pid)")
      kill -TERM "$pid" 2>/dev/null || true # all at once; stop_daemon then waits for each
    fi
  done
  for k in "${!pids[@]}"; do
    stop_daemon "${names[k]}" "${pids[k]}" "${pidfiles[k]}" "$LOGDIR/${names[k]}.out"
  done
}

daemon_died() { # daemon_died NAME PIDFILE
  rm -f "$2"
  local log=$LOGDIR/$1.log
  if [[ -s $LOGDIR/$1.out ]] && ! grep -q ERROR "$log" 2>/dev/null; then log=$LOGDIR/$1.out; fi
  die_log "$log" "the Flink $1 exited during startup"
}

wait_rest() { # wait_rest JM_PID
  local rc=0
  wait_for "$START_TIMEOUT" "$1" overview >/dev/null || rc=$?
  case $rc in
    0) ;;
    2) daemon_died jobmanager "$JM_PIDFILE" ;;
    *) die_log "$LOGDIR/jobmanager.log" "the JobManager REST endpoint $REST_URL did not come up within ${START_TIMEOUT} s (pid $1 is still running; '$SELF stop' stops it)" ;;
  esac
}

tm_registered() { # tm_registered I JSON: the JSON of GET /taskmanagers lists the current resource id
  # of TaskManager I with all its slots. (GET /taskmanagers/ID would log an ERROR with a stack
  # trace in the JobManager for every poll before the registration.)
  local id key entry
  id=$(tm_id "$1") || return 1
  key="{\"id\":\"$id\"" # the JobManager writes "id" first in each TaskManager's object
  [[ $2 == *"$key"* ]] || return 1
  entry=${2#*"$key"}
  entry=${entry%%'{"id":"'*} # up to the next TaskManager
  [[ $(json_num slotsNumber "$entry") == "$SLOTS" ]]
}

wait_tms() { # wait_tms I...: wait until TaskManagers I... run and are registered with all their slots
  local todo=("$@") left=() i t json
  for ((t = 0; ; t++)); do
    left=()
    json=$(curl -sf --max-time 3 "$REST_URL/taskmanagers" 2>/dev/null) || json=''
    for i in "${todo[@]}"; do
      tm_pid "$i" >/dev/null || daemon_died "taskmanager-$i" "$(tm_pidfile "$i")"
      tm_registered "$i" "$json" || left+=("$i")
    done
    ((${#left[@]})) || return 0
    ((t < START_TIMEOUT * 2)) || break
    todo=("${left[@]}")
    sleep 0.5
  done
  i=${left[0]}
  die_log "$LOGDIR/taskmanager-$i.log" "TaskManager $i ($(tm_id "$i")) did not register $SLOTS slots with the JobManager within ${START_TIMEOUT} s (pid $(tm_pid "$i") is still running; '$SELF stop' stops the cluster)"
}

require_running() {
  check_curl
  if ! jm_pid >/dev/null || ! overview >/dev/null; then
    die "the Flink cluster is not running (REST $REST_URL); run '$SELF start' first"
  fi
  lib_ready || die "the Flink classpath $LIB is missing; run '$SELF stop' and '$SELF start'"
}

run_cli() { # run_cli ARGS...: bin/flink ARGS... (output on stdout/stderr)
  "$JAVA" "${JAVA17_OPTS[@]}" -Dlog.file="$LOGDIR/client.log" \
    -Dlog4j.configuration="file:$CONF/log4j-cli.properties" \
    -Dlog4j.configurationFile="file:$CONF/log4j-cli.properties" \
    -classpath "$(classpath)" "$CLI_MAIN" "$@"
}

run_cli_quiet() { # run_cli_quiet MESSAGE ARGS...: output only on failure; sets CLI_OUT
  local msg=$1 tmp; shift
  mktemp_var tmp "$FDIR/cli.XXXXXX"
  if ! run_cli "$@" >"$tmp" 2>&1 </dev/null; then
    {
      echo "$PROG: $msg (client log: $LOGDIR/client.log)"
      # The client's own message plus the exception chain, without stack frames.
      grep -vE '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$tmp" | grep -v '^[[:space:]]*$' | tail -n 25 | sed 's/^/  | /'
    } >&2
    exit 1
  fi
  CLI_OUT=$(<"$tmp")
}

# ---------------------------------------------------------------- commands

cmd_start() {
  local n=$TMS_DEFAULT what=VECTORLINE_FLINK_TASKMANAGERS explicit=${VECTORLINE_FLINK_TASKMANAGERS:+1}
  while (($#)); do
    case $1 in
      --taskmanagers) [[ $# -ge 2 ]] || die "usage: $SELF start [--taskmanagers N]"; n=$2; shift 2 ;;
      --taskmanagers=*) n=${1#*=}; shift ;;
      *) die "usage: $SELF start [--taskmanagers N]" ;;
    esac
    what=--taskmanagers explicit=1
  done
  check_tms "$n" "$what"
  check_curl
  lock_state "$FDIR/.lock"
  local jm json running i all=() down=()
  jm=$(jm_pid) || jm=''
  if [[ -n $jm ]]; then
    # Already (partly) running: make sure it is the configuration asked for.
    grep -qxF "rest.port: $PORT" "$CONF_FILE" \
      || die "the Flink cluster in $FDIR is already running with another REST port ($(grep '^rest.port:' "$CONF_FILE")); run '$SELF stop' first"
    running=$(tm_count) || running=''
    # Without an explicit N, start keeps the N of the running cluster.
    if [[ -z $explicit && -n $running ]]; then n=$running; fi
    [[ $running == "$n" ]] \
      || die "the Flink cluster in $FDIR is already running with ${running:-an unknown number of} TaskManagers, not $n; run '$SELF stop' first"
    wait_rest "$jm"
    for ((i = 1; i <= n; i++)); do
      all+=("$i")
      tm_pid "$i" >/dev/null || down+=("$i")
    done
    if ((${#down[@]})); then
      check_java "Flink 2.2"
      start_tms "${down[@]}"
    fi
    wait_tms "${all[@]}"
    return 0
  fi
  stop_tms # orphans of a dead JobManager
  rm -f "$JM_PIDFILE" "$FDIR"/taskmanager*.pid "$FDIR"/taskmanager*.id "$TM_COUNT_FILE"
  ports_free VECTORLINE_FLINK_REST_PORT "$PORT" "$RPC_PORT" "$BLOB_PORT"
  check_java "Flink 2.2"
  ensure_lib
  write_conf
  rm -rf "$FDIR"/work/tm_* # left by TaskManagers that were killed
  rotate "$LOGDIR/client.log" 5
  rotate "$LOGDIR/bash-java-utils.log" 5

  resource_params GET_JM_RESOURCE_PARAMS
  start_daemon jobmanager "$JM_MAIN" "$JM_PIDFILE"
  jm=$DAEMON_PID
  wait_rest "$jm"
  json=$(overview) || true
  [[ $json == *'"flink-version":"'* ]] || die_log "$LOGDIR/jobmanager.log" "$REST_URL/overview does not look like a Flink JobManager: $json"
  echo "$n" >"$TM_COUNT_FILE"
  for ((i = 1; i <= n; i++)); do all+=("$i"); done
  start_tms "${all[@]}"
  wait_tms "${all[@]}"
}

cmd_stop() {
  lock_state "$FDIR/.lock"
  local pid
  stop_tms
  if pid=$(jm_pid); then stop_daemon jobmanager "$pid" "$JM_PIDFILE" "$LOGDIR/jobmanager.out"; fi
  rm -f "$JM_PIDFILE" "$FDIR"/taskmanager*.pid "$FDIR"/taskmanager*.id "$TM_COUNT_FILE"
  rm -rf "$FDIR"/work/tm_* # Flink keeps them; their resource ids are never used again
}

cmd_status() {
  local jm json='' n i alive=0 f files=() any=''
  jm=$(jm_pid) || jm=''
  n=$(tm_count) || n=0
  for ((i = 1; i <= n; i++)); do
    if tm_pid "$i" >/dev/null; then alive=$((alive + 1)); fi
  done
  mapfile -t files < <(tm_pidfiles)
  for f in "${files[@]}"; do
    if daemon_pid "$f" "$TM_MAIN" >/dev/null; then any=1; fi
  done
  if [[ -n $jm ]] && command -v curl >/dev/null 2>&1; then json=$(overview) || json=''; fi
  if [[ -n $jm && -n $json ]] && ((n > 0 && alive == n)); then
    echo "flink: running on $REST_URL (jobmanager pid $jm, $alive/$n taskmanagers alive," \
      "$(json_num taskmanagers "$json") registered, $(json_num slots-available "$json")/$(json_num slots-total "$json") slots free," \
      "$(json_num jobs-running "$json") job(s) running)"
    exit 0
  fi
  if [[ -z $jm && -z $any ]]; then
    echo "flink: stopped"
  else
    local jms=down
    if [[ -n $jm && -n $json ]]; then jms="pid $jm, REST up"; elif [[ -n $jm ]]; then jms="pid $jm, REST down"; fi
    echo "flink: not running properly (jobmanager: $jms; taskmanagers: $alive/$n alive); run '$SELF start' or '$SELF stop'"
  fi
  exit 3
}

cmd_taskmanagers() { # INDEX RESOURCE_ID PID alive|dead, for TaskManagers 1..N of the last start
  local n i id pid state
  n=$(tm_count) || return 0
  for ((i = 1; i <= n; i++)); do
    id=$(tm_id "$i") || id=-
    if pid=$(tm_pid "$i"); then
      state=alive
    else
      state=dead
      pid=$(cat "$(tm_pidfile "$i")" 2>/dev/null) || pid=-
      [[ $pid =~ ^[0-9]+$ ]] || pid=-
    fi
    echo "$i $id $pid $state"
  done
}

cmd_kill_taskmanager() {
  [[ $# -eq 1 ]] || die "usage: $SELF kill-taskmanager I"
  lock_state "$FDIR/.lock"
  check_tm_index "$1"
  local pid
  pid=$(tm_pid "$1") || die "TaskManager $1 is not running"
  kill -KILL "$pid" 2>/dev/null || true
  wait_for 10 '' tm_gone "$1" || die "TaskManager $1 (pid $pid) is still alive after SIGKILL"
  echo "== $(tm_id "$1") (pid $pid) killed with SIGKILL by '$PROG kill-taskmanager $1' ($(date -u +%FT%TZ))" \
    >>"$LOGDIR/taskmanager-$1.out"
}

cmd_restart_taskmanager() {
  [[ $# -eq 1 ]] || die "usage: $SELF restart-taskmanager I"
  check_curl
  lock_state "$FDIR/.lock"
  check_tm_index "$1"
  if ! jm_pid >/dev/null || ! overview >/dev/null; then
    die "the Flink cluster is not running (REST $REST_URL); run '$SELF start' first"
  fi
  if ! tm_pid "$1" >/dev/null; then
    check_java "Flink 2.2"
    start_tms "$1"
  fi
  wait_tms "$1"
}

cmd_rest() { echo "$REST_URL"; }

cmd_run() {
  [[ $# -ge 1 ]] || die "usage: $SELF run JAR [ARGS...]"
  local jar=$1 id; shift
  [[ -f $jar ]] || die "job jar '$jar' not found"
  check_java "Flink 2.2"
  require_running
  run_cli_quiet "submitting $jar failed" run -d "$jar" "$@"
  id=$(sed -n 's/.*Job has been submitted with JobID \([0-9a-f]\{32\}\).*/\1/p' <<<"$CLI_OUT" | tail -n 1)
  [[ -n $id ]] || { echo "$CLI_OUT" | tail -n 30 | sed 's/^/  | /' >&2; die "the flink client finished but printed no job id"; }
  echo "$id"
}

cmd_cancel() {
  [[ $# -eq 1 && $1 =~ ^[0-9a-f]{32}$ ]] || die "usage: $SELF cancel JOBID (32 hex digits)"
  check_java "Flink 2.2"
  require_running
  run_cli_quiet "cancelling job $1 failed" cancel "$1"
}

cmd_list() {
  check_java "Flink 2.2"
  require_running
  run_cli list "$@" </dev/null
}

cmd_cli() {
  [[ $# -ge 1 ]] || die "usage: $SELF cli ACTION [OPTIONS] [ARGS] (the arguments of bin/flink)"
  check_java "Flink 2.2"
  require_running
  exec 9>&-
  run_cli "$@"
}

usage() {
  echo "usage: $SELF {start [--taskmanagers N]|stop|status|taskmanagers|kill-taskmanager I|restart-taskmanager I|rest|run JAR [ARGS...]|cancel JOBID|list [ARGS...]|cli ARGS...}" >&2
  exit 2
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  taskmanagers) cmd_taskmanagers ;;
  kill-taskmanager) cmd_kill_taskmanager "$@" ;;
  restart-taskmanager) cmd_restart_taskmanager "$@" ;;
  rest) cmd_rest ;;
  run) cmd_run "$@" ;;
  cancel) cmd_cancel "$@" ;;
  list) cmd_list "$@" ;;
  cli) cmd_cli "$@" ;;
  *) usage ;;
esac
