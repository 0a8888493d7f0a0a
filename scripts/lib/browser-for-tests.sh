#!/usr/bin/env bash
# Prints the path of Debian's chromium for the browser tests, installing it (and CJK fonts, so Chinese renders in
# the screenshots) as root when missing. Playwright's own browser download cannot work here. Prints nothing when no
# chromium can be had.
set -euo pipefail

if [ -n "${KEFU_CHROMIUM:-}" ] && [ -x "$KEFU_CHROMIUM" ]; then
  echo "$KEFU_CHROMIUM"
  exit 0
fi
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ]; then
    echo "browser: installing chromium and fonts-noto-cjk" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >&2
  else
    echo "browser: chromium or fonts-noto-cjk missing and not root; install them with apt-get" >&2
  fi
fi
command -v chromium || true
