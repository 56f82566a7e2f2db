# Starts the new unit, waits until it answers HTTP 200 on the port, then enables it for boot.
unit=$1 port=$2 timeout=$3
# (a bash TCP probe first: it costs no process, and the port is free in every first run)
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && systemctl is-active --quiet "$unit" 2>/dev/null && http_ok "http://127.0.0.1:$port/"; then
  fact answeredAt "$(now_ms)"
  systemctl enable "$unit" >/dev/null 2>&1 || die "systemctl enable $unit failed"
  fact state unchanged; exit 0
fi
systemctl start "$unit" || die "systemctl start $unit failed"
if ! wait_until "$timeout" http_ok "http://127.0.0.1:$port/"; then
  last=$(http_code "http://127.0.0.1:$port/")
  # a unit that never answered must not keep the port from the old app the rollback brings back
  systemctl stop "$unit" || true
  die "$unit did not answer HTTP 200 on port $port within ${timeout}s (last: $last); it was stopped again"
fi
fact answeredAt "$(now_ms)"
systemctl enable "$unit" >/dev/null 2>&1 || die "systemctl enable $unit failed"
fact state started
