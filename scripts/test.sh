#!/usr/bin/env bash
# The project's one test command (README "Run the tests"): vet and format
# checks, every test of the root module (core, oracles, Caddy module and its
# end-to-end test), every test of the nested Traefik/Yaegi module, and each
# fuzz target for a short fixed number of inputs.
#
#   FUZZTIME=5m bash scripts/test.sh      # longer fuzzing (a duration or a count like 100000x)
#   FUZZTIME=0 bash scripts/test.sh       # no fuzzing
#
# The default is a count, not a duration: with a very short duration the Go
# fuzzer can fail with "context deadline exceeded" while it is still starting.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-2000x}
step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "not gofmt'ed:"; echo "$unformatted"; exit 1
fi

step "go vet (root module and nested test module)"
go vet ./...
go -C traefikplugin/traefiktest vet ./...

step "root module tests (race detector on core)"
go test -race -count=1 ./core/...
# HOOKSTILE_XCADDY=1 (set by .ci/run) adds TestXcaddyBuild, the README's
# xcaddy commands, to examples/caddy: hence the longer timeout.
go test -count=1 -timeout 40m ./...

step "nested module: core under Yaegi, plugin through Traefik's loader"
go -C traefikplugin/traefiktest test -count=1 ./...

if [ "$fuzztime" != "0" ]; then
	# Every package with fuzz targets (go test -fuzz takes one package and one target at a time).
	for dir in $(grep -l '^func Fuzz' $(git ls-files '*_test.go' | grep -v '^traefikplugin/traefiktest/') | xargs -n1 dirname | sort -u); do
		for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go | sed 's/^func //' | sort -u); do
			step "fuzz ./$dir $target for $fuzztime"
			go test "./$dir" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime"
		done
	done
fi
echo
echo "all tests passed"
