#!/usr/bin/env bash
# Private single-node Apache Kafka 4.1 broker (KRaft, combined broker+controller) for local
# development, integration tests and the demo. The broker's classpath comes from Maven Central
# through the standalone pom deploy/local/kafka/pom.xml (not part of the main build).
#
#   deploy/local/kafka.sh start       resolve jars if needed, format storage once, start the broker
#   deploy/local/kafka.sh stop        stop the broker (SIGTERM, SIGKILL after 60 s)
#   deploy/local/kafka.sh status      exit 0 if running (prints one line), 3 if stopped
#   deploy/local/kafka.sh bootstrap   print the bootstrap servers (127.0.0.1:PORT)
#   deploy/local/kafka.sh run-class MAIN [args...]
#                                     run a main class on the broker classpath, e.g.
#                                     org.apache.kafka.tools.TopicCommand --bootstrap-server ... --list
#
# Environment: VECTORLINE_KAFKA_PORT (default 59092; the controller listens on PORT+1),
# VECTORLINE_STATE_DIR (default <repo>/.vectorline), JAVA_HOME (optional, Java 17+).
# Idempotent and quiet on success; on failure one message (plus a log tail) on stderr and exit 1.
set -Eeuo pipefail

PROG=kafka.sh
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd -P)
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
POM=$SCRIPT_DIR/kafka/pom.xml

PORT=${VECTORLINE_KAFKA_PORT:-59092}
STATE=${VECTORLINE_STATE_DIR:-$REPO/.vectorline}
START_TIMEOUT=60
STOP_TIMEOUT=60

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
RESOLVE_TMP=
trap '[[ -z $RESOLVE_TMP ]] || rm -rf "$RESOLVE_TMP"' EXIT

# shellcheck disable=SC2015
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT < 65535)) || die "VECTORLINE_KAFKA_PORT must be a TCP port, got '$PORT'"
CPORT=$((PORT + 1))
mkdir -p "$STATE/kafka" || die "cannot create state dir $STATE/kafka"
STATE=$(cd "$STATE" && pwd -P)

KDIR=$STATE/kafka
LIB=$KDIR/lib
DATA=$KDIR/data
CONF=$KDIR/server.properties
LOG4J=$KDIR/log4j2.xml
LOG4J_TOOLS=$KDIR/log4j2-tools.xml
LOG=$KDIR/kafka.log
PIDFILE=$KDIR/kafka.pid
RESOLVE_LOG=$KDIR/resolve.log
FORMAT_LOG=$KDIR/format.log

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi

# ---------------------------------------------------------------- helpers

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

broker_pid() { # prints the pid if our broker is alive
  local pid
  [[ -f $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: must be a JVM running kafka.Kafka with our config
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $CONF" || return 1
  echo "$pid"
}

lock_state() {
  exec 9>>"$KDIR/.lock"
  flock -w 600 9 || die "timed out waiting for another $PROG (lock $KDIR/.lock)"
}

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17+ or set JAVA_HOME)"
  local v
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  # shellcheck disable=SC2015
  [[ $v =~ ^[0-9]+$ ]] && ((v >= 17)) || die "Kafka 4.1 needs Java 17+, but '$JAVA' is version '${v:-unknown}'"
}

pom_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

ensure_lib() {
  local stamp
  stamp=$(pom_stamp)
  if [[ -f $LIB/.pom.sha256 && $(<"$LIB/.pom.sha256") == "$stamp" ]] && compgen -G "$LIB/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  local mvn
  if [[ -x $REPO/mvnw ]]; then mvn=$REPO/mvnw
  elif command -v mvn >/dev/null 2>&1; then mvn=mvn
  else die "neither $REPO/mvnw nor mvn found: cannot resolve the Kafka classpath"
  fi
  RESOLVE_TMP=$(mktemp -d "$KDIR/lib.tmp.XXXXXX")
  {
    echo "== resolving Kafka classpath from $POM ($(date -u +%FT%TZ))"
    "$mvn" -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$RESOLVE_TMP"
  } >>"$RESOLVE_LOG" 2>&1 </dev/null || die_log "$RESOLVE_LOG" "resolving the Kafka jars with Maven failed"
  compgen -G "$RESOLVE_TMP/kafka_2.13-*.jar" >/dev/null || die_log "$RESOLVE_LOG" "Maven finished but kafka_2.13 is not in the resolved classpath"
  echo "$stamp" >"$RESOLVE_TMP/.pom.sha256"
  rm -rf "$LIB"
  chmod 755 "$RESOLVE_TMP"
  mv "$RESOLVE_TMP" "$LIB"
  RESOLVE_TMP=
}

write_log4j() {
  cat >"$LOG4J" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/local/kafka.sh on every start; do not edit. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="STDOUT" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="STDOUT"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
    <Logger name="org.apache.kafka.common.config" level="WARN"/>
    <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
    <Logger name="kafka.server.KafkaConfig" level="WARN"/>
  </Loggers>
</Configuration>
EOF
  # Command-line tools (StorageTool, run-class): warnings only, on stderr.
  cat >"$LOG4J_TOOLS" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/local/kafka.sh; do not edit. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="STDERR" target="SYSTEM_ERR">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="WARN"><AppenderRef ref="STDERR"/></Root>
  </Loggers>
</Configuration>
EOF
}

write_conf() {
  # Regenerated on every start so that VECTORLINE_KAFKA_PORT changes take effect.
  cat >"$CONF" <<EOF
# Written by deploy/local/kafka.sh on every start; do not edit.
# Single-node KRaft cluster: this process is both broker and (the only) controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA

# Topics: auto-created with 4 partitions; a single replica everywhere.
auto.create.topics.enable=true
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Flink's exactly-once Kafka sink uses transaction timeouts of up to 1 h (broker default max: 15 min).
transaction.max.timeout.ms=3600000
group.initial.rebalance.delay.ms=0

# Small dev/test box.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
log.segment.bytes=268435456
EOF
}

format_storage() {
  [[ -f $DATA/meta.properties ]] && return 0
  local cid
  if [[ -s $KDIR/cluster.id ]]; then
    cid=$(<"$KDIR/cluster.id")
  else
    cid=$("$JAVA" -Xmx256m -Dlog4j2.configurationFile="file:$LOG4J_TOOLS" -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>>"$FORMAT_LOG" | tail -n 1) \
      || die_log "$FORMAT_LOG" "kafka-storage random-uuid failed"
    [[ $cid =~ ^[A-Za-z0-9_-]{22}$ ]] || die_log "$FORMAT_LOG" "kafka-storage random-uuid printed an unexpected cluster id '$cid'"
    echo "$cid" >"$KDIR/cluster.id"
  fi
  rm -rf "$DATA"
  {
    echo "== format $DATA (cluster id $cid, $(date -u +%FT%TZ))"
    "$JAVA" -Xmx256m -Dlog4j2.configurationFile="file:$LOG4J_TOOLS" -cp "$LIB/*" kafka.tools.StorageTool format -t "$cid" -c "$CONF"
  } >>"$FORMAT_LOG" 2>&1 </dev/null || die_log "$FORMAT_LOG" "kafka-storage format failed"
}

wait_started() { # wait_started PID LOG_OFFSET
  local pid=$1 offset=$2 i
  for ((i = 0; i < START_TIMEOUT * 2; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      die_log "$LOG" "the Kafka broker exited during startup"
    fi
    if port_open "$PORT" && tail -c +"$((offset + 1))" "$LOG" | grep -q 'Kafka Server started'; then
      return 0
    fi
    sleep 0.5
  done
  die_log "$LOG" "the Kafka broker did not start within ${START_TIMEOUT} s (pid $pid is still running; '$SELF stop' stops it)"
}

# ---------------------------------------------------------------- commands

cmd_start() {
  lock_state
  if broker_pid >/dev/null; then
    # Already running: make sure it is the configuration asked for.
    grep -qxF "listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT" "$CONF" \
      || die "the broker in $KDIR is already running with other ports ($(grep '^listeners=' "$CONF")); run '$SELF stop' first"
    local i
    for ((i = 0; i < START_TIMEOUT; i++)); do
      if port_open "$PORT"; then return 0; fi
      sleep 1
    done
    die_log "$LOG" "the broker process is running but 127.0.0.1:$PORT does not accept connections"
  fi
  rm -f "$PIDFILE"
  local p
  for p in "$PORT" "$CPORT"; do
    if port_open "$p"; then die "port 127.0.0.1:$p is in use by another process; stop it or set VECTORLINE_KAFKA_PORT"; fi
  done
  check_java
  ensure_lib
  write_log4j
  write_conf
  format_storage

  # Keep one previous log when the current one grows large.
  if [[ -f $LOG ]] && (($(stat -c %s "$LOG") > 50 * 1024 * 1024)); then mv -f "$LOG" "$LOG.1"; fi
  touch "$LOG"
  local offset pid='' i
  echo "== starting Kafka broker on 127.0.0.1:$PORT (controller $CPORT) at $(date -u +%FT%TZ)" >>"$LOG"
  offset=$(stat -c %s "$LOG")
  # setsid + nohup: not killed with the caller's process group or terminal; no inherited
  # stdio (a Java ProcessBuilder caller would otherwise wait for EOF forever) and no lock fd.
  # The launched shell writes its own pid (= the JVM's pid after exec) to the pid file.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$PIDFILE" \
    "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="file:$LOG4J" \
    -cp "$LIB/*" kafka.Kafka "$CONF" >>"$LOG" 2>&1 </dev/null 9>&- &
  for ((i = 0; i < 100; i++)); do
    if [[ -s $PIDFILE ]]; then pid=$(<"$PIDFILE"); break; fi
    sleep 0.1
  done
  [[ -n $pid ]] || die_log "$LOG" "the Kafka broker process did not start"
  wait_started "$pid" "$offset"
}

cmd_stop() {
  lock_state
  local pid i
  if ! pid=$(broker_pid); then
    rm -f "$PIDFILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 2; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      return 0
    fi
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 1
  rm -f "$PIDFILE"
  echo "== broker pid $pid did not stop within ${STOP_TIMEOUT} s and was killed" >>"$LOG"
}

cmd_status() {
  local pid
  if pid=$(broker_pid) && port_open "$PORT"; then
    echo "kafka: running on 127.0.0.1:$PORT (pid $pid, data: $DATA)"
    exit 0
  fi
  echo "kafka: stopped"
  exit 3
}

cmd_bootstrap() { echo "127.0.0.1:$PORT"; }

cmd_run_class() {
  [[ $# -ge 1 ]] || die "usage: $SELF run-class MAIN_CLASS [args...]"
  check_java
  lock_state
  ensure_lib
  write_log4j
  exec 9>&-
  exec "$JAVA" -Dlog4j2.configurationFile="file:$LOG4J_TOOLS" -cp "$LIB/*" "$@"
}

usage() { echo "usage: $SELF {start|stop|status|bootstrap|run-class MAIN [args...]}" >&2; exit 2; }

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  bootstrap) cmd_bootstrap ;;
  run-class) cmd_run_class "$@" ;;
  *) usage ;;
esac
