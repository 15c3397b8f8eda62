#!/usr/bin/env bash
# One command for both side-by-side ratios (loopback only, about a minute
# once Caddy is built; a cold build of Caddy adds about 2 minutes):
#
#   bash bench/run.sh
#
# Prints the machine, the Caddy table and ratio (go run ./bench/caddyload)
# and the Traefik table and ratio (the Yaegi-loaded plugin, TestLoadTraefik).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -h | awk '/^Mem:/{print $2}') RAM, $(go version)"
echo
echo "== Caddy (examples/caddy binary) =="
go run ./bench/caddyload "$@"
echo
echo "== Traefik (plugin through Traefik v3.7's loader, Yaegi) =="
HOOKSTILE_LOAD=1 go -C traefikplugin/traefiktest test -run "^TestLoadTraefik$" -count=1 -v . | grep -E "^(Traefik|route|next|hookstile|unique|idle)"
