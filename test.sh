#!/usr/bin/env bash
# The test command: runs the whole xunit suite against the Release build made by ./setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec dotnet test Pv3d.slnx -c Release -nologo --logger "console;verbosity=normal" "$@"
