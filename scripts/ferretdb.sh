#!/usr/bin/env bash
# A real MongoDB-wire-protocol server for local tests: FerretDB 1.x on its embedded SQLite
# backend, built from the Go module proxy (no Docker here, no prebuilt binaries) and run on
# 127.0.0.1. BI tools and the read store's MongoDB adapter talk to it like to MongoDB.
#
#   scripts/ferretdb.sh install   build the binary once (cached under .servers/ferretdb/bin)
#   scripts/ferretdb.sh start     install if needed, start, wait until it accepts connections
#   scripts/ferretdb.sh stop      stop the server started for this port
#   scripts/ferretdb.sh status    exit 0 and print the URL when running, exit 3 when not
#
# Environment: MONGODB_PORT (default 27017), FERRETDB_VERSION (default below),
# FERRETDB_START_TIMEOUT seconds (default 60). One server per port: its pid file, log and data
# are named after the port, so suites on different ports do not meet.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
base="$root/.servers/ferretdb"
version="${FERRETDB_VERSION:-v1.24.2}"
port="${MONGODB_PORT:-27017}"
start_timeout="${FERRETDB_START_TIMEOUT:-60}"
bin="$base/bin/ferretdb-$version"
pid_file="$base/run/ferretdb-$port.pid"
log_file="$base/logs/ferretdb-$port.log"
data_dir="$base/data/$port"
state_dir="$base/state/$port"

mkdir -p "$base/bin" "$base/run" "$base/logs" "$data_dir" "$state_dir"

server_name=ferretdb
process_match=ferretdb
stop_timeout=10
# shellcheck source=lib/local-server.sh
. "$root/scripts/lib/local-server.sh"

install() {
  if [ -x "$bin" ]; then
    return 0
  fi
  command -v go >/dev/null || { say "Go is not installed; it is needed to build FerretDB $version"; exit 1; }
  say "building FerretDB $version from the Go module proxy (a few minutes on 2 cores; once)"
  local started dir src
  started=$(date +%s)
  # The module as published lacks build/version/version.txt (upstream generates it before a
  # release build) and the binary refuses to start without it, so a plain `go install` gives a
  # binary that panics. Build from a writable copy of the module with that file written.
  dir="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" \
    | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || { say "go mod download github.com/FerretDB/FerretDB@$version failed"; exit 1; }
  src="$base/src/$version"
  rm -rf "$src"
  mkdir -p "$base/src"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  echo "$version" >"$src/build/version/version.txt"
  (
    cd "$src"
    GOFLAGS=-buildvcs=false GOTOOLCHAIN=local CGO_ENABLED=0 \
      go build -trimpath -o "$bin.partial" ./cmd/ferretdb
  ) >"$base/logs/build-$version.log" 2>&1 || {
    say "build failed; last lines of $base/logs/build-$version.log:"
    tail -n 20 "$base/logs/build-$version.log" >&2
    exit 1
  }
  mv "$bin.partial" "$bin"
  rm -rf "$src"
  say "built $bin in $(($(date +%s) - started)) s"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    say "already running on 127.0.0.1:$port (pid $pid)"
    echo "mongodb://127.0.0.1:$port"
    return 0
  fi
  rm -f "$pid_file"
  if accepts_connections; then
    say "127.0.0.1:$port is taken by another process; choose another MONGODB_PORT"
    exit 1
  fi
  install
  # Telemetry off and no debug HTTP listener (it would clash between instances); the SQLite
  # backend has no authentication, which is what local tests want. The server must not inherit
  # the lock (fd 9), or the next start or stop would wait for it forever.
  DO_NOT_TRACK=1 setsid nohup "$bin" \
    --handler=sqlite \
    --sqlite-url="file:$data_dir/" \
    --state-dir="$state_dir" \
    --listen-addr="127.0.0.1:$port" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=warn \
    </dev/null >>"$log_file" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$pid_file"
  wait_until_ready "$pid" accepts_connections
  say "running on 127.0.0.1:$port (pid $pid, log $log_file)"
  echo "mongodb://127.0.0.1:$port"
}

stop() { stop_server; }

status() { server_status "mongodb://127.0.0.1:$port"; }

# One start or stop at a time per port, so two suites starting together get one server.
exec 9>"$base/run/ferretdb-$port.lock"
case "${1:-}" in
  install) flock 9; install ;;
  start) flock 9; start ;;
  stop) flock 9; stop ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
