# Shared by the bench scripts: start the packaged app on an empty data directory (embedded PostgreSQL), stop it on
# exit. Sets $base and $data; the ADMIN key is "bench-admin-key-0123456789abcdefghij" (at least 32 characters).
port=${KAOPING_BENCH_PORT:-18080}
base="http://127.0.0.1:$port"

start_app() { # extra JVM options…
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
  data=$(mktemp -d)
  # the bench's own KAOPING_BENCH_PORT is no setting of the app, which refuses unknown KAOPING_* variables
  env -u KAOPING_BENCH_PORT KAOPING_DATA_DIR="$data" KAOPING_BOOTSTRAP_API_KEY=bench-admin-key-0123456789abcdefghij \
    QUARKUS_HTTP_PORT=$port java "$@" -jar target/quarkus-app/quarkus-run.jar > "$data/app.log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 60); do curl -sf "$base/q/health/ready" >/dev/null && return; sleep 1; done
  echo "the app did not start; see $data/app.log" >&2
  exit 1
}

json() { curl -sf -H 'Content-Type: application/json' -H "X-API-Key: $1" -d @- "$base$2"; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
