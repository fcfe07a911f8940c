#!/usr/bin/env bash
# A real Apache Kafka broker for local tests and the relay benchmark: one KRaft node (broker and
# controller in one JVM) on 127.0.0.1. The broker's jars come from Maven Central through Maven
# (no Docker here, no release tarballs), resolved once into .servers/kafka/lib-<version>.
#
#   scripts/kafka.sh install   resolve the broker's jars once (cached)
#   scripts/kafka.sh start     install if needed, format storage once, start, wait for connections
#   scripts/kafka.sh stop      stop the broker started for this port
#   scripts/kafka.sh status    exit 0 and print host:port when running, exit 3 when not
#   scripts/kafka.sh reset     stop and delete this port's data (topics and offsets)
#
# Environment: KAFKA_PORT (default 9092; the controller listens on KAFKA_PORT+1),
# KAFKA_VERSION (default below), KAFKA_HEAP (default 512m), KAFKA_START_TIMEOUT seconds
# (default 60). One broker per port: its pid file, log, config and data are named after the port,
# so suites on different ports do not meet. Topics are not created automatically: the relay
# creates its topics with the partition count it is configured with.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
base="$root/.servers/kafka"
version="${KAFKA_VERSION:-3.9.1}"
port="${KAFKA_PORT:-9092}"
controller_port="$((port + 1))"
heap="${KAFKA_HEAP:-512m}"
start_timeout="${KAFKA_START_TIMEOUT:-60}"
lib="$base/lib-$version"
pid_file="$base/run/kafka-$port.pid"
log_file="$base/logs/kafka-$port.log"
conf_dir="$base/conf/$port"
data_dir="$base/data/$port"

mkdir -p "$base/run" "$base/logs" "$conf_dir"

server_name=kafka
process_match=kafka.Kafka
stop_timeout=20
# shellcheck source=lib/local-server.sh
. "$root/scripts/lib/local-server.sh"

install() {
  if [ -f "$lib/.complete" ]; then
    return 0
  fi
  command -v java >/dev/null || { say "java is not installed; Kafka $version needs Java 17"; exit 1; }
  command -v mvn >/dev/null || { say "mvn is not installed; it resolves Kafka $version from Maven Central"; exit 1; }
  say "resolving Apache Kafka $version (kafka_2.13 and its runtime dependencies) from Maven Central (once)"
  local started work
  started=$(date +%s)
  work="$base/resolve-$version"
  rm -rf "$work" "$lib.partial"
  mkdir -p "$work"
  # A throwaway pom whose only job is to name the broker; Maven resolves the rest. slf4j-reload4j
  # gives the broker a logger (Kafka 3.x logs through log4j 1 syntax).
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>setia.local</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
EOF
  (cd "$work" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib.partial") \
    >"$base/logs/resolve-$version.log" 2>&1 || {
    say "Maven could not resolve Kafka $version; last lines of $base/logs/resolve-$version.log:"
    tail -n 20 "$base/logs/resolve-$version.log" >&2
    exit 1
  }
  ls "$lib.partial"/kafka_2.13-*.jar >/dev/null 2>&1 || { say "kafka_2.13-$version.jar missing after resolution"; exit 1; }
  rm -rf "$lib"
  mv "$lib.partial" "$lib"
  touch "$lib/.complete"
  rm -rf "$work"
  say "resolved $(ls "$lib"/*.jar | wc -l) jars into $lib in $(($(date +%s) - started)) s"
}

write_config() {
  cat >"$conf_dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data_dir
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=104857600
num.network.threads=2
num.io.threads=4
EOF
  cat >"$conf_dir/log4j.properties" <<EOF
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$log_file
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
EOF
}

java_args() {
  java_cmd=(java "-Xms${heap}" "-Xmx${heap}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$conf_dir/log4j.properties" "-Dkafka.logs.dir=$base/logs"
    -cp "$lib/*")
}

format_storage() {
  [ -f "$data_dir/meta.properties" ] && return 0
  mkdir -p "$data_dir"
  # A cluster id is 16 random bytes in URL-safe base64 without padding, as `random-uuid` prints,
  # and, like it, never starting with '-': the tool would read such an id as an option (one start
  # in 64 failed so).
  local cluster_id="-"
  while [ "${cluster_id#-}" != "$cluster_id" ]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  java_args
  "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$conf_dir/server.properties" \
    >>"$log_file" 2>&1 || {
    say "formatting storage in $data_dir failed; last lines of $log_file:"
    tail -n 20 "$log_file" >&2
    exit 1
  }
}

started_since() {
  tail -c +"$(($1 + 1))" "$log_file" 2>/dev/null | grep -q "Kafka Server started" && accepts_connections "$port"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    say "already running on 127.0.0.1:$port (pid $pid)"
    echo "127.0.0.1:$port"
    return 0
  fi
  rm -f "$pid_file"
  for p in "$port" "$controller_port"; do
    if accepts_connections "$p"; then
      say "127.0.0.1:$p is taken by another process; choose another KAFKA_PORT"
      exit 1
    fi
  done
  install
  write_config
  format_storage
  # Only what this start writes to the log counts when looking for the ready line.
  local log_offset
  log_offset="$(stat -c %s "$log_file" 2>/dev/null || echo 0)"
  # The broker must not inherit the lock (fd 9), or the next start or stop would wait for it.
  java_args
  setsid nohup "${java_cmd[@]}" kafka.Kafka "$conf_dir/server.properties" \
    </dev/null >>"$log_file" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$pid_file"
  # The listener opens before the broker has registered with its controller; wait for the
  # line that says the broker is ready to serve, then for the port.
  wait_until_ready "$pid" started_since "$log_offset"
  say "running on 127.0.0.1:$port (pid $pid, log $log_file)"
  echo "127.0.0.1:$port"
}

stop() { stop_server; }

status() { server_status "127.0.0.1:$port"; }

reset() {
  stop
  rm -rf "$data_dir"
  say "deleted $data_dir"
}

# One start or stop at a time per port, so two suites starting together get one broker.
exec 9>"$base/run/kafka-$port.lock"
case "${1:-}" in
  install) flock 9; install ;;
  start) flock 9; start ;;
  stop) flock 9; stop ;;
  status) status ;;
  reset) flock 9; reset ;;
  *) echo "usage: $0 install|start|stop|status|reset" >&2; exit 2 ;;
esac
