#!/usr/bin/env bash
# Creates bench/.venv with the Python packages the benchmark's pandas baseline and report need.
# Package sources come from the machine's pip configuration (pip config list); when that configuration names a
# local file:// index, it is used as the only index so pip never waits on an unreachable remote one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"

if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import pandas, numpy, pyarrow, duckdb' 2>/dev/null \
    && [[ "$venv/.requirements" -nt "$requirements" ]]; then
  exit 0
fi

"$python" -m venv "$venv"
index_args=()
configured="$(pip config list 2>/dev/null || true)"
local_index="$(printf '%s\n' "$configured" | grep -Eo "file://[^' ]*simple" | head -n 1 || true)"
if [[ -n "$local_index" ]]; then
  index_args+=(--index-url "$local_index")
fi
"$venv/bin/pip" install --quiet "${index_args[@]}" -r "$requirements"
touch "$venv/.requirements"
echo "bench: Python environment ready in $venv"
