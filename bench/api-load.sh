#!/usr/bin/env bash
# Load benchmark of the API's reads: requests/s of the Jinjiang 2021 plan's indicator tree (54 targets, with their
# assignments and evidence counts), its score (an assessor's score on the targets), the plan list, the plan's evidence
# list and its responsibility matrix, each authenticated with an API key and read both as plain JSON and gzipped
# (Accept-Encoding: gzip, as every browser asks; the names ending in .gz), each measured right after
# GET /q/health/live (no authentication, no database) on the same packaged app, so each ratio is taken in one moment
# of the machine's load. Every pair is repeated; the median ratio and the spread are printed. With OTHERS > 0, that
# many other plans (copies of the Jinjiang plan with their trees and assignments, in units of their own) are written
# into the database first with SQL (psql needed). Needs wrk (Debian: apt-get install wrk), python3, curl; only
# localhost is loaded. The JIT needs a while under load before numbers settle, hence the warm-up of every endpoint.
#   bench/api-load.sh [seconds per measurement, default 8] [connections, default 32] [warm-up seconds, default 15]
#                     [repeats, default 3] [other plans, default 0]
# BENCH_PG_STATEMENTS=1 restarts the app once with pg_stat_statements loaded and prints the database's busiest
# statements of the measurements; BENCH_JVM_OPTIONS are given to the app's JVM (e.g. a flight recording).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
connections=${2:-32}
warmup=${3:-15}
repeats=${4:-3}
others=${5:-0}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
source bench/lib.sh
start_app ${BENCH_JVM_OPTIONS:-}
if [ -n "${BENCH_PG_STATEMENTS:-}" ]; then # the database's side: what each statement cost during the measurements
  sql -c "alter system set shared_preload_libraries = 'pg_stat_statements'"
  kill "$app"; wait "$app" || true
  start_app ${BENCH_JVM_OPTIONS:-}
  sql -c "create extension if not exists pg_stat_statements"
fi

read -r key plan unit leaves scored < <(python3 bench/seed_reads.py "$base" bench-admin-key-0123456789abcdefghij)
[ -n "$plan" ] || { echo "could not seed the plan; see $data/app.log" >&2; exit 1; }
if [ "$others" -gt 0 ]; then
  seeded=$(date +%s)
  sql -v plan="$plan" -v unit="$unit" -v n="$others" -f bench/seed_others.sql
  echo "seeded $others other plans in $(( $(date +%s) - seeded )) s"
fi

measure() { # url, extra wrk args…: prints requests/s and p99
  local url=$1; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url" > "$data/wrk.out"
  cat "$data/wrk.out" >> "$data/wrk.txt"
  grep -q 'Non-2xx' "$data/wrk.out" && { echo "non-2xx answers from $url" >&2; cat "$data/wrk.out" >&2; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$data/wrk.out") $(awk '/ 99%/ {print $2}' "$data/wrk.out")"
}
api="$base/api/v1"
# each read as a client that takes gzip (every browser; "…gz") and as one that takes only the plain JSON
reads=(tree "$api/plans/$plan/indicators" score "$api/plans/$plan/score" plans "$api/plans"
       evidence "$api/plans/$plan/evidence" matrix "$api/plans/$plan/responsibility-matrix")
names=(); urls=(); encodings=()
for ((i = 0; i < ${#reads[@]}; i += 2)); do
  names+=("${reads[i]}" "${reads[i]}.gz"); urls+=("${reads[i + 1]}" "${reads[i + 1]}"); encodings+=(identity gzip)
done
# a reference, not an aim: the cheapest authenticated read (who is calling; no database), what any endpoint costs
names+=(me); urls+=("$api/me"); encodings+=(identity)
for i in "${!urls[@]}"; do
  wrk -t2 -c"$connections" -d"${warmup}s" -H "X-API-Key: $key" -H "Accept-Encoding: ${encodings[$i]}" "${urls[$i]}" >/dev/null
done
wrk -t2 -c"$connections" -d"${warmup}s" "$base/q/health/live" >/dev/null
[ -z "${BENCH_PG_STATEMENTS:-}" ] || sql -c "select pg_stat_statements_reset()" >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "wrk -t2 -c$connections -d${seconds}s, $repeats × each pair after ${warmup}s warm-up of each URL;" \
  "$leaves targets, $scored scored; $others other plans"
for i in "${!names[@]}"; do
  for _ in $(seq 1 "$repeats"); do
    read -r health _ < <(measure "$base/q/health/live")
    read -r rate p99 < <(measure "${urls[$i]}" -H "X-API-Key: $key" -H "Accept-Encoding: ${encodings[$i]}")
    echo "${names[$i]} $health $rate $p99"
  done
done | tee "$data/pairs.txt" | awk '{printf "  %-11s health %9.0f/s  read %8.0f/s  p99 %-8s ratio %.3f\n", $1, $2, $3, $4, $3 / $2}'
echo "median ratio (lowest–highest) per read:"
for name in "${names[@]}"; do
  awk -v n="$name" '$1 == n {print $3 / $2}' "$data/pairs.txt" | sort -g | awk -v n="$name" \
    '{a[NR] = $1} END {printf "  %-11s %.3f (%.3f–%.3f)\n", n, a[int((NR + 1) / 2)], a[1], a[NR]}'
done
if [ -n "${BENCH_PG_STATEMENTS:-}" ]; then
  echo "the database's statements during the measurements, by total time (pg_stat_statements):"
  sql -P pager=off -c "select calls, round(total_exec_time::numeric, 1) as total_ms,
    round(mean_exec_time::numeric, 4) as mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 90) as statement
    from pg_stat_statements order by total_exec_time desc limit 12"
fi
