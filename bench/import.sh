#!/usr/bin/env bash
# Import benchmark: a 考评表 of TARGETS targets (default 5,000) with four responsibilities each, exported by the app
# itself as .xlsx, then imported into another unit by the app started with -Xmx256m. Prints the import's time, the
# heap in use at its highest (jstat samples every 100 ms) and the process's peak RSS. Needs python3, curl and the
# JDK's jstat.
#   bench/import.sh [targets, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${1:-5000}
source bench/lib.sh
start_app -Xmx256m

read -r plan evaluator < <(python3 bench/seed_import.py "$base" bench-admin-key-0123456789abcdefghij "$targets")
curl -sf -H "X-API-Key: $evaluator" -o "$data/table.xlsx" "$base/api/v1/plans/$plan/export?format=xlsx"
unit=$(echo '{"name":"导入单位","kind":"UNIT"}' | json bench-admin-key-0123456789abcdefghij /api/v1/units | field id)

jstat -gc "$app" 100 > "$data/jstat.txt" &
sampler=$!
read -r status seconds < <(curl -s -o "$data/report.json" -w '%{http_code} %{time_total}\n' -H "X-API-Key: $evaluator" \
  -F "file=@$data/table.xlsx" -F "unitId=$unit" -F year=2021 "$base/api/v1/plans/import")
sleep 0.3
kill "$sampler"
[ "$status" = 201 ] || { echo "import answered $status: $(head -c 500 "$data/report.json")" >&2; exit 1; }
heap=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {used = $3 + $4 + $6 + $8; if (used > max) max = used} END {printf "%.0f MiB", max / 1024}' "$data/jstat.txt")
echo "date:          $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, app -Xmx256m"
echo "table:         $targets targets, $(stat -c %s "$data/table.xlsx") bytes (.xlsx exported by the app)"
echo "import:        $seconds s, $(grep -o '"leaves":[0-9]*' "$data/report.json"), $(grep -o '"assignments":[0-9]*' "$data/report.json")"
echo "heap in use:   at most $heap (jstat, every 100 ms)"
echo "app peak RSS:  $(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$app/status")"
