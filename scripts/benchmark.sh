#!/bin/bash
# Downtime benchmark: the product's cutover through the engine against the runbook's bare
# commands, N times each (default 5), alternating, each on a fresh sandbox target. Prints the
# medians and the product/floor ratios and writes them to bench/results/latest.md.
# Run as root after scripts/install-dependencies.sh:   scripts/benchmark.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086 # BENCHMARK_OPTS holds several Maven options
mvn -B -q -ntp test -Dtest=CutoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.runs="${1:-5}" \
  -DredirectTestOutputToFile=false -DtrimStackTrace=false ${BENCHMARK_OPTS:-}
cat bench/results/latest.md
