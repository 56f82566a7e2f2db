#!/bin/bash
# A real cutover on one machine: builds the sandbox target (sshd, nginx, mariadbd, the old
# scheduler, BiScheduler ready to deploy) in .sandbox/ and starts the app on H2 with that
# target configured as "sandbox". Run as root after scripts/install-dependencies.sh.
#
#   CUTOVER_ADMIN_PASSWORD=change-me scripts/demo.sh
#
# Ctrl-C stops the app and the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CUTOVER_ADMIN_PASSWORD:?set CUTOVER_ADMIN_PASSWORD to the password you will log in with (user admin)}"
sandbox=${SANDBOX_DIR:-$PWD/.sandbox}
if [ -f "$sandbox/sandbox.env" ]; then
  scripts/sandbox.sh down "$sandbox"
fi
rm -rf "$sandbox"
scripts/sandbox.sh up "$sandbox"
trap 'scripts/sandbox.sh down "$sandbox"' EXIT
echo "Start a run in Tasklist with target 'sandbox'; the old scheduler answers at $(grep BASE_URL "$sandbox/sandbox.env" | cut -d= -f2)/scheduler/"
echo "Users: ops1 (ops), manager1 (managers), auditor1 (auditors), all with the password in CUTOVER_ADMIN_PASSWORD"
# the demo's people, one per group, so approval and operation stay with different users
users="--cutover.users.ops1.password=env:CUTOVER_ADMIN_PASSWORD --cutover.users.ops1.groups=ops"
users="$users --cutover.users.manager1.password=env:CUTOVER_ADMIN_PASSWORD --cutover.users.manager1.groups=managers"
users="$users --cutover.users.auditor1.password=env:CUTOVER_ADMIN_PASSWORD --cutover.users.auditor1.groups=auditors"
mvn -q -B spring-boot:run -Dspring-boot.run.arguments="--spring.config.additional-location=file:$sandbox/cutover-sandbox.yml $users"
