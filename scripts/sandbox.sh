#!/bin/bash
# Builds a real target host on this machine, in one folder, on free loopback ports: sshd (the
# login), nginx with the runbook's /scheduler/ site, mariadbd with gestion_horarios, the old
# scheduler running as the runbook found it, BiScheduler ready to deploy, a migration
# workspace, a cron entry, and a systemctl stand-in (there is no systemd here).
#
#   scripts/sandbox.sh up DIR [--stubborn-old-app] [--stale-nginx-snippet] [--key-passphrase]
#                             [--port-from-environment] [--broken-release] [--enable-fails] [--slow-dump]
#                             [--two-server-blocks] [--respawn-loop] [--respawn-script] [--root-crontab] [--user-crontab]
#                             [--supervisor] [--tmux] [--screen] [--nohup-login-shell] [--gunicorn] [--uwsgi] [--lib-unit] [--user-unit]
#   scripts/sandbox.sh down DIR
#
# `up` writes DIR/sandbox.env (ports and paths) and DIR/cutover-sandbox.yml (the target's
# configuration, named "sandbox"). Needs root and the packages of scripts/install-dependencies.sh.
# The cutover logs in as the unprivileged user cutover-sandbox (created once, as many sites allow no
# root login), prepared by scripts/prepare-target.sh in narrow access: its sudo rule lets it run only
# the sandbox's runner, which runs only the cutover's installed steps.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

# Ports below the kernel's ephemeral range, each reserved (an atomic mkdir) until `down`, so
# sandboxes built side by side never pick the same one.
PORTS=/run/cutover-sandbox-ports
free_port() {
  mkdir -p "$PORTS"
  local low port
  read -r low _ < /proc/sys/net/ipv4/ip_local_port_range
  for _ in $(seq 1 200); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    if ! ss -Hltn "sport = :$port" | grep -q . && mkdir "$PORTS/$port" 2>/dev/null; then
      printf '%s\n' "$port" >> "$SANDBOX_PORTS"
      echo "$port"; return 0
    fi
  done
  echo "sandbox: no free port found" >&2; return 1
}
wait_port() { # port seconds what
  for _ in $(seq 1 $(( $2 * 20 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "sandbox: $3 did not listen on 127.0.0.1:$1 within $2 s" >&2; return 1
}
require() { command -v "$1" >/dev/null 2>&1 || { echo "sandbox: $1 not found; run scripts/install-dependencies.sh" >&2; exit 1; }; }

LOGIN_USER=cutover-sandbox
# the user whose crontab starts the old app in sandboxes made with --user-crontab
CRON_USER=cutover-oldapp
# The unprivileged login of every sandbox; prepare-target.sh gives a login it creates "*" as its
# password hash: no password login, yet not "locked", which sshd would refuse.
# crontab_add USER LINE, crontab_drop USER DIR: a user's crontab changed under a lock (sandboxes
# built side by side share root's crontab); drop removes every line that names DIR
crontab_add() {
  exec 8> /run/cutover-sandbox-crontab.lock
  flock 8
  local file; file=$(mktemp)
  { crontab -l -u "$1" 2>/dev/null || true; printf '%s\n' "$2"; } > "$file"
  crontab -u "$1" "$file"
  rm -f "$file"
  flock -u 8
  exec 8>&-
}
crontab_drop() {
  command -v crontab >/dev/null 2>&1 && id -u "$1" >/dev/null 2>&1 || return 0
  # a crontab without a line of this sandbox is not written at all: a cutover on another sandbox may
  # be changing it right now, and it takes no lock of ours
  crontab -l -u "$1" 2>/dev/null | grep -F -- "$2" >/dev/null || return 0
  exec 8> /run/cutover-sandbox-crontab.lock
  flock 8
  local file; file=$(mktemp)
  if crontab -l -u "$1" 2>/dev/null | grep -vF -- "$2" > "$file"; [ -s "$file" ]; then crontab -u "$1" "$file"
  else crontab -r -u "$1" 2>/dev/null || true; fi
  rm -f "$file"
  flock -u 8
  exec 8>&-
}

# Every sandbox up is listed here; the last one down removes what they share on the machine.
REGISTRY=/run/cutover-sandboxes
registered() { printf '%s/%s' "$REGISTRY" "$(printf '%s' "$1" | md5sum | cut -c1-32)"; }

# rule_name DIR: the sudoers file of DIR's runner (sudo skips names with a dot)
rule_name() { printf 'cutover-sandbox-%s' "$(printf '%s' "$1" | md5sum | cut -c1-12)"; }

# ensure_login_user DIR: the shared login, DIR listed as a sandbox that uses it, and DIR's runner with
# its sudo rule, made as a real target is prepared (narrow access: the login may run only DIR's runner)
ensure_login_user() {
  # sandboxes built side by side take turns here
  exec 9> /run/cutover-sandbox-login.lock
  flock 9
  mkdir -p "$REGISTRY"
  printf '%s\n' "$1" > "$(registered "$1")"
  "$HERE/prepare-target.sh" on-target --account "$LOGIN_USER" --access narrow --prefix "$1/cutover" \
    --rule-name "$(rule_name "$1")" --backup "$1/var/backups/scheduler" \
    --unit-file "$1/etc/systemd/system/bischeduler.service" --service-user root \
    --monitor-script "$1/usr/local/bin/monitor.sh" --site-file "$1/nginx/sites/scheduler" \
    --path "$1/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" > "$1/prepare-target.log"
  flock -u 9
  exec 9>&-
}

# forget_sandbox DIR: DIR no longer listed; when no sandbox is left (one whose folder is gone counts
# as gone: a test's temporary folder removed without a `down`), the login, its sudo rule and the old
# app's user go too, with their homes and crontabs, so the machine is as it was before the first
# sandbox. (A sandbox still being built has no sandbox.env yet, but its folder is there: it stays.)
forget_sandbox() {
  local entry user
  exec 9> /run/cutover-sandbox-login.lock
  flock 9
  rm -f "$(registered "$1")" "/etc/sudoers.d/$(rule_name "$1")"
  for entry in "$REGISTRY"/*; do
    [ -f "$entry" ] || continue
    [ -d "$(cat "$entry")" ] || rm -f "$entry"
  done
  if [ -z "$(ls -A "$REGISTRY" 2>/dev/null)" ]; then
    rm -f "/etc/sudoers.d/$LOGIN_USER" /etc/sudoers.d/cutover-sandbox-*
    for user in "$LOGIN_USER" "$CRON_USER"; do
      id -u "$user" >/dev/null 2>&1 || continue
      if command -v crontab >/dev/null 2>&1; then crontab -r -u "$user" 2>/dev/null || true; fi
      pkill -KILL -u "$user" 2>/dev/null || true
      userdel -r "$user" 2>/dev/null || true
      if id -u "$user" >/dev/null 2>&1; then echo "sandbox: could not remove the user $user" >&2; fi
    done
    rmdir "$REGISTRY" 2>/dev/null || true
  fi
  flock -u 9
  exec 9>&-
}

up() {
  local dir=$1; shift
  local stubborn=no stale=no passphrase=no port_from_env=no broken=no enable_fails=no slow_dump=no two_servers=no respawn=no root_cron=no user_cron=no supervised=no in_tmux=no in_screen=no nohup_login=no wsgi=no lib_unit=no user_unit=no
  for option in "$@"; do
    case "$option" in
      --stubborn-old-app) stubborn=yes ;;
      --stale-nginx-snippet) stale=yes ;;
      --key-passphrase) passphrase=yes ;;
      # the old app's port comes from the environment it was started with; its code defaults to another
      --port-from-environment) port_from_env=yes ;;
      # the new release exits at start
      --broken-release) broken=yes ;;
      # systemctl enable of the new unit fails (after its start), as with a broken [Install] section
      --enable-fails) enable_fails=yes ;;
      # the database dump takes a few seconds, as a real one does (a crash can land in it)
      --slow-dump) slow_dump=yes ;;
      # a second server block also proxies /scheduler/, with its own listen and headers (as certbot leaves a site)
      --two-server-blocks) two_servers=yes ;;
      # the old app runs under a small respawn loop (a sh -c string) that starts it again a second after it exits
      --respawn-loop) respawn=yes ;;
      # the same loop in an executable #!/bin/sh script in the app's folder, started directly
      --respawn-script) respawn=script ;;
      # the old app is started at boot by an @reboot line in root's crontab, or in another user's
      --root-crontab) root_cron=yes ;;
      --user-crontab) user_cron=yes ;;
      # the old app runs as a supervisord program (autostart and autorestart on)
      --supervisor) supervised=yes ;;
      # the old app was started by hand in a tmux session and left running there
      --tmux) in_tmux=yes ;;
      # the old app started by hand with nohup from another user's login shell, left running when the shell ended
      --nohup-login-shell) nohup_login=yes ;;
      # gunicorn, a master and two workers, as www-data, started at boot from root's crontab
      --gunicorn) wsgi=gunicorn ;;
      # the same with uWSGI, whose master takes SIGTERM as a reload
      --uwsgi) wsgi=uwsgi ;;
      # a systemd service installed by a package (its unit in /lib/systemd/system), enabled, Restart=always
      --lib-unit) lib_unit=yes ;;
      # a user's own systemd service (~/.config/systemd/user), enabled for that user, Restart=always
      --user-unit) user_unit=yes ;;
      # or in a screen session (named scheduler-<sandbox folder>)
      --screen) in_screen=yes ;;
      *) echo "sandbox: unknown option $option" >&2; exit 2 ;;
    esac
  done
  for tool in /usr/sbin/sshd ssh-keygen nginx /usr/sbin/mariadbd mariadb-install-db mariadb mysqldump curl ss /usr/bin/python3 sudo; do require "$tool"; done
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # sshd reads the login's authorized_keys as that user: every folder above it must let others pass
  chmod 711 "$dir"
  local up=$dir
  while [ "$up" != / ]; do
    up=$(dirname "$up")
    [ "$(( 0$(stat -c %a "$up") & 1 ))" = 1 ] || { echo "sandbox: $up must be searchable by others (chmod o+x) for the login to read its key" >&2; exit 1; }
  done
  [ ! -e "$dir/sandbox.env" ] || { echo "sandbox: $dir already holds a sandbox; run 'down' first" >&2; exit 1; }
  ensure_login_user "$dir"
  # a half-built sandbox stops what it started
  trap 'echo "sandbox: setup failed; stopping what was started" >&2; down "$dir"' ERR
  local ssh_port http_port app_port db_port second_port
  SANDBOX_PORTS="$dir/ports"
  : > "$SANDBOX_PORTS"
  ssh_port=$(free_port); http_port=$(free_port); app_port=$(free_port); db_port=$(free_port); second_port=$(free_port)
  mkdir -p "$dir"/{bin,ssh,run,log,secrets,nginx/sites,nginx/snippets,nginx/temp,etc/cron.d,etc/systemd/system,var/backups,var/archive,opt/migration,usr/local/bin,mysql}
  chmod 700 "$dir/secrets"

  # systemctl stand-in, first on the login's PATH
  sed "s|@SANDBOX@|$dir|" "$HERE/sandbox/systemctl" > "$dir/bin/systemctl"
  chmod 755 "$dir/bin/systemctl"
  if [ "$slow_dump" = yes ]; then
    printf '#!/bin/sh\n# a dump that takes its time\nsleep 4\nexec /usr/bin/mysqldump "$@"\n' > "$dir/bin/mysqldump"
    chmod 755 "$dir/bin/mysqldump"
  fi

  # MariaDB with the old scheduler's database
  local db_password app_password
  db_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  app_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$dir/tmp"
  # each server its own temporary folder: installs running side by side must not share /tmp names
  TMPDIR="$dir/tmp" mariadb-install-db --no-defaults --user=root --datadir="$dir/mysql" --tmpdir="$dir/tmp" \
    --auth-root-authentication-method=normal --skip-test-db > "$dir/log/mariadb-install.log" 2>&1
  setsid /usr/sbin/mariadbd --no-defaults --user=root --datadir="$dir/mysql" --tmpdir="$dir/tmp" --port="$db_port" --bind-address=127.0.0.1 \
    --socket="$dir/run/mariadb.sock" --pid-file="$dir/run/mariadbd.pid" --log-error="$dir/log/mariadbd.log" \
    --skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=8M --performance-schema=OFF \
    < /dev/null > "$dir/log/mariadbd.out" 2>&1 &
  wait_port "$db_port" 60 mariadbd
  # the TCP port may answer a moment before the socket does (seen on a machine busy with two builds)
  for _ in $(seq 1 300); do
    mariadb --no-defaults --socket="$dir/run/mariadb.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb --no-defaults --socket="$dir/run/mariadb.sock" -uroot < "$HERE/sandbox/seed.sql"
  mariadb --no-defaults --socket="$dir/run/mariadb.sock" -uroot -e "
    ALTER USER 'root'@'localhost' IDENTIFIED BY '$db_password';
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$db_password';
    ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$db_password';
    GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    CREATE USER 'scheduler'@'127.0.0.1' IDENTIFIED BY '$app_password';
    GRANT SELECT, INSERT, UPDATE, DELETE ON gestion_horarios.* TO 'scheduler'@'127.0.0.1';
    FLUSH PRIVILEGES;"
  printf '%s\n' "$db_password" > "$dir/secrets/db-password"
  chmod 600 "$dir/secrets/db-password"

  # the old scheduler, started as the runbook found it: python3 app.py in its folder, no unit, with
  # its secrets where old apps often carry them: a database password on its command line (in an
  # option and in a URL's user-info) and another in its environment under a name no scrubber can
  # guess (PW). The tests look for both in everything the product shows (secrets/old-app-*).
  local old_password old_pw old_cmd old_user_unit="" home
  old_password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')&\"<x>"
  old_pw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
  printf '%s' "$old_password" > "$dir/secrets/old-app-password"
  printf '%s' "$old_pw" > "$dir/secrets/old-app-pw"
  chmod 600 "$dir/secrets/old-app-password" "$dir/secrets/old-app-pw"
  old_cmd="/usr/bin/python3 $(printf '%q ' app.py "--db-password=$old_password" \
    "--database=mysql://scheduler:$old_pw@127.0.0.1:$db_port/gestion_horarios")"
  old_cmd=${old_cmd% }
  if [ "$wsgi" = gunicorn ]; then
    require gunicorn
    require crontab
    old_cmd="/usr/bin/gunicorn --workers 2 --bind 127.0.0.1:$app_port app:application"
  elif [ "$wsgi" = uwsgi ]; then
    require uwsgi
    require crontab
    old_cmd="/usr/bin/uwsgi --plugin python3 --master --processes 2 --http-socket 127.0.0.1:$app_port --module app:application"
  fi
  mkdir -p "$dir/opt/scheduler"
  cp "$HERE/sandbox/old_app.py" "$dir/opt/scheduler/app.py"
  printf 'DB_HOST=127.0.0.1\nDB_PORT=%s\nDB_NAME=gestion_horarios\nDB_USER=scheduler\n' "$db_port" > "$dir/opt/scheduler/.env"
  [ "$port_from_env" = yes ] || printf 'FLASK_PORT=%s\n' "$app_port" >> "$dir/opt/scheduler/.env"
  [ "$stubborn" = no ] || printf 'IGNORE_SIGTERM=1\n' >> "$dir/opt/scheduler/.env"
  chmod 640 "$dir/opt/scheduler/.env"
  # old_unit_file WHAT WANTED_BY: the old scheduler as a systemd service that restarts it
  old_unit_file() {
    printf '[Unit]\nDescription=Old scheduler (%s)\n\n[Service]\nWorkingDirectory=%s\nEnvironment=PW=%s\nExecStart=%s\n' \
      "$1" "$dir/opt/scheduler" "$old_pw" "$old_cmd"
    printf 'Restart=always\nRestartSec=1\n\n[Install]\nWantedBy=%s\n' "$2"
  }
  if [ "$wsgi" != no ]; then
    (cd "$dir/opt/scheduler" && PW=$old_pw exec setsid runuser -u www-data -- sh -c "exec $old_cmd" < /dev/null >> "$dir/log/old-scheduler.log" 2>&1) &
    crontab_add root "@reboot cd $dir/opt/scheduler && runuser -u www-data -- $old_cmd >> $dir/log/old-scheduler.log 2>&1"
  elif [ "$nohup_login" = yes ]; then
    require su
    id -u "$CRON_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$CRON_USER" 2>/dev/null || true
    chown -R "$CRON_USER" "$dir/opt/scheduler"
    su -l -s /bin/bash "$CRON_USER" -c "cd $dir/opt/scheduler || exit 1; PW=$old_pw nohup $old_cmd > nohup.out 2>&1 < /dev/null &"
  elif [ "$in_screen" = yes ]; then
    require screen
    # named after the whole folder: a sandbox of another build on this machine has a screen session too
    (cd "$dir/opt/scheduler" && PW=$old_pw screen -dmS "scheduler-$(printf '%s' "$dir" | md5sum | cut -c1-12)" \
      sh -c "exec $old_cmd >> $dir/log/old-scheduler.log 2>&1")
  elif [ "$in_tmux" = yes ]; then
    require tmux
    PW=$old_pw tmux -S "$dir/run/tmux.sock" new-session -d -s scheduler -c "$dir/opt/scheduler" \
      "exec $old_cmd >> $dir/log/old-scheduler.log 2>&1"
  elif [ "$supervised" = yes ]; then
    require supervisord
    mkdir -p "$dir/etc/supervisor/conf.d"
    cat > "$dir/etc/supervisor/supervisord.conf" <<CONF
[unix_http_server]
file=$dir/run/supervisor.sock
[supervisord]
pidfile=$dir/run/supervisord.pid
logfile=$dir/log/supervisord.log
childlogdir=$dir/log
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$dir/run/supervisor.sock
[include]
files = conf.d/*.conf
CONF
    cat > "$dir/etc/supervisor/conf.d/scheduler.conf" <<CONF
; the old scheduler, kept running by supervisord
[program:scheduler]
command=$old_cmd
directory=$dir/opt/scheduler
autostart=true
autorestart=true
stopwaitsecs=3
stdout_logfile=$dir/log/old-scheduler.log
redirect_stderr=true
CONF
    PW=$old_pw supervisord -c "$dir/etc/supervisor/supervisord.conf"
  elif [ "$user_unit" = yes ]; then
    # the user's home is shared by the sandboxes on this machine: the unit is named after this one
    old_user_unit="scheduler-$(printf '%s' "$dir" | md5sum | cut -c1-8)"
    id -u "$CRON_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$CRON_USER" 2>/dev/null || true
    home=$(getent passwd "$CRON_USER" | cut -d: -f6)
    [ -d "$home" ] || { mkdir -p "$home" && chown "$CRON_USER:" "$home"; }
    chown -R "$CRON_USER" "$dir/opt/scheduler"
    runuser -u "$CRON_USER" -- mkdir -p "$home/.config/systemd/user"
    old_unit_file "a user's own service" default.target | runuser -u "$CRON_USER" -- tee "$home/.config/systemd/user/$old_user_unit.service" > /dev/null
    "$dir/bin/systemctl" --user --machine="$CRON_USER@" enable --now "$old_user_unit"
  elif [ "$lib_unit" = yes ]; then
    mkdir -p "$dir/lib/systemd/system"
    old_unit_file "as its package installed it" multi-user.target > "$dir/lib/systemd/system/scheduler-legacy.service"
    "$dir/bin/systemctl" enable --now scheduler-legacy
  elif [ "$respawn" = script ]; then
    # the kernel names this loop after its script (run.sh), not after its shell
    printf '#!/bin/sh\nwhile :; do %s; sleep 1; done\n' "$old_cmd" > "$dir/opt/scheduler/run.sh"
    chmod 755 "$dir/opt/scheduler/run.sh"
    (cd "$dir/opt/scheduler" && PW=$old_pw exec setsid ./run.sh < /dev/null >> "$dir/log/old-scheduler.log" 2>&1) &
  elif [ "$respawn" = yes ]; then
    (cd "$dir/opt/scheduler" && PW=$old_pw exec setsid sh -c "while :; do $old_cmd; sleep 1; done" \
      < /dev/null >> "$dir/log/old-scheduler.log" 2>&1) &
  elif [ "$port_from_env" = yes ]; then
    (cd "$dir/opt/scheduler" && FLASK_PORT=$app_port PW=$old_pw exec setsid bash -c "exec $old_cmd" < /dev/null >> "$dir/log/old-scheduler.log" 2>&1) &
  else
    (cd "$dir/opt/scheduler" && PW=$old_pw exec setsid bash -c "exec $old_cmd" < /dev/null >> "$dir/log/old-scheduler.log" 2>&1) &
  fi
  wait_port "$app_port" 15 "the old scheduler"
  printf '# Starts the old scheduler at boot\n@reboot root cd %s/opt/scheduler && %s >> %s/log/old-scheduler.log 2>&1\n' \
    "$dir" "$old_cmd" "$dir" > "$dir/etc/cron.d/scheduler"
  if [ "$root_cron" = yes ] || [ "$user_cron" = yes ]; then require crontab; fi
  if [ "$root_cron" = yes ]; then
    crontab_add root "@reboot cd $dir/opt/scheduler && $old_cmd >> $dir/log/old-scheduler.log 2>&1"
  fi
  if [ "$user_cron" = yes ]; then
    id -u "$CRON_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$CRON_USER" 2>/dev/null || true
    crontab_add "$CRON_USER" "@reboot cd $dir/opt/scheduler && $old_cmd"
  fi

  # BiScheduler, unpacked and ready; the cutover writes its unit and starts it
  mkdir -p "$dir/opt/bischeduler/static" "$dir/opt/bischeduler/venv/bin"
  cp "$HERE/sandbox/new_app.py" "$dir/opt/bischeduler/app.py"
  if [ "$broken" = yes ]; then
    printf 'import sys\nsys.exit("BiScheduler: configuration error, cannot start")\n' > "$dir/opt/bischeduler/app.py"
  fi
  [ "$enable_fails" = no ] || touch "$dir/run/systemd-enable-fails-bischeduler"
  ln -sf /usr/bin/python3 "$dir/opt/bischeduler/venv/bin/python"
  printf 'body { font-family: sans-serif; }\n' > "$dir/opt/bischeduler/static/style.css"
  printf '[client]\nuser=scheduler\npassword="%s"\nhost=127.0.0.1\nport=%s\n' "$app_password" "$db_port" > "$dir/opt/bischeduler/db.cnf"
  chmod 600 "$dir/opt/bischeduler/db.cnf"
  printf 'migration notes for gestion_horarios\n' > "$dir/opt/migration/README"

  # nginx with the runbook's site for /scheduler/
  cat > "$dir/nginx/nginx.conf" <<NGINX
user root;
worker_processes 1;
pid $dir/run/nginx.pid;
error_log $dir/log/nginx-error.log;
events { worker_connections 256; }
http {
    access_log $dir/log/nginx-access.log;
    client_body_temp_path $dir/nginx/temp/body;
    proxy_temp_path $dir/nginx/temp/proxy;
    fastcgi_temp_path $dir/nginx/temp/fastcgi;
    uwsgi_temp_path $dir/nginx/temp/uwsgi;
    scgi_temp_path $dir/nginx/temp/scgi;
    include /etc/nginx/mime.types;
    include $dir/nginx/sites/*;
}
NGINX
  cat > "$dir/nginx/sites/scheduler" <<NGINX
# School web server: the scheduler behind nginx
server {
    listen 127.0.0.1:$http_port;
    server_name localhost;
    include $dir/nginx/snippets/*.conf;

    location / {
        return 200 "school web server\n";
    }

    location /scheduler/ {
        proxy_pass http://127.0.0.1:$app_port/;
        proxy_set_header Host \$host;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_read_timeout 300s;
    }
}
NGINX
  if [ "$two_servers" = yes ]; then
    cat >> "$dir/nginx/sites/scheduler" <<NGINX

# the second server block, with a header of its own
server {
    listen 127.0.0.1:$second_port;
    server_name localhost;
    add_header X-Second-Server yes always;

    location /scheduler/ {
        proxy_pass http://127.0.0.1:$app_port/;
        proxy_set_header X-Forwarded-Proto https;
    }
}
NGINX
  fi
  if [ "$stale" = yes ]; then
    # A forgotten snippet that already claims the new prefix: nginx -t fails once the site adds it too.
    printf 'location /bischeduler/ { return 404; }\n' > "$dir/nginx/snippets/legacy-bischeduler.conf"
  fi
  nginx -t -c "$dir/nginx/nginx.conf" > "$dir/log/nginx-test.log" 2>&1
  nginx -c "$dir/nginx/nginx.conf" < /dev/null > "$dir/log/nginx.out" 2>&1
  wait_port "$http_port" 15 nginx

  # sshd: the login, root by key only, with the sandbox's systemctl first on the PATH
  mkdir -p /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh/host_key"
  local key_passphrase="" passphrase_setting='""'
  if [ "$passphrase" = yes ]; then
    key_passphrase=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$key_passphrase" > "$dir/secrets/key-passphrase"
    chmod 600 "$dir/secrets/key-passphrase"
    passphrase_setting="file:$dir/secrets/key-passphrase"
  fi
  ssh-keygen -q -t ed25519 -N "$key_passphrase" -C cutover-sandbox -f "$dir/ssh/client_key"
  cp "$dir/ssh/client_key.pub" "$dir/ssh/authorized_keys"
  chmod 711 "$dir/ssh"
  chmod 644 "$dir/ssh/authorized_keys"
  cat > "$dir/ssh/sshd_config" <<SSHD
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $dir/ssh/host_key
PidFile $dir/run/sshd.pid
AuthorizedKeysFile $dir/ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $LOGIN_USER
UsePAM no
StrictModes no
MaxSessions 100
MaxStartups 100
ClientAliveInterval 10
SetEnv PATH=$dir/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
Subsystem sftp internal-sftp
SSHD
  /usr/sbin/sshd -f "$dir/ssh/sshd_config" -E "$dir/log/sshd.log" < /dev/null > /dev/null 2>&1
  wait_port "$ssh_port" 15 sshd
  # the host key pinned as for a real target: scanned, and taken only with the fingerprint read on the host
  "$HERE/prepare-target.sh" host-key 127.0.0.1 --port "$ssh_port" --known-hosts "$dir/ssh/known_hosts" \
    --fingerprint "$(ssh-keygen -l -f "$dir/ssh/host_key.pub" | cut -d' ' -f2)" >> "$dir/prepare-target.log"

  cat > "$dir/sandbox.env" <<ENV
SANDBOX_DIR=$dir
SSH_PORT=$ssh_port
HTTP_PORT=$http_port
APP_PORT=$app_port
DB_PORT=$db_port
BASE_URL=http://127.0.0.1:$http_port
SECOND_URL=http://127.0.0.1:$second_port
OLD_USER_UNIT=$old_user_unit
ENV
  cat > "$dir/cutover-sandbox.yml" <<YAML
# The sandbox target built by scripts/sandbox.sh in $dir
cutover:
  targets:
    sandbox:
      ssh:
        host: 127.0.0.1
        port: $ssh_port
        user: $LOGIN_USER
        key-file: $dir/ssh/client_key
        known-hosts-file: $dir/ssh/known_hosts
        passphrase: $passphrase_setting
        command-timeout: 5m
        root-access: narrow
        runner: $dir/cutover/bin/cutover-run
      old-app:
        port: $app_port
        dir: $dir/opt/scheduler
        unit: ""
        cron-file: $dir/etc/cron.d/scheduler
        stop-grace: 3s
      new-app:
        port: $app_port
        dir: $dir/opt/bischeduler
        python: $dir/opt/bischeduler/venv/bin/python
        unit-dir: $dir/etc/systemd/system
        static-dir: $dir/opt/bischeduler/static
        run-as: root
        api-endpoints: [/api/horarios]
        database-option-file: $dir/opt/bischeduler/db.cnf
        start-timeout: 30s
      nginx:
        site-file: $dir/nginx/sites/scheduler
        conf-file: $dir/nginx/nginx.conf
        base-url: http://127.0.0.1:$http_port
      database:
        name: gestion_horarios
        host: 127.0.0.1
        port: $db_port
        user: root
        password: file:$dir/secrets/db-password
        data-checks:
          - SELECT 1 FROM horarios LIMIT 1
          - SELECT 1 FROM profesores WHERE nombre = 'Ana García'
      folders:
        backup: $dir/var/backups/scheduler
        archive: $dir/var/archive
        migration-workspace: $dir/opt/migration
        monitor-script: $dir/usr/local/bin/monitor.sh
        min-free-backup-megabytes: 50
YAML
  trap - ERR
  echo "sandbox up in $dir: ssh 127.0.0.1:$ssh_port, nginx http://127.0.0.1:$http_port/scheduler/, app port $app_port, mariadb $db_port"
}

down() {
  local dir master unit home
  dir=$(cd "$1" 2>/dev/null && pwd) || return 0
  crontab_drop root "$dir"
  [ ! -S "$dir/run/tmux.sock" ] || tmux -S "$dir/run/tmux.sock" kill-server 2>/dev/null || true
  if command -v screen >/dev/null 2>&1; then
    screen -S "scheduler-$(printf '%s' "$dir" | md5sum | cut -c1-12)" -X quit >/dev/null 2>&1 || true
  fi
  crontab_drop "$CRON_USER" "$dir"
  if [ -f "$dir/nginx/nginx.conf" ]; then
    master=$(cat "$dir/run/nginx.pid" 2>/dev/null || true)
    nginx -c "$dir/nginx/nginx.conf" -s stop 2>/dev/null || true
    # a worker outlives a master killed before it (its command line does not name this folder):
    # wait for the stop, then end whatever is left of the master's process group
    if [ -n "$master" ]; then
      for _ in $(seq 1 50); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$master" 2>/dev/null || true
    fi
  fi
  for pidfile in "$dir"/run/sshd.pid "$dir"/run/mariadbd.pid "$dir"/run/supervisord.pid "$dir"/run/systemd/*.pid "$dir"/run/systemd/*/*.pid; do
    [ -f "$pidfile" ] && kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || kill -TERM "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || true
  done
  # whatever else the sandbox started (the old scheduler, restarted apps) runs from its folder
  for pid in $(pgrep -f -- "$dir" || true); do
    if [ "$pid" != $$ ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  # (one find over /proc: a readlink per process took seconds on a busy machine)
  # (find fails on processes that end while it reads /proc)
  { find /proc -mindepth 2 -maxdepth 2 -name cwd -lname "$dir/*" -printf '%h\n' 2>/dev/null || true; } | while read -r proc; do
    kill -KILL "${proc#/proc/}" 2>/dev/null || true
  done
  # this sandbox's user unit, in a home all sandboxes share
  unit=$(sed -n 's/^OLD_USER_UNIT=//p' "$dir/sandbox.env" 2>/dev/null || true)
  if [ -n "$unit" ]; then
    home=$(getent passwd "$CRON_USER" | cut -d: -f6)
    rm -f "$home/.config/systemd/user/$unit.service" "$home/.config/systemd/user/default.target.wants/$unit.service"
  fi
  # what is left in the stand-in's control groups, and the groups themselves
  [ ! -x "$dir/bin/systemctl" ] || "$dir/bin/systemctl" __remove-cgroups || true
  if [ -f "$dir/ports" ]; then
    while read -r port; do rmdir "$PORTS/$port" 2>/dev/null || true; done < "$dir/ports"
    rm -f "$dir/ports"
  fi
  rm -f "$dir/sandbox.env"
  forget_sandbox "$dir"
}

case "${1:-}" in
  up) shift; [ $# -ge 1 ] || { echo "usage: $0 up DIR [options]" >&2; exit 2; }; up "$@" ;;
  down) shift; [ $# -ge 1 ] || { echo "usage: $0 down DIR" >&2; exit 2; }; down "$1" ;;
  *) echo "usage: $0 up DIR [--stubborn-old-app] [--stale-nginx-snippet] [--key-passphrase] [--port-from-environment] [--broken-release] [--enable-fails] [--slow-dump] [--two-server-blocks] [--respawn-loop] [--respawn-script] [--root-crontab] [--user-crontab] [--supervisor] [--tmux] [--screen] [--nohup-login-shell] [--gunicorn] [--uwsgi] [--lib-unit] [--user-unit] | down DIR" >&2; exit 2 ;;
esac
