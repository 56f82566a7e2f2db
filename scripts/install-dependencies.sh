#!/bin/bash
# Installs, on a Debian machine and as root, everything the tests and the sandbox target need:
# a real OpenSSH server, nginx, MariaDB, the tools the runbook's scripts use, the model linter, and
# headless Chromium with playwright-core for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(openssh-server openssh-client nginx mariadb-server mariadb-client curl iproute2 procps sudo
          python3 gzip coreutils util-linux cron supervisor tmux screen docker-compose chromium fonts-dejavu-core shellcheck)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  # No daemon is started here: the tests start their own sshd, nginx and mariadbd on free ports.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
mkdir -p /run/sshd

# Camunda Modeler's checks (bpmnlint and the Camunda 7 compatibility rules), pinned by lint/package-lock.json.
npm ci --prefix lint --no-audit --no-fund --loglevel=error
# playwright-core drives Debian's chromium (it downloads no browser of its own), pinned by browser/package-lock.json.
npm ci --prefix browser --no-audit --no-fund --loglevel=error
