#!/bin/bash
# Prepares a target host for the cutover: the account it logs in as, its public key, its sudo rule,
# and (narrow access) the cutover's steps installed as root-owned files with the one runner its
# sudo rule names; and, on the machine the app runs on, the target's host key pinned in known_hosts.
# docs/preparing-a-target.md walks through it.
#
#   scripts/prepare-target.sh over-ssh ADMIN@HOST [--ssh-port N] [--ssh-option OPTION]... [TARGET OPTIONS]
#       from the ops machine: sends this script and the steps to HOST and runs on-target there
#       through ADMIN's sudo (asks for ADMIN's sudo password when it needs one)
#   scripts/prepare-target.sh on-target [TARGET OPTIONS]
#       on the target itself, as root
#   scripts/prepare-target.sh host-key HOST [--port N] --fingerprint SHA256:... --known-hosts FILE
#       on the app's machine: asks HOST for its key (ssh-keyscan) and adds it to FILE only when its
#       fingerprint is the one given, read on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)
#
# TARGET OPTIONS (defaults are the product's defaults in docs/configuration.md):
#   --account NAME          the login the cutover uses (cutover); created when missing
#   --public-key FILE       its public key, added to the account's authorized_keys
#   --access narrow|broad   narrow (the default): the account may run only the runner, which runs only
#                           the installed steps; broad: it may run any command as root
#   --prefix DIR            where the runner and the steps go (/usr/local/lib/cutover)
#   --rule-name NAME        the file in /etc/sudoers.d (the account's name)
#   what the runner lets the steps write and read, as the target's configuration says:
#   --backup DIR (/var/backups/scheduler)  --unit-file FILE (/etc/systemd/system/bischeduler.service)
#   --service-user USER (www-data)  --monitor-script FILE (/usr/local/bin/monitor.sh)
#   --site-file FILE (/etc/nginx/sites-available/scheduler)
#   --path PATH             the PATH the steps run with (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNBOOK="$HERE/../src/main/resources/runbook"
fail() { echo "prepare-target: $*" >&2; exit 1; }

on_target() {
  local account=cutover key="" access=narrow prefix=/usr/local/lib/cutover rule="" backup=/var/backups/scheduler
  local unit_file=/etc/systemd/system/bischeduler.service service_user=www-data monitor=/usr/local/bin/monitor.sh
  local site=/etc/nginx/sites-available/scheduler path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || fail "$1 needs a value"
    case "$1" in
      --account) account=$2 ;; --public-key) key=$2 ;; --access) access=$2 ;; --prefix) prefix=$2 ;;
      --rule-name) rule=$2 ;; --backup) backup=$2 ;; --unit-file) unit_file=$2 ;; --service-user) service_user=$2 ;;
      --monitor-script) monitor=$2 ;; --site-file) site=$2 ;; --path) path=$2 ;;
      *) fail "unknown option $1" ;;
    esac
    shift 2
  done
  [ "$(id -u)" = 0 ] || fail "on-target runs as root"
  if ! [[ "$account" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || [ "$account" = root ]; then fail "bad account name '$account'"; fi
  [[ "$service_user" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || fail "bad service user '$service_user'"
  rule=${rule:-$account}
  [[ "$rule" =~ ^[A-Za-z0-9_-]+$ ]] || fail "bad rule name '$rule' (sudo skips files with a dot)"
  for value in "$prefix" "$backup" "$unit_file" "$monitor" "$site"; do
    if ! [[ "$value" =~ ^/[A-Za-z0-9._/-]*$ ]] || [[ "$value/" == *"/../"* ]]; then fail "not a plain absolute path: '$value'"; fi
  done
  [[ "$path" =~ ^/[A-Za-z0-9._/:-]*$ ]] || fail "bad PATH '$path'"
  command -v visudo >/dev/null || fail "sudo is not installed (apt-get install sudo)"

  # the account: no password (key login only), a home for its authorized_keys
  if ! id -u "$account" >/dev/null 2>&1; then
    useradd --system --create-home --home-dir "/var/lib/$account" --shell /bin/bash "$account"
    usermod -p '*' "$account"
    echo "created the account $account"
  fi
  if [ -n "$key" ]; then
    local home; home=$(getent passwd "$account" | cut -d: -f6)
    ssh-keygen -l -f "$key" >/dev/null 2>&1 || fail "$key is not a public key"
    install -d -m 700 -o "$account" -g "$(id -gn "$account")" "$home/.ssh"
    touch "$home/.ssh/authorized_keys"
    grep -qxF -- "$(cat "$key")" "$home/.ssh/authorized_keys" || cat "$key" >> "$home/.ssh/authorized_keys"
    chown "$account:$(id -gn "$account")" "$home/.ssh/authorized_keys"
    chmod 600 "$home/.ssh/authorized_keys"
    echo "the key $(ssh-keygen -l -f "$key" | cut -d' ' -f2) may log in as $account"
  fi

  local line
  case "$access" in
    narrow)
      install_steps "$prefix" "$path" "$backup" "$unit_file" "$service_user" "$monitor" "$site"
      line="$account ALL=(root) NOPASSWD: $prefix/bin/cutover-run" ;;
    broad) line="$account ALL=(ALL) NOPASSWD: ALL" ;;
    *) fail "--access is narrow or broad" ;;
  esac
  local staged; staged=$(mktemp)
  printf '# written by prepare-target.sh (%s access): what the cutover account may run as root\n%s\n' "$access" "$line" > "$staged"
  visudo -cqf "$staged" || { rm -f "$staged"; fail "visudo refused the rule: $line"; }
  install -m 440 -o root -g root "$staged" "/etc/sudoers.d/.$rule.tmp"
  mv -f "/etc/sudoers.d/.$rule.tmp" "/etc/sudoers.d/$rule"
  rm -f "$staged"
  echo "sudo rule /etc/sudoers.d/$rule: $line"
}

# install_steps PREFIX PATH BACKUP UNIT_FILE SERVICE_USER MONITOR SITE
install_steps() {
  local prefix=$1 up
  # the account must not be able to swap a folder on the way to the runner
  up=$prefix
  while [ "$up" != / ]; do
    up=$(dirname "$up")
    local owner mode; read -r owner mode < <(stat -c '%u %a' "$up")
    if [ "$owner" != 0 ] || { [ $(( 8#$mode & 022 )) != 0 ] && [ $(( 8#$mode & 01000 )) = 0 ]; }; then
      fail "$up must belong to root and be writable by root alone (or sticky) to hold the runner"
    fi
  done
  install -d -m 755 -o root -g root "$prefix" "$prefix/bin" "$prefix/steps" "$prefix/etc"
  local script name staged
  for script in "$RUNBOOK"/scripts/*.sh; do
    name=$(basename "$script" .sh)
    [ "$name" != common ] || continue
    staged=$(mktemp)
    # the same bytes the app sends in broad access: the shared helpers, a line naming the step, the step
    { cat "$RUNBOOK/scripts/common.sh"; printf '\n# ---- %s.sh\n' "$name"; cat "$script"; } > "$staged"
    install -m 644 -o root -g root "$staged" "$prefix/steps/$name.sh"
    rm -f "$staged"
  done
  for script in "$prefix"/steps/*.sh; do
    [ -f "$RUNBOOK/scripts/$(basename "$script")" ] || rm -f "$script"
  done
  install -m 755 -o root -g root "$RUNBOOK/cutover-run" "$prefix/bin/cutover-run"
  printf 'path=%s\nbackup=%s\nunit-file=%s\nservice-user=%s\nmonitor-script=%s\nsite-file=%s\n' "$2" "$3" "$4" "$5" "$6" "$7" > "$prefix/etc/.runner.conf.tmp"
  chmod 644 "$prefix/etc/.runner.conf.tmp"
  mv -f "$prefix/etc/.runner.conf.tmp" "$prefix/etc/runner.conf"
  echo "installed the runner $prefix/bin/cutover-run and $(find "$prefix/steps" -name '*.sh' | wc -l) steps"
}

over_ssh() {
  local admin=${1:-} port=22 key=""
  [ -n "$admin" ] || fail "over-ssh needs ADMIN@HOST"
  shift
  local args=() ssh=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --ssh-port) port=$2; shift 2 ;;
      # as ssh -o takes it, e.g. IdentityFile=~/.ssh/admin_key
      --ssh-option) ssh+=(-o "$2"); shift 2 ;;
      --public-key) key=$2; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  local bundle; bundle=$(mktemp -d)
  mkdir -p "$bundle/scripts" "$bundle/src/main/resources"
  cp "$HERE/prepare-target.sh" "$bundle/scripts/"
  cp -r "$RUNBOOK" "$bundle/src/main/resources/runbook"
  if [ -n "$key" ]; then cp "$key" "$bundle/key.pub"; args+=(--public-key key.pub); fi
  local remote
  remote=$(tar -C "$bundle" -cz . | ssh "${ssh[@]}" -p "$port" "$admin" 'd=$(mktemp -d) && tar -xz -C "$d" && echo "$d"') \
    || fail "could not copy the steps to $admin"
  # -t: sudo may ask ADMIN's password on the terminal
  ssh "${ssh[@]}" -t -p "$port" "$admin" "cd $(printf '%q' "$remote") && sudo bash scripts/prepare-target.sh on-target $(printf '%q ' "${args[@]}"); s=\$?; rm -rf $(printf '%q' "$remote"); exit \$s"
  rm -rf "$bundle"
}

host_key() {
  local host=${1:-} port=22 fingerprint="" known=""
  [ -n "$host" ] || fail "host-key needs HOST"
  shift
  while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || fail "$1 needs a value"
    case "$1" in
      --port) port=$2 ;; --fingerprint) fingerprint=$2 ;; --known-hosts) known=$2 ;;
      *) fail "unknown option $1" ;;
    esac
    shift 2
  done
  [ -n "$known" ] || fail "--known-hosts FILE is needed (the file the target's ssh.known-hosts-file names)"
  [[ "$fingerprint" =~ ^SHA256:[A-Za-z0-9+/]{43}$ ]] \
    || fail "--fingerprint SHA256:... is needed: read it on the host itself with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"
  local scanned line match=""
  scanned=$(ssh-keyscan -T 10 -p "$port" "$host" 2>/dev/null) || true
  [ -n "$scanned" ] || fail "$host:$port did not answer ssh-keyscan"
  while read -r line; do
    [ -n "$line" ] || continue
    if [ "$(printf '%s\n' "$line" | ssh-keygen -l -f - | cut -d' ' -f2)" = "$fingerprint" ]; then match=$line; fi
  done <<< "$scanned"
  if [ -z "$match" ]; then
    echo "prepare-target: $host:$port offers no key with the fingerprint $fingerprint; it offers:" >&2
    while read -r line; do printf '%s\n' "$line" | ssh-keygen -l -f - >&2; done <<< "$scanned"
    echo "prepare-target: nothing was written; if the host really has another key, confirm that one on its console" >&2
    exit 1
  fi
  local name; name=$(cut -d' ' -f1 <<< "$match")
  if [ -f "$known" ] && ssh-keygen -F "$name" -f "$known" | grep -v '^#' | grep -qvxF -- "$match"; then
    fail "$known already holds another key for $name; remove it (ssh-keygen -R '$name' -f $known) only if the host's key really changed"
  fi
  touch "$known"
  grep -qxF -- "$match" "$known" || printf '%s\n' "$match" >> "$known"
  echo "pinned $name ($fingerprint) in $known"
}

case "${1:-}" in
  on-target) shift; on_target "$@" ;;
  over-ssh) shift; over_ssh "$@" ;;
  host-key) shift; host_key "$@" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
