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
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
init_script
POM=$SCRIPT_DIR/kafka/pom.xml

PORT=${VECTORLINE_KAFKA_PORT:-59092}
START_TIMEOUT=60
STOP_TIMEOUT=60

check_port "$PORT" 2 "VECTORLINE_KAFKA_PORT must be a TCP port"
CPORT=$((PORT + 1))
init_state kafka

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

init_java

# ---------------------------------------------------------------- helpers

broker_pid() { live_pid "$PIDFILE" "kafka.Kafka $CONF"; } # prints the pid if our broker is alive

ensure_lib() { ensure_maven_lib Kafka "$POM" "$LIB" "$RESOLVE_LOG" kafka_2.13; }

storage_tool() { # storage_tool ARGS...: kafka-storage.sh ARGS...
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="file:$LOG4J_TOOLS" -cp "$LIB/*" kafka.tools.StorageTool "$@"
}

log4j2_console() { # log4j2_console FILE APPENDER TARGET ROOT_LEVEL [LOGGER...]: a Log4j 2 configuration
  # that logs to the console (TARGET: SYSTEM_OUT or SYSTEM_ERR); each LOGGER is limited to WARN
  local file=$1 appender=$2 target=$3 level=$4 logger; shift 4
  {
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/local/kafka.sh; do not edit. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="$appender" target="$target">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="$level"><AppenderRef ref="$appender"/></Root>
EOF
    for logger; do echo "    <Logger name=\"$logger\" level=\"WARN\"/>"; done
    echo '  </Loggers>'
    echo '</Configuration>'
  } >"$file"
}

write_log4j() {
  # The broker: INFO on stdout (the log file), quieter for the chatty loggers.
  log4j2_console "$LOG4J" STDOUT SYSTEM_OUT INFO kafka.request.logger state.change.logger \
    org.apache.kafka.clients org.apache.kafka.common.config org.apache.kafka.common.utils.AppInfoParser \
    kafka.server.KafkaConfig
  # Command-line tools (StorageTool, run-class): warnings only, on stderr.
  log4j2_console "$LOG4J_TOOLS" STDERR SYSTEM_ERR WARN
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
    cid=$(storage_tool random-uuid 2>>"$FORMAT_LOG" | tail -n 1) \
      || die_log "$FORMAT_LOG" "kafka-storage random-uuid failed"
    [[ $cid =~ ^[A-Za-z0-9_-]{22}$ ]] || die_log "$FORMAT_LOG" "kafka-storage random-uuid printed an unexpected cluster id '$cid'"
    echo "$cid" >"$KDIR/cluster.id"
  fi
  rm -rf "$DATA"
  {
    echo "== format $DATA (cluster id $cid, $(date -u +%FT%TZ))"
    storage_tool format -t "$cid" -c "$CONF"
  } >>"$FORMAT_LOG" 2>&1 </dev/null || die_log "$FORMAT_LOG" "kafka-storage format failed"
}

started_since() { # started_since LOG_OFFSET: the broker accepts connections and logged its start after LOG_OFFSET
  port_open "$PORT" && tail -c +"$(($1 + 1))" "$LOG" | grep -q 'Kafka Server started'
}

wait_started() { # wait_started PID LOG_OFFSET
  local rc=0
  wait_for "$START_TIMEOUT" "$1" started_since "$2" || rc=$?
  case $rc in
    0) ;;
    2) rm -f "$PIDFILE"
       die_log "$LOG" "the Kafka broker exited during startup" ;;
    *) die_log "$LOG" "the Kafka broker did not start within ${START_TIMEOUT} s (pid $1 is still running; '$SELF stop' stops it)" ;;
  esac
}

# ---------------------------------------------------------------- commands

cmd_start() {
  lock_state "$KDIR/.lock"
  if broker_pid >/dev/null; then
    # Already running: make sure it is the configuration asked for.
    grep -qxF "listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT" "$CONF" \
      || die "the broker in $KDIR is already running with other ports ($(grep '^listeners=' "$CONF")); run '$SELF stop' first"
    wait_for "$START_TIMEOUT" '' port_open "$PORT" \
      || die_log "$LOG" "the broker process is running but 127.0.0.1:$PORT does not accept connections"
    return 0
  fi
  rm -f "$PIDFILE"
  ports_free VECTORLINE_KAFKA_PORT "$PORT" "$CPORT"
  check_java "Kafka 4.1"
  ensure_lib
  write_log4j
  write_conf
  format_storage

  # Keep one previous log when the current one grows large.
  if [[ -f $LOG ]] && (($(stat -c %s "$LOG") > 50 * 1024 * 1024)); then rotate "$LOG" 1; fi
  touch "$LOG"
  local offset
  echo "== starting Kafka broker on 127.0.0.1:$PORT (controller $CPORT) at $(date -u +%FT%TZ)" >>"$LOG"
  offset=$(stat -c %s "$LOG")
  spawn_daemon "$PIDFILE" "$LOG" \
    "$JAVA" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="file:$LOG4J" \
    -cp "$LIB/*" kafka.Kafka "$CONF" \
    || die_log "$LOG" "the Kafka broker process did not start"
  wait_started "$DAEMON_PID" "$offset"
}

cmd_stop() {
  lock_state "$KDIR/.lock"
  local pid
  if pid=$(broker_pid); then stop_daemon broker "$pid" "$PIDFILE" "$LOG"; fi
  rm -f "$PIDFILE"
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
  check_java "Kafka 4.1"
  lock_state "$KDIR/.lock"
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
