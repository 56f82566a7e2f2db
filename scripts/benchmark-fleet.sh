#!/bin/bash
# Fleet benchmark: single cutovers one after another, then fleets of 1, 3 and 5 targets (canary,
# then waves of two), each on fresh sandbox targets, the people's tasks done at once. Prints each
# fleet's wall time against the sum of as many single runs, and every target's longest outage next
# to a single run's, and writes them to bench/results/fleet-latest.md.
# Run as root after scripts/install-dependencies.sh:   scripts/benchmark-fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp test -Dtest=FleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DredirectTestOutputToFile=false -DtrimStackTrace=false
cat bench/results/fleet-latest.md
