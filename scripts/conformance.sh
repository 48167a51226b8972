#!/usr/bin/env bash
# Runs Elasticsearch's YAML REST tests (../shared/conformance) against a throwaway local node.
# Usage: scripts/conformance.sh [--es-version X.Y.Z] [folder ...] [-- runner options]
#   scripts/conformance.sh                         # every folder, the node's default version
#   scripts/conformance.sh --es-version 8.17.0     # every folder against an 8.17.0 node
#   scripts/conformance.sh bulk index -- --verbose # two folders, verbose
# --es-version is passed to the node (its --es-version); the runner gates tests on the version the node
# reports in GET /.
# The node runs with --destructive-requires-name false, as Elasticsearch's own REST test clusters do
# (their tests delete indices by wildcard); the node's default is true, as in Elasticsearch 8+.
# Exits with the runner's exit code.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
kit="${CONFORMANCE_KIT:-$repo/../shared/conformance}"
[ -x "$kit/run" ] || kit="/work/shared/conformance"

folders=()
runner_args=()
node_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; runner_args=("$@"); break ;;
    --es-version) [ $# -ge 2 ] || { echo "conformance.sh: --es-version needs a version (X.Y.Z)" >&2; exit 2; }
                  node_args+=(--es-version "$2"); shift 2 ;;
    --es-version=*) node_args+=(--es-version "${1#--es-version=}"); shift ;;
    *) folders+=("$1"); shift ;;
  esac
done

dotnet build "$repo/src/VectorReindex.LocalNode" -c Release -nologo -v quiet >/dev/null
dll="$repo/src/VectorReindex.LocalNode/bin/Release/net10.0/VectorReindex.LocalNode.dll"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
log="$(mktemp)"
dotnet "$dll" --port "$port" --destructive-requires-name false "${node_args[@]}" >"$log" 2>&1 &
node_pid=$!
cleanup() { kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  if ! kill -0 "$node_pid" 2>/dev/null; then cat "$log" >&2; exit 2; fi
  sleep 0.1
done

filters=()
for f in "${folders[@]}"; do filters+=(--filter "$f/*"); done
set +e
"$kit/run" --url "http://127.0.0.1:$port" "${filters[@]}" "${runner_args[@]}"
code=$?
set -e
exit $code
