#!/usr/bin/env bash
# Builds promparse (scripts/promparse: the Prometheus project's own text-format parser behind a
# small command) from the Go module proxy, once, into .servers/promparse/promparse, and prints its
# path. The metrics suite parses Setia's /metrics with it, apart from the library that writes it.
#
#   scripts/promparse.sh install
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.servers/promparse/promparse"
src="$root/scripts/promparse"

if [ ! -x "$bin" ] || [ "$src/main.go" -nt "$bin" ] || [ "$src/go.mod" -nt "$bin" ]; then
  command -v go >/dev/null || { echo "promparse: Go is not installed; it is needed to build the Prometheus parser" >&2; exit 1; }
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$bin.partial" .) >&2
  mv "$bin.partial" "$bin"
fi
echo "$bin"
