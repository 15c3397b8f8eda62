#!/usr/bin/env bash
# One command for both side-by-side ratios (loopback only, about a minute
# once Caddy is built; a cold build of Caddy adds about 2 minutes):
#
#   bash bench/run.sh
#
# Prints the machine, the Caddy table and ratio (go run ./bench/caddyload)
# and the Traefik table and ratio (the Yaegi-loaded plugin, TestLoadTraefik),
# each with a row for store redis:// on a redis-server this script starts,
# and for Caddy a queue-mode route (acceptance with the application down,
# drain, accepted-to-delivered latency).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -h | awk '/^Mem:/{print $2}') RAM, $(go version)"
echo
# A redis-server on loopback for the store redis:// rows (AOF, fsync every
# second), stopped by its pid at the end.
redis_port=$((20000 + RANDOM % 20000))
redis_dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$redis_dir" --save '' --appendonly yes --appendfsync everysec --daemonize no >"$redis_dir/log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; rm -rf "$redis_dir"' EXIT
echo "== Caddy (examples/caddy binary) =="
go run ./bench/caddyload -store "redis://127.0.0.1:$redis_port/0" "$@"
echo
echo "== Traefik (plugin through Traefik v3.7's loader, Yaegi) =="
HOOKSTILE_LOAD=1 go -C traefikplugin/traefiktest test -run "^TestLoadTraefik$" -count=1 -v . | grep -E "^(Traefik|route|next|hookstile|unique|idle)"
echo
echo "== Traefik, store memory vs redis =="
HOOKSTILE_LOAD=1 go -C traefikplugin/traefiktest test -run "^TestLoadTraefikRedis$" -count=1 -v . | grep -E "^(Traefik|route|next|hookstile)"
