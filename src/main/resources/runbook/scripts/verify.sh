# The runbook's verification: each check reports what it expected and what it found. Then the
# window's prober (started by the nginx switch) ends, and what it saw is reported.
unit=$1 port=$2 base=$3 new_prefix=$4 old_prefix=$5 static_probe=$6 probe_log=$7
shift 7
expect_200() {
  local code; code=$(expect_code 3 200 "$2")
  if [ "$code" = 200 ]; then passed "$1" "200 from $2" "200"; else failed "$1" "200 from $2" "$code"; fi
}
# the port must be held by the unit's main process (or a child of it, under a supervisor)
main=$(systemctl show -p MainPID --value "$unit" 2>/dev/null || echo 0)
holder=""
for pid in $(port_pids "$port"); do
  if [ "$pid" = "$main" ] || [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "$main" ]; then holder=$pid; fi
done
if systemctl is-active --quiet "$unit" 2>/dev/null && [ -n "$holder" ] && [ "$main" != 0 ]; then
  passed port "$unit holds port $port" "pid $holder, main pid $main"
else
  failed port "$unit holds port $port" "unit $(systemctl is-active "$unit" 2>/dev/null), main pid $main, listening pids '$(port_pids "$port" | tr '\n' ' ')'"
fi
expect_200 direct "http://127.0.0.1:$port/"
expect_200 nginx "$base$new_prefix"
deadline=$(( $(now_ms) + 3000 ))
while :; do
  answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 5 "$base$old_prefix" 2>/dev/null || true)
  case "$answer" in "302 "*) break ;; esac
  [ "$(now_ms)" -ge "$deadline" ] && break
  sleep 0.02
done
case "$answer" in
  "302 "*"$new_prefix") passed redirect "302 to $new_prefix from $base$old_prefix (a 301 once the change is closed)" "$answer" ;;
  *) failed redirect "302 to $new_prefix from $base$old_prefix (a 301 once the change is closed)" "'$answer'" ;;
esac
expect_200 static "$base${new_prefix}static/$static_probe"
for endpoint in "$@"; do
  expect_200 "api$endpoint" "$base${new_prefix}${endpoint#/}"
done
prober_stop "$probe_log"
prober_report "$probe_log"
exit 0
