#!/usr/bin/env bash
# Compliance guard benchmark (issue: Compliance guard). One corpus, measured in the same run by the Swift guard
# (ordo-one/benchmark, release) and by the Python packages pyahocorasick, ahocorasick-rs and hyperscan.
#   Benchmarks/compliance/run.sh [TERMS]      TERMS lexicon size, default 5000
# Prints the Swift table (ns per message) and one JSON line per Python package; docs/BENCHMARKS.md records them.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/kefu-compliance.XXXXXX)
python3 Benchmarks/compliance/make_corpus.py "$work/corpus" "${1:-5000}"
python3 -m venv "$work/venv" >/dev/null
"$work/venv/bin/pip" install -q pyahocorasick ahocorasick-rs hyperscan
(cd Benchmarks && KEFU_BENCH_CORPUS="$work/corpus" swift package --allow-writing-to-package-directory benchmark \
  --format markdown --filter "ComplianceGuard.*" --filter "TermAutomaton.*" --filter "Lexicon.*" --filter "TextFolding.*" |
  grep -E "^### |Throughput|wall clock|resident")
"$work/venv/bin/python" Benchmarks/compliance/compare.py "$work/corpus"
