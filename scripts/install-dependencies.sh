#!/bin/bash
# Installs, on a Debian machine and as root, everything the build, the tests and the sandbox target
# need: a JDK and Maven when missing, a Node the pinned npm packages accept, a real OpenSSH server,
# nginx, MariaDB, the tools the runbook's scripts use, the model linter, and headless Chromium with
# playwright-core for the browser tests. Starts no daemon and leaves none enabled.
#
#   scripts/install-dependencies.sh          # decide, say what, install
#   scripts/install-dependencies.sh --plan   # only decide and say what it would install (no root needed)
set -euo pipefail
cd "$(dirname "$0")/.."
plan_only=no
[ "${1:-}" != --plan ] || plan_only=yes

# The npm packages pinned in lint/ and browser/ need Node 20 or newer (their lock files' engines).
NODE_MAJOR=20
major_of() { sed -n 's/^v\{0,1\}\([0-9][0-9]*\).*/\1/p' | head -n 1; }
node_major() { { node --version 2>/dev/null || true; } | major_of; }
# the nodejs version Debian would install (Debian 12: 18, Debian 13: 20), empty when apt knows none
debian_node_major() { { apt-cache policy nodejs 2>/dev/null || true; } | sed -n 's/^ *Candidate: *\([0-9].*\)/\1/p' | major_of; }

packages=(openssh-server openssh-client nginx mariadb-server mariadb-client curl iproute2 procps sudo gunicorn uwsgi-core uwsgi-plugin-python3
          python3 gzip coreutils util-linux cron supervisor tmux screen docker-compose chromium fonts-dejavu-core shellcheck)
# the build: a JDK 17 or newer (Debian's default: 17 on Debian 12, 21 on Debian 13) and Maven
java_major=$({ java -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ "${java_major:-0}" -lt 17 ] || ! command -v javac >/dev/null 2>&1; then packages+=(default-jdk-headless); fi
command -v mvn >/dev/null 2>&1 || packages+=(maven)
# Node: Debian's when it is new enough; else Debian's npm fetches Node from the npm registry into /usr/local
node_from_npm=no
if [ "$(node_major)" -lt "$NODE_MAJOR" ] 2>/dev/null || [ -z "$(node_major)" ]; then
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  if [ "$(debian_node_major)" -ge "$NODE_MAJOR" ] 2>/dev/null; then packages+=(nodejs); else node_from_npm=yes; fi
fi

missing=()
for package in "${packages[@]}"; do
  { dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true; } | grep -q "install ok installed" || missing+=("$package")
done
if [ "$plan_only" = yes ]; then
  echo "Debian packages to install: ${missing[*]:-none}"
  if [ "$node_from_npm" = yes ]; then echo "Node: node@$NODE_MAJOR from the npm registry into /usr/local (Debian's is older)"
  else echo "Node: $(node --version 2>/dev/null || echo "Debian's nodejs")"; fi
  exit 0
fi

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
  # with systemd, the packages still enable their units (deb-systemd-helper does not ask policy-rc.d):
  # whatever this install enabled is disabled again
  enabled_before=""
  if [ -d /run/systemd/system ]; then enabled_before=$(systemctl list-unit-files --state=enabled --no-legend | awk '{ print $1 }' | sort); fi
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -d /run/systemd/system ]; then
    for unit in $(comm -13 <(printf '%s\n' "$enabled_before") <(systemctl list-unit-files --state=enabled --no-legend | awk '{ print $1 }' | sort)); do
      systemctl disable --quiet "$unit" && echo "disabled $unit, which the install enabled"
    done
  fi
fi
# (Debian 13's npm brings a nodejs that is new enough: the apt lists were not read when this was decided)
if [ "$node_from_npm" = yes ] && [ "$(node_major)" -ge "$NODE_MAJOR" ] 2>/dev/null; then node_from_npm=no; fi
if [ "$node_from_npm" = yes ]; then
  echo "installing: node@$NODE_MAJOR from the npm registry into /usr/local (Debian's nodejs is older than $NODE_MAJOR)"
  npm install --global --prefix /usr/local --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR"
  hash -r
fi
mkdir -p /run/sshd

# Camunda Modeler's checks (bpmnlint and the Camunda 7 compatibility rules), pinned by lint/package-lock.json.
npm ci --prefix lint --no-audit --no-fund --loglevel=error
# playwright-core drives Debian's chromium (it downloads no browser of its own), pinned by browser/package-lock.json.
npm ci --prefix browser --no-audit --no-fund --loglevel=error
