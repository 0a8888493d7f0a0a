#!/usr/bin/env bash
# The soak (issue: reliability): SOAK_SECONDS (600) of 200 live clients, 50 messages a second and 4 agents replying
# against a release build; prints a line a minute and a JSON summary, exits 1 when memory grows or latency drifts.
#   Benchmarks/soak/run.sh [--postgres URL]
# Results are recorded in docs/BENCHMARKS.md ("The soak"). Not part of scripts/test: it takes ten minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/release-binary.sh
python=$(scripts/lib/python-for-tests.sh)
exec "$python" Benchmarks/soak/soak.py
