#!/usr/bin/env bash
# Runs the whole test suite: unit, functional, architecture and end-to-end (the real AppHost with a real broker).
# ./test.sh --postgres [args]: instead, the PostgreSQL pass: the suites in CW_POSTGRES_SUITES (default: Messaging,
# Errands, Collaboration; the ones that fit CI's time, see docs/architecture.md) with CW_TEST_DATABASE=postgres, each on
# a PostgreSQL server the test process starts from Debian's package.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
postgres=false
if [ "${1:-}" = "--postgres" ]; then postgres=true; shift; fi
ensure_toolchain
ensure_broker
ensure_claude_cli
ensure_codex_cli
ensure_gemini_cli
ensure_opencode_cli
ensure_browser

if [ "$postgres" = true ]; then
  ensure_postgres
  export CW_TEST_DATABASE=postgres
  projects=()
  for suite in ${CW_POSTGRES_SUITES:-Messaging Errands Collaboration}; do projects+=("tests/${suite}.Tests"); done
  for project in "${projects[@]}"; do dotnet build "$project" -c Release -nologo; done
  status=0
  for project in "${projects[@]}"; do
    echo "=== ${project} on PostgreSQL ==="
    dotnet test "$project" -c Release --no-build -nologo "$@" || status=$?
  done
  exit "$status"
fi

dotnet build Codewalkers.sln -c Release -nologo
# One test project at a time: the end-to-end tests start the whole system and the machines have two cores.
# The run is also kept in a log so that, when something fails, its failures are repeated at the end: CI keeps only
# the tail of what it prints, and the failing project may have run first.
log="$(mktemp -t cw-tests.XXXXXX.log)"
status=0
dotnet test Codewalkers.sln -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "=== the tests failed (exit $status); the whole run is in $log ==="
  grep -E "Test Run (Failed|Aborted)|test run was aborted|Test host process crashed|^\s*(Total tests|Failed):|Results File|error [A-Z]+[0-9]+" "$log" | head -60 || true
  echo "--- each failure ---"
  awk '/^  Failed /{shown=1; n=0} /^  Passed /{shown=0} shown && n++ < 80' "$log" | head -600 || true
fi
exit "$status"
