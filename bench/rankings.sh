#!/usr/bin/env bash
# Benchmark of GET /api/v1/rankings: PLANS plans of one series (default 500), each of LEAVES targets (default 60) with an
# assessor's score on every target, ranked from the stored data on every call. Prints the time of each of RUNS calls
# after 20 warm-up calls, and their median. Needs python3 (standard library) and curl.
#   bench/rankings.sh [plans, default 500] [leaves, default 60] [runs, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${1:-500}
leaves=${2:-60}
runs=${3:-20}
source bench/lib.sh
start_app

seeded=$(date +%s)
key=$(python3 bench/seed_rankings.py "$base" bench-admin-key-0123456789abcdefghij "$plans" "$leaves")
echo "seeded $plans plans of $leaves targets in $(( $(date +%s) - seeded )) s"
rank() { curl -sf -o "$data/ranking.json" -w '%{time_total}\n' -H "X-API-Key: $key" "$base/api/v1/rankings?year=2021&series=bench"; }
for _ in $(seq 1 20); do rank >/dev/null; done
times=$(for _ in $(seq 1 "$runs"); do rank; done | sort -n)
grep -o '"rank":' "$data/ranking.json" | wc -l | xargs echo "plans ranked:"
echo "GET /rankings, $runs calls (s): $(echo $times | tr '\n' ' ')"
echo "$times" | awk '{a[NR]=$1} END {printf "median: %.3f s, max: %.3f s\n", a[int((NR+1)/2)], a[NR]}'
