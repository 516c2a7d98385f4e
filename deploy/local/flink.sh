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
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
POM=$SCRIPT_DIR/flink/pom.xml

PORT=${VECTORLINE_FLINK_REST_PORT:-58081}
STATE=${VECTORLINE_STATE_DIR:-$REPO/.vectorline}
START_TIMEOUT=120
STOP_TIMEOUT=60
SLOTS=2

die() { echo "$PROG: $*" >&2; exit 1; }
die_log() { # die_log LOGFILE MESSAGE
  local log=$1; shift
  {
    echo "$PROG: $* (full log: $log)"
    if [[ -s $log ]]; then tail -n 30 "$log" | sed 's/^/  | /'; fi
  } >&2
  exit 1
}
# shellcheck disable=SC2154 # rc is assigned inside the trap
trap 'rc=$?; echo "$PROG: unexpected failure (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR
TMP_CLEANUP=()
trap 'if ((${#TMP_CLEANUP[@]})); then rm -rf "${TMP_CLEANUP[@]}"; fi' EXIT

# shellcheck disable=SC2015
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT + 2 < 65536)) || die "VECTORLINE_FLINK_REST_PORT must be a TCP port below 65534, got '$PORT'"
RPC_PORT=$((PORT + 1))
BLOB_PORT=$((PORT + 2))
mkdir -p "$STATE/flink" || die "cannot create state dir $STATE/flink"
STATE=$(cd "$STATE" && pwd -P)

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

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi

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

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

overview() { # prints the JSON of GET /overview, fails if the REST endpoint does not answer
  curl -sf --max-time 3 "$REST_URL/overview" 2>/dev/null
}

json_num() { # json_num FIELD JSON: a numeric top-level field of a flat JSON object
  sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" <<<"$2"
}

daemon_pid() { # daemon_pid PIDFILE MAIN_CLASS: prints the pid if that daemon of ours is alive
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: must be a JVM running that main class with our config dir
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -F " $2 " | grep -qF -- "--configDir $CONF" || return 1
  echo "$pid"
}
jm_pid() { daemon_pid "$JM_PIDFILE" "$JM_MAIN"; }
tm_pid() { daemon_pid "$TM_PIDFILE" "$TM_MAIN"; }

lock_state() {
  exec 9>>"$FDIR/.lock"
  flock -w 600 9 || die "timed out waiting for another $PROG (lock $FDIR/.lock)"
}

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17+ or set JAVA_HOME)"
  local v
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  # shellcheck disable=SC2015
  [[ $v =~ ^[0-9]+$ ]] && ((v >= 17)) || die "Flink 2.2 needs Java 17+, but '$JAVA' is version '${v:-unknown}'"
}

check_curl() { command -v curl >/dev/null 2>&1 || die "curl not found (apt-get install curl)"; }

pom_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

lib_ready() { compgen -G "$LIB/flink-runtime-*.jar" >/dev/null && compgen -G "$LIB/flink-clients-*.jar" >/dev/null; }

ensure_lib() {
  local stamp
  stamp=$(pom_stamp)
  if [[ -f $LIB/.pom.sha256 && $(<"$LIB/.pom.sha256") == "$stamp" ]] && lib_ready; then
    return 0
  fi
  local mvn tmp
  if [[ -x $REPO/mvnw ]]; then mvn=$REPO/mvnw
  elif command -v mvn >/dev/null 2>&1; then mvn=mvn
  else die "neither $REPO/mvnw nor mvn found: cannot resolve the Flink classpath"
  fi
  tmp=$(mktemp -d "$FDIR/lib.tmp.XXXXXX")
  TMP_CLEANUP+=("$tmp")
  {
    echo "== resolving Flink classpath from $POM ($(date -u +%FT%TZ))"
    "$mvn" -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp"
  } >>"$RESOLVE_LOG" 2>&1 </dev/null || die_log "$RESOLVE_LOG" "resolving the Flink jars with Maven failed"
  compgen -G "$tmp/flink-runtime-*.jar" >/dev/null || die_log "$RESOLVE_LOG" "Maven finished but flink-runtime is not in the resolved classpath"
  echo "$stamp" >"$tmp/.pom.sha256"
  rm -rf "$LIB"
  chmod 755 "$tmp"
  mv "$tmp" "$LIB"
}

classpath() { # like bin/config.sh constructFlinkClassPath: every jar of lib/, sorted
  local cp='' jar
  for jar in "$LIB"/*.jar; do cp=${cp:+$cp:}$jar; done
  echo "$cp"
}

yq() { # single-quoted YAML scalar
  printf "'%s'" "${1//\'/\'\'}"
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
io.tmp.dirs: $(yq "$FDIR/tmp")
process.working-dir: $(yq "$FDIR/work")
blob.storage.directory: $(yq "$FDIR/blob")
web.tmpdir: $(yq "$FDIR/web")
execution.checkpointing.dir: $(yq "file://$FDIR/checkpoints")
execution.checkpointing.savepoint-dir: $(yq "file://$FDIR/savepoints")

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

rotate() { # rotate FILE: FILE -> FILE.1 -> ... -> FILE.5 (like rotateLogFile in bin/config.sh)
  local f=$1 n
  [[ -e $f ]] || return 0
  for ((n = 4; n >= 1; n--)); do
    if [[ -e $f.$n ]]; then mv -f "$f.$n" "$f.$((n + 1))"; fi
  done
  mv -f "$f" "$f.1"
}

start_daemon() { # start_daemon NAME MAIN PIDFILE: like bin/flink-daemon.sh start; sets DAEMON_PID
  local name=$1 main=$2 pidfile=$3 pid='' i
  local log=$LOGDIR/$name.log out=$LOGDIR/$name.out
  if [[ $name == jobmanager ]]; then resource_params GET_JM_RESOURCE_PARAMS; else resource_params GET_TM_RESOURCE_PARAMS; fi
  rotate "$log"
  rotate "$out"
  rm -f "$pidfile"
  # setsid + nohup: not killed with the caller's process group or terminal; no inherited
  # stdio (a Java ProcessBuilder caller would otherwise wait for EOF forever) and no lock fd.
  # The launched shell writes its own pid (= the JVM's pid after exec) to the pid file.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" \
    "$JAVA" "${JVM_PARAMS[@]}" "${JAVA17_OPTS[@]}" \
    -Dlog.file="$log" -Dlog4j.configuration="file:$CONF/log4j.properties" \
    -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -classpath "$(classpath)" "$main" "${DYN_PARAMS[@]}" --configDir "$CONF" \
    >>"$out" 2>&1 </dev/null 9>&- &
  for ((i = 0; i < 100; i++)); do
    if [[ -s $pidfile ]]; then pid=$(<"$pidfile"); break; fi
    sleep 0.1
  done
  [[ -n $pid ]] || die_log "$out" "the Flink $name process did not start"
  DAEMON_PID=$pid
}

daemon_died() { # daemon_died NAME PIDFILE
  rm -f "$2"
  local log=$LOGDIR/$1.log
  if [[ -s $LOGDIR/$1.out ]] && ! grep -q ERROR "$log" 2>/dev/null; then log=$LOGDIR/$1.out; fi
  die_log "$log" "the Flink $1 exited during startup"
}

wait_rest() { # wait_rest JM_PID
  local i
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    kill -0 "$1" 2>/dev/null || daemon_died jobmanager "$JM_PIDFILE"
    if overview >/dev/null; then return 0; fi
    sleep 0.5
  done
  die_log "$LOGDIR/jobmanager.log" "the JobManager REST endpoint $REST_URL did not come up within ${START_TIMEOUT} s (pid $1 is still running; '$SELF stop' stops it)"
}

wait_slots() { # wait_slots TM_PID
  local i json
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    kill -0 "$1" 2>/dev/null || daemon_died taskmanager "$TM_PIDFILE"
    # The log is new for every TaskManager process, so the registration is this process's.
    if grep -q 'Successful registration at resource manager' "$LOGDIR/taskmanager.log" 2>/dev/null \
      && json=$(overview) && [[ $(json_num taskmanagers "$json") == 1 && $(json_num slots-total "$json") == "$SLOTS" ]]; then
      return 0
    fi
    sleep 0.5
  done
  die_log "$LOGDIR/taskmanager.log" "the TaskManager did not register $SLOTS slots with the JobManager within ${START_TIMEOUT} s (last overview: ${json:-none}; '$SELF stop' stops the cluster)"
}

stop_daemon() { # stop_daemon NAME PID PIDFILE
  local name=$1 pid=$2 pidfile=$3 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 2; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      return 0
    fi
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 1
  rm -f "$pidfile"
  echo "== $name pid $pid did not stop within ${STOP_TIMEOUT} s and was killed ($(date -u +%FT%TZ))" >>"$LOGDIR/$name.out"
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
  tmp=$(mktemp "$FDIR/cli.XXXXXX")
  TMP_CLEANUP+=("$tmp")
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
  lock_state
  local jm tm json
  jm=$(jm_pid) || jm=''
  tm=$(tm_pid) || tm=''
  if [[ -n $jm ]]; then
    # Already (partly) running: make sure it is the configuration asked for.
    grep -qxF "rest.port: $PORT" "$CONF_FILE" \
      || die "the Flink cluster in $FDIR is already running with another REST port ($(grep '^rest.port:' "$CONF_FILE")); run '$SELF stop' first"
    wait_rest "$jm"
    if [[ -z $tm ]]; then
      check_java
      start_daemon taskmanager "$TM_MAIN" "$TM_PIDFILE"
      tm=$DAEMON_PID
    fi
    wait_slots "$tm"
    return 0
  fi
  if [[ -n $tm ]]; then stop_daemon taskmanager "$tm" "$TM_PIDFILE"; fi # orphan of a dead JobManager
  rm -f "$JM_PIDFILE" "$TM_PIDFILE"
  local p
  for p in "$PORT" "$RPC_PORT" "$BLOB_PORT"; do
    if port_open "$p"; then die "port 127.0.0.1:$p is in use by another process; stop it or set VECTORLINE_FLINK_REST_PORT"; fi
  done
  check_java
  ensure_lib
  write_conf
  rotate "$LOGDIR/client.log"
  rotate "$LOGDIR/bash-java-utils.log"

  start_daemon jobmanager "$JM_MAIN" "$JM_PIDFILE"
  jm=$DAEMON_PID
  wait_rest "$jm"
  json=$(overview) || true
  [[ $json == *'"flink-version":"'* ]] || die_log "$LOGDIR/jobmanager.log" "$REST_URL/overview does not look like a Flink JobManager: $json"
  start_daemon taskmanager "$TM_MAIN" "$TM_PIDFILE"
  wait_slots "$DAEMON_PID"
}

cmd_stop() {
  lock_state
  local pid
  if pid=$(tm_pid); then stop_daemon taskmanager "$pid" "$TM_PIDFILE"; fi
  if pid=$(jm_pid); then stop_daemon jobmanager "$pid" "$JM_PIDFILE"; fi
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
  check_java
  require_running
  run_cli_quiet "submitting $jar failed" run -d "$jar" "$@"
  id=$(sed -n 's/.*Job has been submitted with JobID \([0-9a-f]\{32\}\).*/\1/p' <<<"$CLI_OUT" | tail -n 1)
  [[ -n $id ]] || { echo "$CLI_OUT" | tail -n 30 | sed 's/^/  | /' >&2; die "the flink client finished but printed no job id"; }
  echo "$id"
}

cmd_cancel() {
  [[ $# -eq 1 && $1 =~ ^[0-9a-f]{32}$ ]] || die "usage: $SELF cancel JOBID (32 hex digits)"
  check_java
  require_running
  run_cli_quiet "cancelling job $1 failed" cancel "$1"
}

cmd_list() {
  check_java
  require_running
  run_cli list "$@" </dev/null
}

cmd_cli() {
  [[ $# -ge 1 ]] || die "usage: $SELF cli ACTION [OPTIONS] [ARGS] (the arguments of bin/flink)"
  check_java
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
