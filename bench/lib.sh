# Shared by the bench scripts: start the packaged app on an empty data directory (embedded PostgreSQL), stop it on
# exit. Sets $base and $data; the ADMIN key is "bench-admin-key-0123456789abcdefghij" (at least 32 characters).
# a free port unless BENCH_PORT names one: other servers may run on this machine
port=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
base="http://127.0.0.1:$port"

start_app() { # extra JVM options…; BENCH_APP names another packaged app's directory (a build to compare with)
  local jar=${BENCH_APP:-target/quarkus-app}/quarkus-run.jar
  [ -f "$jar" ] || ./mvnw -B -q package -Dmaven.test.skip=true
  data=${data:-$(mktemp -d)} # a second start (a restart) keeps the data directory
  KAOPING_DATA_DIR="$data" KAOPING_BOOTSTRAP_API_KEY=bench-admin-key-0123456789abcdefghij QUARKUS_HTTP_PORT=$port \
    java "$@" -jar "$jar" > "$data/app.log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
  for _ in $(seq 1 180); do curl -sf "$base/q/health/ready" >/dev/null && return; sleep 1; done
  echo "the app did not start:" >&2; grep -m3 -i "error\|exception" "$data/app.log" >&2
  exit 1
}

# SQL as the embedded server's superuser (psql needed)
sql() {
  PGPASSWORD=$(cat "$data/postgres.password") psql -q -h 127.0.0.1 -p "$(sed -n 4p "$data/postgres/postmaster.pid")" \
    -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

json() { curl -sf -H 'Content-Type: application/json' -H "X-API-Key: $1" -d @- "$base$2"; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
