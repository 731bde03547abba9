#!/usr/bin/env bash
# Starts and stops a single-node Apache Kafka broker (KRaft, plain text, 127.0.0.1 only) for tests
# and CI, without Docker: the broker's jars come from Maven Central through Maven.
#
#   bash scripts/kafka-local.sh start   # prints the bootstrap address (e.g. 127.0.0.1:19092)
#   bash scripts/kafka-local.sh stop    # stops the broker and deletes its data
#   bash scripts/kafka-local.sh status  # prints the address when a broker runs, exits 1 otherwise
#
# `start` prints the address as its only line on stdout (progress goes to stderr), so callers can
# do `brokers=$(bash scripts/kafka-local.sh start)`. It is idempotent and safe to call from
# several processes at once (a flock on .kafka/lock): a broker that already runs and answers is
# reused (a broker of another version or port is restarted). Needs java 17+, mvn, node and the
# repo's node_modules (kafkajs).
#
# Environment:
#   KAFKA_BROKERS     use this existing cluster: `start` prints it, `stop` does nothing
#   KAFKA_VERSION     Apache Kafka version (default 4.2.0; 3.9.x works too)
#   KAFKA_LOCAL_PORT  client port (default 19092); the controller listens on the next port
#
# Files under .kafka/ (gitignored): lib-<version>/ jars, data/ log dirs, server.properties,
# kafka.pid, kafka.address, kafka.version, kafka.log, lock. See docs/kafka.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
helpers="$repo/scripts/kafka"
state="$repo/.kafka"
version="${KAFKA_VERSION:-4.2.0}"
port="${KAFKA_LOCAL_PORT:-19092}"
controller_port=$((port + 1))
address="127.0.0.1:$port"
lib="$state/lib-$version"
data="$state/data"
pid_file="$state/kafka.pid"
address_file="$state/kafka.address"
version_file="$state/kafka.version"
log_file="$state/kafka.log"
ready_timeout_ms=60000

log() { echo "kafka-local: $*" >&2; }
die() {
  log "$*"
  exit 1
}

is_kafka_3() { [[ "$version" == 3.* ]]; }

# Serialises start and stop across processes (jest workers start the broker concurrently).
# The lock is released when this script exits; the broker must not inherit the descriptor.
take_lock() {
  mkdir -p "$state"
  exec 9>"$state/lock"
  flock -w 600 9 || die "timed out waiting for $state/lock"
}

# True while the process runs the broker. Checking the command line guards against a pid recycled
# after a crash, and is false for a zombie (an exited broker this very script has not reaped).
is_broker() {
  grep -qa 'kafka.Kafka' "/proc/$1/cmdline" 2>/dev/null
}

# The pid of the broker this script started, if that process still runs it.
running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! is_broker "$pid"; then return 1; fi
  echo "$pid"
}

wait_until_ready() {
  local pid="$1" broker="$2"
  # kafkajs 2.2.4 sets a negative timer on Node 24 (kafkajs issue #1751): harmless, but noisy.
  node --disable-warning=TimeoutNegativeWarning "$helpers/ready.mjs" --broker "$broker" --timeout-ms "$ready_timeout_ms" --pid "$pid"
}

print_log_tail() {
  [[ -f "$log_file" ]] || return 0
  log "last lines of $log_file:"
  tail -n 40 "$log_file" >&2
}

# A clean CI machine may lack the JDK or Maven: install them from Debian when root, else say what
# to install.
require_tools() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  if [[ ! -f "$lib/.complete" ]] && ! command -v mvn >/dev/null; then missing+=(maven); fi
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "needs ${missing[*]} (Java 17+ and Maven); install them and run again"
  fi
  log "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

fetch_jars() {
  if [[ -f "$lib/.complete" ]]; then return; fi
  log "fetching Apache Kafka $version jars from Maven Central into ${lib#"$repo"/}"
  local tmp="$lib.partial" args=()
  is_kafka_3 && args+=(-Dkafka.logging=reload4j)
  rm -rf "$tmp"
  # Maven writes its messages to stdout; keep stdout for the address alone. Maven 3.8 prints stray
  # colour resets even in quiet batch mode, hence the sed.
  mvn -B -q -f "$helpers/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$version" -DoutputDirectory="$tmp" "${args[@]}" 2>&1 |
    sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2 || {
    rm -rf "$tmp"
    die "could not resolve org.apache.kafka:kafka_2.13:$version (is KAFKA_VERSION a released version?)"
  }
  rm -rf "$lib"
  mv "$tmp" "$lib"
  touch "$lib/.complete"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Kafka cluster ids are 16 random bytes in unpadded base64url; one starting with "-" would read
# as an option on the command line, so draw again (as Kafka's own Uuid.randomUuid does).
new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [[ "$id" != -* ]] && break
  done
  echo "$id"
}

write_config() {
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$data|g" \
    "$helpers/server.properties" >"$state/server.properties"
  is_kafka_3 || cat "$helpers/server-4.x.properties" >>"$state/server.properties"
}

java_logging_option() {
  if is_kafka_3; then
    echo "-Dlog4j.configuration=file:$helpers/log4j.properties"
  else
    echo "-Dlog4j2.configurationFile=$helpers/log4j2.properties"
  fi
}

launch_broker() {
  local logging
  logging="$(java_logging_option)"
  rm -rf "$data"
  write_config
  log "formatting ${data#"$repo"/}"
  java -Xmx256m -XX:+UseSerialGC "$logging" -cp "$lib/*" kafka.tools.StorageTool \
    format -t "$(new_cluster_id)" -c "$state/server.properties" --ignore-formatted >"$log_file" 2>&1 ||
    {
      print_log_tail
      die "formatting the storage failed"
    }
  log "starting Apache Kafka $version on $address"
  # setsid + no inherited stdio or lock descriptor: the broker outlives the caller (a jest worker)
  # and does not keep the caller's output pipe open.
  setsid java -Xms256m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "$logging" -cp "$lib/*" \
    kafka.Kafka "$state/server.properties" </dev/null >>"$log_file" 2>&1 9>&- &
  echo $! >"$pid_file"
  echo "$address" >"$address_file"
  echo "$version" >"$version_file"
}

start() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    log "using the existing cluster in KAFKA_BROKERS"
    echo "$KAFKA_BROKERS"
    return
  fi
  take_lock
  local pid running
  if pid="$(running_pid)"; then
    running="$(cat "$address_file" "$version_file" 2>/dev/null | paste -sd " " || true)"
    if [[ "$running" != "$address $version" ]]; then
      log "the running broker ($running) is not the one asked for ($address $version); restarting it"
      stop_locked
    elif wait_until_ready "$pid" "$address"; then
      echo "$address"
      return
    else
      log "broker $pid does not answer; restarting it"
      stop_locked
    fi
  fi
  if port_in_use "$port" || port_in_use "$controller_port"; then
    die "port $port or $controller_port is taken by another process; set KAFKA_LOCAL_PORT"
  fi
  local started=$SECONDS
  require_tools
  fetch_jars
  launch_broker
  pid="$(cat "$pid_file")"
  if ! wait_until_ready "$pid" "$address"; then
    print_log_tail
    stop_locked
    die "the broker did not come up"
  fi
  log "ready after $((SECONDS - started)) s (pid $pid, log ${log_file#"$repo"/})"
  echo "$address"
}

stop_locked() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping broker $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while is_broker "$pid" && ((waited < 200)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if is_broker "$pid"; then
      log "broker $pid ignored SIGTERM for 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$data" "$pid_file" "$address_file" "$version_file"
}

stop() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    log "KAFKA_BROKERS is set: nothing local to stop"
    return
  fi
  [[ -d "$state" ]] || return 0
  take_lock
  stop_locked
}

status() {
  local pid
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    echo "$KAFKA_BROKERS"
  elif pid="$(running_pid)"; then
    log "broker $pid runs"
    cat "$address_file"
  else
    log "no local broker runs"
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
