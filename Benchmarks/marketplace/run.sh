#!/usr/bin/env bash
# The Ozon channel's figures (issue: channels, part 2) against the contract server, release build:
#   Benchmarks/marketplace/run.sh [--postgres URL] [--chats N] [--messages N] [--rate N] [--probes N]
# first sync of 1,000 chats x 20 messages with the server limited to 50 requests/s (time against the floor the rate
# sets, peak RSS), a pushed message visible in the API (p50/p95), a reply handed to Ozon (p50/p95). Prints one JSON
# line; docs/BENCHMARKS.md records it. KEFU_BENCH_BIN=path runs that binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/release-binary.sh
exec "$(scripts/lib/python-for-tests.sh)" Benchmarks/marketplace/bench_ozon.py "$@"
