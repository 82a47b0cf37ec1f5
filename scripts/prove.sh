#!/usr/bin/env bash
# Proof suites: starts the whole system on its own CW_HOME (a temp directory; ~/.codewalkers and port 5300 are not
# touched), runs bounded tests against 127.0.0.1 only, prints one table per suite and exits non-zero on any FAIL.
# Not part of ./test.sh.   Usage: scripts/prove.sh security|faults|perf|all
#   scripts/prove.sh faults [kills|hang|missing-signal|usage-limit|disk-full ...] runs only the rows named;
#   scripts/prove.sh perf [step ...] only those steps.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

suite="${1:-}"
case "$suite" in
  security|all) [ $# -eq 1 ] || { echo "usage: scripts/prove.sh $suite (rows and steps are for faults and perf)" >&2; exit 2; } ;;
  faults|perf) ;;
  *) echo "usage: scripts/prove.sh security|faults [row ...]|perf [step ...]|all" >&2; exit 2 ;;
esac

ensure_toolchain
ensure_broker
# The faults suite's agents are the real Claude CLI (against a fake Messages API the suite runs).
case "$suite" in faults|all) ensure_claude_cli ;; esac
dotnet build AppHost -c Release -nologo -v quiet
dotnet build proofs -c Release -nologo -v quiet

run() { dotnet proofs/bin/Release/net10.0/Codewalkers.Proofs.dll "$@"; }
status=0
case "$suite" in
  security|faults|perf) run "$@" || status=$? ;;
  all)
    # Each suite starts the system on its own CW_HOME, one after the other; a FAIL (1) anywhere wins over a suite
    # that could not run (2).
    for one in security faults perf; do
      run "$one" || { code=$?; if [ "$status" -ne 1 ]; then status=$code; fi; }
    done
    ;;
esac
exit "$status"
