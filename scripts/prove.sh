#!/usr/bin/env bash
# Proof suites: starts the whole system on its own CW_HOME (a temp directory; ~/.codewalkers and port 5300 are not
# touched), runs bounded tests against 127.0.0.1 only, prints one table per suite and exits non-zero on any FAIL.
# Not part of ./test.sh.   Usage: scripts/prove.sh security|faults|perf|all
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

suite="${1:-}"
case "$suite" in
  security|perf|all) ;;
  faults) echo "$suite: not built yet" >&2; exit 2 ;;
  *) echo "usage: scripts/prove.sh security|faults|perf|all" >&2; exit 2 ;;
esac

ensure_toolchain
ensure_broker
dotnet build AppHost -c Release -nologo -v quiet
dotnet build proofs -c Release -nologo -v quiet

status=0
if [ "$suite" != perf ]; then
  dotnet proofs/bin/Release/net10.0/Codewalkers.Proofs.dll security || status=$?
fi
if [ "$suite" = all ]; then
  echo "faults: not built yet" >&2
  # Not everything was proven: a security FAIL (1) stays 1, otherwise 2.
  [ "$status" -ne 0 ] || status=2
fi
# perf (alone, or last in all): a FAIL (1) anywhere wins over a suite that could not run (2).
if [ "$suite" = perf ] || [ "$suite" = all ]; then
  perf=0
  dotnet proofs/bin/Release/net10.0/Codewalkers.Proofs.dll perf || perf=$?
  if [ "$perf" -eq 1 ] || [ "$status" -eq 1 ]; then status=1; elif [ "$perf" -ne 0 ]; then status=$perf; fi
fi
exit "$status"
