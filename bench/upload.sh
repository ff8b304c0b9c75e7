#!/usr/bin/env bash
# Upload benchmark: one large evidence file (default 1 GiB) sent with curl to the app started with -Xmx128m, as
# multipart (POST .../evidence) and as a raw body (POST .../evidence/stream), against dd writing the same file on the
# same disk with conv=fdatasync, in the same run. Prints the times, the ratios of the speeds and the app's peak
# resident memory (VmHWM). The app first takes one upload of each kind of 256 MiB (BENCH_WARMUP_MIB; 0 for none), as a
# server that has run a while has its upload path compiled by the JIT. Needs curl and jq; the data directory is a
# temporary one on the disk of $TMPDIR (default /tmp).
#   bench/upload.sh [size in MiB, default 1024]
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-1024}
source bench/lib.sh
start_app -Xmx128m

file="$data/evidence.pdf"
{ printf '%%PDF-1.7\n'; head -c "$((mib * 1024 * 1024 - 9))" /dev/urandom; } > "$file"
warmup=${BENCH_WARMUP_MIB:-256}
head -c "$((warmup * 1024 * 1024))" "$file" > "$data/warmup.pdf"
sync

dd_start=$(date +%s.%N)
dd if="$file" of="$data/dd-copy" bs=1M conv=fdatasync status=none
dd_seconds=$(awk -v a="$dd_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
rm -f "$data/dd-copy"

unit=$(echo '{"name":"泉州市晋江生态环境局","kind":"UNIT"}' | json bench-admin-key-0123456789abcdefghij /api/v1/units | field id)
evaluator=$(echo '{"name":"bench","roles":["EVALUATOR"]}' | json bench-admin-key-0123456789abcdefghij /api/v1/api-keys | field key)
coordinator=$(echo "{\"name\":\"bench\",\"roles\":[\"UNIT_COORDINATOR\"],\"unitId\":\"$unit\"}" \
  | json bench-admin-key-0123456789abcdefghij /api/v1/api-keys | field key)
plan=$(echo "{\"title\":\"考评表\",\"year\":2021,\"unitId\":\"$unit\",\"indicators\":[{\"name\":\"目标\",\"weight\":100}]}" \
  | json "$evaluator" /api/v1/plans | jq -r .id)
leaf=$(curl -sf -H "X-API-Key: $evaluator" "$base/api/v1/plans/$plan/indicators" | jq -r '.indicators[0].id')
# evidence is taken once the plan is published: somebody answers for the target, then SUBMIT, APPROVE, PUBLISH
assignments="$base/api/v1/plans/$plan/indicators/$leaf/assignments"
etag=$(curl -sf -D - -o /dev/null -H "X-API-Key: $evaluator" "$assignments" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
curl -sf -o /dev/null -X PUT -H "X-API-Key: $evaluator" -H 'Content-Type: application/json' -H "If-Match: $etag" \
  -d '{"items":[{"role":"DEPARTMENT","responsibility":"LEAD","collective":"ALL_DEPARTMENTS"}]}' "$assignments"
for step in "$coordinator SUBMIT" "$evaluator APPROVE" "$evaluator PUBLISH"; do
  set -- $step
  curl -sf -o /dev/null -H "X-API-Key: $1" -H 'Content-Type: application/json' -d "{\"action\":\"$2\"}" \
    "$base/api/v1/plans/$plan/transitions"
done

upload() { # file, curl arguments…: prints the seconds the upload took, after checking the answer
  local status seconds sha
  sha=$(sha256sum "$1" | cut -c1-64)
  shift
  read -r status seconds < <(curl -s -o "$data/answer.json" -w '%{http_code} %{time_total}\n' -H "X-API-Key: $coordinator" "$@")
  [ "$status" = 201 ] || { echo "upload answered $status: $(cat "$data/answer.json")" >&2; exit 1; }
  grep -q "\"sha256\":\"$sha\"" "$data/answer.json" || { echo "wrong SHA-256" >&2; exit 1; }
  echo "$seconds"
}
target="$base/api/v1/plans/$plan/indicators/$leaf/evidence"
if [ "$warmup" -gt 0 ]; then
  upload "$data/warmup.pdf" -F "file=@$data/warmup.pdf;filename=warmup.pdf" "$target" > /dev/null
  upload "$data/warmup.pdf" -T "$data/warmup.pdf" -X POST -H 'Content-Type: application/octet-stream' "$target/stream?filename=warmup.pdf" > /dev/null
  rm -f "$data/warmup.pdf"
fi
upload_seconds=$(upload "$file" -F "file=@$file;filename=验收报告.pdf" "$target")
stream_seconds=$(upload "$file" -T "$file" -X POST -H 'Content-Type: application/octet-stream' "$target/stream?filename=report.pdf")
peak=$(awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$app/status")

echo "date:          $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, file $mib MiB, app -Xmx128m, warm-up $warmup MiB"
awk -v m="$mib" -v d="$dd_seconds" -v u="$upload_seconds" -v r="$stream_seconds" 'BEGIN {
  printf "dd fdatasync:  %.2f s (%.0f MiB/s)\n", d, m / d
  printf "multipart:     %.2f s (%.0f MiB/s), %.2f of dd\x27s speed, SHA-256 checked\n", u, m / u, d / u
  printf "raw (stream):  %.2f s (%.0f MiB/s), %.2f of dd\x27s speed, SHA-256 checked\n", r, m / r, d / r }'
echo "app peak RSS:  $peak"
