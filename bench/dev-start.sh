#!/usr/bin/env bash
# Measures how long `./baton dev` takes until GET /health answers 200, and the resident memory of
# its processes (the JVM with Kafka and the coordinator, the registry child, Redis), over N runs.
# Usage: bench/dev-start.sh [runs=3]. Builds first, so that the build is not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
./baton build > /dev/null

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

echo "run  health_s  stack_ms  jvm_rss_mb  registry_rss_mb  redis_rss_mb"
for run in $(seq 1 "$runs"); do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log=$(mktemp)
  start=$(date +%s%N)
  ./baton dev --http-port "$port" > "$log" 2>&1 &
  jvm=$!
  until curl -fsS "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.1; done
  end=$(date +%s%N)
  registry=$(pgrep -P "$jvm" -f quarkus-run.jar)
  redis=$(pgrep -P "$jvm" -f redis-server)
  printf "%3d  %8.2f  %8s  %10d  %15d  %12d\n" "$run" \
    "$(echo "($end - $start) / 1000000000" | bc -l)" \
    "$(grep -oE 'Stack ready in [0-9]+' "$log" | grep -oE '[0-9]+$')" \
    $(($(rss_kb "$jvm") / 1024)) $(($(rss_kb "$registry") / 1024)) $(($(rss_kb "$redis") / 1024))
  kill -TERM "$jvm"
  wait "$jvm" || true
  rm -f "$log"
done
