#!/usr/bin/env bash
# The e-mail channel's figures (issue: channels, part 1) against the local Dovecot and Postfix, release build:
#   Benchmarks/mail/run.sh [--postgres URL] [--messages N] [--probes N] [--outage-replies N] [--outage-seconds N]
# first sync of a 10,000-message mailbox (time, peak RSS), new mail visible through IDLE (p50/p95), a reply handed to
# SMTP (p50/p95), and 1,000 replies queued through a 30 s SMTP outage (delivered once each). Prints one JSON line;
# docs/BENCHMARKS.md records it. Needs root (it starts the mail servers). KEFU_BENCH_BIN=path runs that binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/release-binary.sh
eval "$(scripts/lib/mail-for-tests.sh)"
[ -n "${KEFU_TEST_MAIL_HOST:-}" ] || { echo "The mail servers could not be started." >&2; exit 1; }
exec "$(scripts/lib/python-for-tests.sh)" Benchmarks/mail/bench_mail.py "$@"
