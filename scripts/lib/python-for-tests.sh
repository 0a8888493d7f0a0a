#!/usr/bin/env bash
# Prints the path of a Python with the system tests' packages (pytest, schemathesis), in a venv under .build-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import pytest, schemathesis, playwright, websockets" >/dev/null 2>&1; then
  "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/System/requirements.txt >&2
fi
echo "$PWD/$venv/bin/python"
