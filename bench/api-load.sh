#!/usr/bin/env bash
# Load benchmark of the API: requests/s of GET /api/v1/plans/{id}/indicators for the Jinjiang 2021 plan (54 targets)
# against GET /q/health/live, in the same run on the same packaged app, so the ratio says what a tree read costs
# over the bare HTTP stack on this machine. Needs wrk (Debian: apt-get install wrk). Only localhost is loaded.
# The JIT (C2) needs about a minute of load before numbers settle on this machine, hence the long warm-up.
#   bench/api-load.sh [seconds per measurement, default 20] [connections, default 16] [warm-up seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-16}
warmup=${3:-60}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
start_app

unit=$(echo '{"name":"泉州市晋江生态环境局","kind":"UNIT","series":"第二系列参评单位"}' | json bench-admin-key-0123456789abcdefghij /api/v1/units | field id)
key=$(echo '{"name":"bench","roles":["EVALUATOR"]}' | json bench-admin-key-0123456789abcdefghij /api/v1/api-keys | field key)
plan=$(sed "s/00000000-0000-0000-0000-000000000000/$unit/" src/test/resources/fixtures/jinjiang-2021-plan.json \
  | json "$key" /api/v1/plans | field id | head -n1)
[ -n "$plan" ] || { echo "could not create the plan; see $data/app.log" >&2; exit 1; }

measure() { # url, extra wrk args…: prints requests/s
  local url=$1; shift
  wrk -t2 -c"$connections" -d"${warmup}s" "$@" "$url" >/dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url" | tee -a "$data/wrk.txt" \
    | awk '/Requests\/sec/ {print $2}'
}
health=$(measure "$base/q/health/live")
tree=$(measure "$base/api/v1/plans/$plan/indicators" -H "X-API-Key: $key")
p99=$(awk '/99%/ {v=$2} END {print v}' "$data/wrk.txt")
echo "date:                $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$connections -d${seconds}s after ${warmup}s warm-up"
echo "GET /q/health/live:  $health req/s"
echo "GET indicator tree:  $tree req/s (p99 $p99)"
awk -v t="$tree" -v h="$health" 'BEGIN {printf "ratio tree/health:   %.3f\n", t / h}'
