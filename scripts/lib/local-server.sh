# Shared by the scripts that run a real server on 127.0.0.1 for the tests (kafka.sh, ferretdb.sh).
# Sourced, not run. The caller sets: server_name, port, pid_file, log_file, process_match (what the
# server's command line contains), start_timeout and stop_timeout (seconds).

say() { echo "$server_name: $*" >&2; }

# Whether something listens on 127.0.0.1:PORT (default: $port).
accepts_connections() {
  (exec 3<>"/dev/tcp/127.0.0.1/${1:-$port}") 2>/dev/null
}

# The pid of our server for this port, or failure. A pid file can outlive its process and the pid
# be reused: only a process whose command line matches counts.
running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$process_match" || return 1
  echo "$pid"
}

# Waits until the command READY... succeeds; stops the server (and exits) when it dies or the
# start timeout passes, with the end of its log.
wait_until_ready() {
  local pid="$1"
  shift
  local deadline=$(($(date +%s) + start_timeout))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      say "exited while starting; last lines of $log_file:"
      tail -n 20 "$log_file" >&2
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "did not accept connections on 127.0.0.1:$port within ${start_timeout}s; stopping it"
      stop_server >/dev/null 2>&1 || true
      tail -n 20 "$log_file" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# SIGTERM, then SIGKILL after the stop timeout.
stop_server() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    say "not running on port $port"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 $((stop_timeout * 5))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "did not stop within $stop_timeout s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  say "stopped (pid $pid)"
}

# Exit 0 and print URL when running, exit 3 when not.
server_status() {
  local pid
  if pid="$(running_pid)" && accepts_connections; then
    echo "$1"
    say "running on 127.0.0.1:$port (pid $pid)"
    return 0
  fi
  say "not running on port $port"
  return 3
}
