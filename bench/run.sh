#!/usr/bin/env bash
# More open files for thousands of sockets (ignored where the hard limit is lower), then the CLI.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Each server and load process holds one descriptor per connection: the CLI checks counts against this.
export BENCH_OPEN_FILES="$(ulimit -n)"
exec node -r ts-node/register/transpile-only "$(dirname "$0")/cli.ts" "$@"
