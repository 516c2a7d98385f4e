#!/usr/bin/env bash
# Private Apache Flink 2.2 standalone session cluster for local development, integration tests
# and the demo: one JobManager JVM (StandaloneSessionClusterEntrypoint) and one TaskManager JVM
# (TaskManagerRunner, 2 slots), both on 127.0.0.1. There is no Flink tarball here: the classpath
# (what the binary distribution's lib/ holds) comes from Maven Central through the standalone
# pom deploy/local/flink/pom.xml (not part of the main build).
#
#   deploy/local/flink.sh start        resolve jars if needed, write the config, start the
#                                      JobManager and the TaskManager, wait until 2 slots are up
#   deploy/local/flink.sh stop         stop the TaskManager, then the JobManager (SIGTERM,
#                                      SIGKILL after 60 s); jobs are not kept (no HA)
#   deploy/local/flink.sh status       exit 0 if running (prints one line), 3 otherwise
#   deploy/local/flink.sh rest         print the REST / web UI address (http://127.0.0.1:PORT)
#   deploy/local/flink.sh run JAR [ARGS...]
#                                      `flink run -d JAR ARGS...`: submit a job (detached) and
#                                      print its job id
#   deploy/local/flink.sh cancel JOBID `flink cancel JOBID`
#   deploy/local/flink.sh list [ARGS...]
#                                      `flink list ARGS...` (e.g. -a for finished jobs too)
#   deploy/local/flink.sh cli ARGS...  any other `flink` command, e.g. `cli stop --savepointPath DIR JOBID`
#
# Environment: VECTORLINE_FLINK_REST_PORT (default 58081; the JobManager RPC port is PORT+1 and
# the blob server PORT+2), VECTORLINE_STATE_DIR (default <repo>/.vectorline), JAVA_HOME
# (optional, Java 17+). Flink JVMs get ORT_DISABLE_TELEMETRY=1 unless it is already set (see
# below). Idempotent and quiet on success; on failure one message (plus a log tail) on stderr
# and exit 1.
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
SLOTS=2

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
TM_PIDFILE=$FDIR/taskmanager.pid
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
tm_pid() { daemon_pid "$TM_PIDFILE" "$TM_MAIN"; }

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

# Single-host session cluster on loopback: one JobManager, one TaskManager.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
jobmanager.execution.failover-strategy: region

taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
# A fixed id: a restarted TaskManager replaces its old registration at once (instead of being
# counted twice until the heartbeat of the dead one times out) and keeps its working dir.
taskmanager.resource-id: vectorline-taskmanager-1
taskmanager.numberOfTaskSlots: $SLOTS
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

start_daemon() { # start_daemon NAME MAIN PIDFILE: like bin/flink-daemon.sh start; sets DAEMON_PID
  local name=$1 main=$2 pidfile=$3
  local log=$LOGDIR/$name.log out=$LOGDIR/$name.out
  if [[ $name == jobmanager ]]; then resource_params GET_JM_RESOURCE_PARAMS; else resource_params GET_TM_RESOURCE_PARAMS; fi
  rotate "$log" 5
  rotate "$out" 5
  spawn_daemon "$pidfile" "$out" \
    "$JAVA" "${JVM_PARAMS[@]}" "${JAVA17_OPTS[@]}" \
    -Dlog.file="$log" -Dlog4j.configuration="file:$CONF/log4j.properties" \
    -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -classpath "$(classpath)" "$main" "${DYN_PARAMS[@]}" --configDir "$CONF" \
    || die_log "$out" "the Flink $name process did not start"
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

slots_up() { # the TaskManager registered and the overview (in json) shows it with all its slots
  # The log is new for every TaskManager process, so the registration is this process's.
  grep -q 'Successful registration at resource manager' "$LOGDIR/taskmanager.log" 2>/dev/null \
    && json=$(overview) && [[ $(json_num taskmanagers "$json") == 1 && $(json_num slots-total "$json") == "$SLOTS" ]]
}

wait_slots() { # wait_slots TM_PID
  local rc=0 json=''
  wait_for "$START_TIMEOUT" "$1" slots_up || rc=$?
  case $rc in
    0) ;;
    2) daemon_died taskmanager "$TM_PIDFILE" ;;
    *) die_log "$LOGDIR/taskmanager.log" "the TaskManager did not register $SLOTS slots with the JobManager within ${START_TIMEOUT} s (last overview: ${json:-none}; '$SELF stop' stops the cluster)" ;;
  esac
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
  check_curl
  lock_state "$FDIR/.lock"
  local jm tm json
  jm=$(jm_pid) || jm=''
  tm=$(tm_pid) || tm=''
  if [[ -n $jm ]]; then
    # Already (partly) running: make sure it is the configuration asked for.
    grep -qxF "rest.port: $PORT" "$CONF_FILE" \
      || die "the Flink cluster in $FDIR is already running with another REST port ($(grep '^rest.port:' "$CONF_FILE")); run '$SELF stop' first"
    wait_rest "$jm"
    if [[ -z $tm ]]; then
      check_java "Flink 2.2"
      start_daemon taskmanager "$TM_MAIN" "$TM_PIDFILE"
      tm=$DAEMON_PID
    fi
    wait_slots "$tm"
    return 0
  fi
  if [[ -n $tm ]]; then stop_daemon taskmanager "$tm" "$TM_PIDFILE" "$LOGDIR/taskmanager.out"; fi # orphan of a dead JobManager
  rm -f "$JM_PIDFILE" "$TM_PIDFILE"
  ports_free VECTORLINE_FLINK_REST_PORT "$PORT" "$RPC_PORT" "$BLOB_PORT"
  check_java "Flink 2.2"
  ensure_lib
  write_conf
  rotate "$LOGDIR/client.log" 5
  rotate "$LOGDIR/bash-java-utils.log" 5

  start_daemon jobmanager "$JM_MAIN" "$JM_PIDFILE"
  jm=$DAEMON_PID
  wait_rest "$jm"
  json=$(overview) || true
  [[ $json == *'"flink-version":"'* ]] || die_log "$LOGDIR/jobmanager.log" "$REST_URL/overview does not look like a Flink JobManager: $json"
  start_daemon taskmanager "$TM_MAIN" "$TM_PIDFILE"
  wait_slots "$DAEMON_PID"
}

cmd_stop() {
  lock_state "$FDIR/.lock"
  local pid
  if pid=$(tm_pid); then stop_daemon taskmanager "$pid" "$TM_PIDFILE" "$LOGDIR/taskmanager.out"; fi
  if pid=$(jm_pid); then stop_daemon jobmanager "$pid" "$JM_PIDFILE" "$LOGDIR/jobmanager.out"; fi
  rm -f "$TM_PIDFILE" "$JM_PIDFILE"
}

cmd_status() {
  local jm tm json=''
  jm=$(jm_pid) || jm=''
  tm=$(tm_pid) || tm=''
  if [[ -n $jm ]] && command -v curl >/dev/null 2>&1; then json=$(overview) || json=''; fi
  if [[ -n $jm && -n $tm && -n $json ]]; then
    echo "flink: running on $REST_URL (jobmanager pid $jm, taskmanager pid $tm," \
      "$(json_num taskmanagers "$json") taskmanager(s), $(json_num slots-available "$json")/$(json_num slots-total "$json") slots free," \
      "$(json_num jobs-running "$json") job(s) running)"
    exit 0
  fi
  if [[ -z $jm && -z $tm ]]; then
    echo "flink: stopped"
  else
    local jms=down tms=down
    if [[ -n $jm && -n $json ]]; then jms="pid $jm, REST up"; elif [[ -n $jm ]]; then jms="pid $jm, REST down"; fi
    if [[ -n $tm ]]; then tms="pid $tm"; fi
    echo "flink: not running properly (jobmanager: $jms; taskmanager: $tms); run '$SELF start' or '$SELF stop'"
  fi
  exit 3
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

usage() { echo "usage: $SELF {start|stop|status|rest|run JAR [ARGS...]|cancel JOBID|list [ARGS...]|cli ARGS...}" >&2; exit 2; }

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  rest) cmd_rest ;;
  run) cmd_run "$@" ;;
  cancel) cmd_cancel "$@" ;;
  list) cmd_list "$@" ;;
  cli) cmd_cli "$@" ;;
  *) usage ;;
esac
