#!/usr/bin/env bash
# The test command: runs the whole xunit suite against the Release build made by ./setup.sh, then
# prints the plain closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Pv3d.slnx -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -E '^\s+Passed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+Failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
