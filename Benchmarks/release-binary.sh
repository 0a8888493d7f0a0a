# Sourced by the benchmarks' run.sh: takes `--postgres URL` off the arguments, builds the release binary (or takes
# KEFU_BENCH_BIN) and exports KEFU_BIN and a quiet LOG_LEVEL.
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
