#!/usr/bin/env bash
# Issue 6, acceptance 1 at full size: the migration pipeline against four concurrent protocol
# writers, 50,000 documents (or $1), ten seeds (copy and re-embed alternating).
set -euo pipefail
cd "$(dirname "$0")/.."
export VECTORREINDEX_STRESS_DOCS="${1:-50000}"
dotnet test tests/VectorReindex.PowerShell.Tests -c Release --filter "FullyQualifiedName~MigrationUnderLoadTests" --logger "console;verbosity=normal"
