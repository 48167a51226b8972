#!/usr/bin/env bash
# Issue 6, acceptance 1, and issue 14, acceptance 2, at full size: the migration pipeline against four
# concurrent protocol writers, 50,000 routed documents (or $1) on a 3-shard source migrated to a
# 2-shard target, the node restarted once in the middle of each backfill, ten seeds (copy and
# re-embed alternating). CI runs the same tests at their small default size (1,500).
set -euo pipefail
cd "$(dirname "$0")/.."
export VECTORREINDEX_STRESS_DOCS="${1:-50000}"
export VECTORREINDEX_STRESS_REPORT="$(mktemp)"
trap 'rm -f "$VECTORREINDEX_STRESS_REPORT"' EXIT
start=$(date +%s)
status=0
dotnet test tests/VectorReindex.PowerShell.Tests -c Release --filter "FullyQualifiedName~MigrationUnderLoadTests" --logger "console;verbosity=normal" || status=$?
echo
echo "Per seed ($VECTORREINDEX_STRESS_DOCS documents):"
sort -n -k2 "$VECTORREINDEX_STRESS_REPORT"
echo "Wall time: $(( $(date +%s) - start )) s (build included)"
exit $status
