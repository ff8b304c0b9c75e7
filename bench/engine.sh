#!/usr/bin/env bash
# JMH benchmark of the scoring engine (trees of 100, 10,000 and 100,000 leaves).
# Usage: bench/engine.sh [JMH options, e.g. -p leaves=100000 -wi 3 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    org.openjdk.jmh.Main EngineBenchmark "$@"
