#!/usr/bin/env bash
# One bench run (see docs/PERFORMANCE.md): fixtures, JMH (every benchmark, C2 and C1 forks, -prof gc), then the
# Node peer on the same tokens and JWKS. Build first:
#   ./mvnw -B -pl bench -am package -DskipTests && npm ci --prefix bench/node
# Usage: bench/run.sh [extra JMH args, e.g. a benchmark regexp such as 'DecisionBench']
# Env: JAVA (default: java on PATH), JMH_OPTS (default: -wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"
JMH_OPTS="${JMH_OPTS:--wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc}"
OUT=bench/target/results
mkdir -p "$OUT"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"

"$JAVA" -cp bench/target/benchmarks.jar dev.tokengate.bench.Fixtures bench/target/fixtures.json
export TOKENGATE_BENCH_FIXTURES="$PWD/bench/target/fixtures.json"

# shellcheck disable=SC2086
"$JAVA" -jar bench/target/benchmarks.jar $JMH_OPTS -rf json -rff "$OUT/jmh-$STAMP.json" "$@" \
  | tee "$OUT/jmh-$STAMP.txt"

if [ -d bench/node/node_modules/aws-jwt-verify ]; then
  node bench/node/verify.mjs bench/target/fixtures.json 3 5 | tee "$OUT/node-$STAMP.txt"
else
  echo "Node peer skipped: run  npm ci --prefix bench/node  first" >&2
fi
python3 bench/report.py "$OUT/jmh-$STAMP.json" "$OUT/node-$STAMP.txt" | tee "$OUT/report-$STAMP.md"
