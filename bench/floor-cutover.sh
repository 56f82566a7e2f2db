#!/bin/bash
# The floor: the runbook's bare commands, in the runbook's order, run as one script over one SSH
# connection, with none of the product's checks, backups verification, staging or rollback.
# The benchmark runs it on a sandbox target:  ssh LOGIN@HOST sudo -n bash -s -- DIR PORT STAMP < floor-cutover.sh
set -euo pipefail
dir=$1 port=$2 stamp=$3
base=$(grep BASE_URL "$dir/sandbox.env" | cut -d= -f2)
site=$dir/nginx/sites/scheduler conf=$dir/nginx/nginx.conf
backup=$dir/var/backups/scheduler archive=$dir/var/archive
mkdir -p "$backup" "$archive"
cnf=$(mktemp) && chmod 600 "$cnf"
printf '[client]\nuser=root\npassword=%s\nhost=127.0.0.1\nport=%s\n' "$(cat "$dir/secrets/db-password")" \
  "$(grep DB_PORT "$dir/sandbox.env" | cut -d= -f2)" > "$cnf"

# Phase 1: preparation
mysqldump --defaults-extra-file="$cnf" --single-transaction --routines --triggers gestion_horarios | gzip > "$backup/gestion_horarios_$stamp.sql.gz"
test -d "$dir/opt/migration"
cp "$site" "$backup/scheduler.$stamp"
cp "$dir/opt/scheduler/app.py" "$backup/app.py.$stamp"
cp "$dir/opt/scheduler/.env" "$backup/env.$stamp"

# Phase 2: decommission
echo "@stopping=$(date +%s%3N)"
# shellcheck disable=SC2046 # one argument per pid
kill $(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | cut -d= -f2)
while ss -Hltn "sport = :$port" | grep -q .; do sleep 0.01; done
sed -i 's|^@reboot|#&|' "$dir/etc/cron.d/scheduler"
mv "$dir/opt/scheduler" "$archive/old_scheduler_$stamp"

# Phase 3: infrastructure reuse
sed -i '/location \/scheduler\/ {/,/^    }/d' "$site"
sed -i '$d' "$site"
cat >> "$site" <<NGINX
    location /bischeduler/static/ {
        alias $dir/opt/bischeduler/static/;
    }
    location /bischeduler/api/ {
        proxy_pass http://127.0.0.1:$port/api/;
        proxy_read_timeout 600s;
    }
    location /bischeduler/ {
        proxy_pass http://127.0.0.1:$port/;
        proxy_read_timeout 300s;
    }
    location /scheduler/ {
        return 301 /bischeduler/;
    }
}
NGINX
nginx -t -c "$conf" 2>/dev/null
nginx -s reload -c "$conf"

# Phase 4: deployment
cat > "$dir/etc/systemd/system/bischeduler.service" <<UNIT
[Unit]
Description=BiScheduler
After=network.target mariadb.service

[Service]
User=root
WorkingDirectory=$dir/opt/bischeduler
Environment=FLASK_PORT=$port
Environment=FLASK_DEBUG=False
ExecStart=$dir/opt/bischeduler/venv/bin/python $dir/opt/bischeduler/app.py
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable bischeduler
systemctl start bischeduler
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.01; done

# Phase 5: verification (each check retried briefly: nginx's old workers drain after the reload)
check() { timeout 10 bash -c "until $1; do sleep 0.01; done"; }
check "curl -sf -o /dev/null '$base/bischeduler/'"
check "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$base/scheduler/')\" = 301 ]"
check "curl -sf -o /dev/null '$base/bischeduler/static/style.css'"
check "curl -sf -o /dev/null '$base/bischeduler/api/horarios'"
mariadb --defaults-extra-file="$cnf" -N -e 'SELECT 1 FROM horarios LIMIT 1' gestion_horarios > /dev/null
echo "@verified=$(date +%s%3N)"
rm -f "$cnf"
