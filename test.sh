#!/usr/bin/env bash
# Runs the whole test suite: unit, functional, architecture and end-to-end (the real AppHost with a real broker).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
ensure_toolchain
ensure_broker
ensure_claude_cli

dotnet build Codewalkers.sln -c Release -nologo
# One test project at a time: the end-to-end tests start the whole system and the machines have two cores.
dotnet test Codewalkers.sln -c Release --no-build -nologo -m:1 "$@"
