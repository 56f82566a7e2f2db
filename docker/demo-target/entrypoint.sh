#!/bin/bash
# Prepares the demo target on first start and runs it: the old scheduler on 5005 behind nginx at
# /scheduler/, sshd for the cutover app, whose key and pinned host key go to the shared volume.
set -euo pipefail
: "${SCHEDULER_DB_PASSWORD:?}"
shared=/shared
mkdir -p "$shared" /opt/migration /var/backups /var/archive /etc/cron.d /etc/systemd/system

[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
if [ ! -f "$shared/client_key" ]; then
  ssh-keygen -q -t ed25519 -N '' -C cutover-demo -f "$shared/client_key"
fi
chown 1000:1000 "$shared/client_key" && chmod 600 "$shared/client_key"
mkdir -p /root/.ssh && cp "$shared/client_key.pub" /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
printf '[demo-target]:22 %s\n' "$(cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub)" > "$shared/known_hosts"
chmod 644 "$shared/known_hosts"
cat > /etc/ssh/sshd_config.d/cutover.conf <<SSHD
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
HostKey /etc/ssh/ssh_host_ed25519_key
SSHD

if [ -d /opt/scheduler ] && [ ! -f /opt/scheduler/.env ]; then
  printf 'FLASK_PORT=5005\nDB_HOST=engine-db\nDB_NAME=gestion_horarios\nDB_USER=scheduler\n' > /opt/scheduler/.env
  chmod 640 /opt/scheduler/.env
  printf '@reboot root cd /opt/scheduler && /usr/bin/python3 app.py >> /var/log/old-scheduler.log 2>&1\n' > /etc/cron.d/scheduler
fi
mkdir -p /opt/bischeduler/static /opt/bischeduler/venv/bin
ln -sf /usr/bin/python3 /opt/bischeduler/venv/bin/python
printf 'body { font-family: sans-serif; }\n' > /opt/bischeduler/static/style.css
printf '[client]\nuser=scheduler\npassword="%s"\nhost=engine-db\nport=3306\n' "$SCHEDULER_DB_PASSWORD" > /opt/bischeduler/db.cnf
chmod 600 /opt/bischeduler/db.cnf

if [ ! -f /etc/nginx/sites-available/scheduler ]; then
  cat > /etc/nginx/sites-available/scheduler <<'NGINX'
server {
    listen 80 default_server;
    server_name _;

    location /scheduler/ {
        proxy_pass http://127.0.0.1:5005/;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_read_timeout 300s;
    }
}
NGINX
  rm -f /etc/nginx/sites-enabled/default
  ln -sf /etc/nginx/sites-available/scheduler /etc/nginx/sites-enabled/scheduler
fi

# the old scheduler as the runbook found it, unless the cutover already archived it
if [ -d /opt/scheduler ]; then
  (cd /opt/scheduler && exec setsid /usr/bin/python3 app.py < /dev/null >> /var/log/old-scheduler.log 2>&1) &
fi
# a BiScheduler unit installed by an earlier cutover starts again with the container
if [ -L /etc/systemd/system/multi-user.target.wants/bischeduler.service ]; then systemctl start bischeduler || true; fi
nginx
exec /usr/sbin/sshd -D -e
