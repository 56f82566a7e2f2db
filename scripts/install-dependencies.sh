#!/bin/bash
# Installs, on a Debian machine and as root, everything the build, the tests and the sandbox target
# need: a JDK and Maven when missing, a real OpenSSH server, nginx, MariaDB, the tools the runbook's
# scripts use, the model linter, and headless Chromium with playwright-core for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(openssh-server openssh-client nginx mariadb-server mariadb-client curl iproute2 procps sudo gunicorn uwsgi-core uwsgi-plugin-python3
          python3 gzip coreutils util-linux cron supervisor tmux screen docker-compose chromium fonts-dejavu-core shellcheck)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# the build: a JDK 17 or newer (Debian's default: 17 on Debian 12, 21 on Debian 13) and Maven
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ "${java_major:-0}" -lt 17 ] || ! command -v javac >/dev/null 2>&1; then packages+=(default-jdk-headless); fi
command -v mvn >/dev/null 2>&1 || packages+=(maven)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  # No daemon is started here, with or without systemd: the tests start their own sshd, nginx and
  # mariadbd on free ports. A policy-rc.d that answers 101 tells the packages' scripts not to start
  # or enable anything (invoke-rc.d and deb-systemd-invoke ask it); one already there is left alone.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
mkdir -p /run/sshd

# Camunda Modeler's checks (bpmnlint and the Camunda 7 compatibility rules), pinned by lint/package-lock.json.
npm ci --prefix lint --no-audit --no-fund --loglevel=error
# playwright-core drives Debian's chromium (it downloads no browser of its own), pinned by browser/package-lock.json.
npm ci --prefix browser --no-audit --no-fund --loglevel=error
