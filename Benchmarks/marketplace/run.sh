#!/usr/bin/env bash
# The Ozon channel's figures (issue: channels, part 2) against the contract server, release build:
#   Benchmarks/marketplace/run.sh [--postgres URL] [--chats N] [--messages N] [--rate N] [--probes N]
# first sync of 1,000 chats x 20 messages with the server limited to 50 requests/s (time against the floor the rate
# sets, peak RSS), a pushed message visible in the API (p50/p95), a reply handed to Ozon (p50/p95). Prints one JSON
# line; docs/BENCHMARKS.md records it. KEFU_BENCH_BIN=path runs that binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--postgres" ]; then
  export DATABASE_URL=${2:?--postgres needs a URL}
  shift 2
fi
if [ -n "${KEFU_BENCH_BIN:-}" ]; then
  export KEFU_BIN=$KEFU_BENCH_BIN
else
  swift build -c release --product kefu 2>&1 | tail -1
  export KEFU_BIN="$(swift build -c release --show-bin-path)/kefu"
fi
export LOG_LEVEL=error
exec "$(scripts/lib/python-for-tests.sh)" Benchmarks/marketplace/bench_ozon.py "$@"
