#!/usr/bin/env bash
# kill -9 reliability loop: N cycles (default 10) of start --data / verify / bulk load / kill -9.
# Usage: scripts/kill-cycles.sh [cycles] [size]
#   size (for example 3G, 300M): first load that much document data (the node is killed -9 in the
#   middle of it), so every later restart recovers at least that much. Heavy: 3G needs ~10 GB of RAM.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cycles="${1:-10}"
size="${2:-0}"
dotnet build "$repo/src/VectorReindex.LocalNode" -c Release -nologo -v quiet >/dev/null
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
python3 "$repo/scripts/kill_cycles.py" "$repo/src/VectorReindex.LocalNode/bin/Release/net10.0/VectorReindex.LocalNode.dll" "$data" "$cycles" "$size"
