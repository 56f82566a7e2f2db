# After the rollback: the old prefix answers through nginx again, the old app (running from its
# own folder) holds the port, and the new unit neither runs nor waits to start. Then the probers
# end and report: the rollback's, and the cutover's up to the rollback's start if verification,
# which ends it otherwise, never ran.
port=$1 base=$2 old_prefix=$3 old_dir=$4 new_unit=$5 probe_log=$6 cutover_probe_log=$7
code=$(expect_code 10 200 "$base$old_prefix")
if [ "$code" = 200 ]; then passed old-url "200 from $base$old_prefix" "200"
else failed old-url "200 from $base$old_prefix" "$code"; fi
pids=$(port_pids "$port")
if [ -z "$pids" ]; then
  failed port "the old app from $old_dir on port $port" "nothing listens"
else
  pid=$(printf '%s\n' "$pids" | head -n 1)
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || echo unknown)
  case "$cwd" in
    "${old_dir%/}"|"${old_dir%/}"/*) passed port "the old app from $old_dir on port $port" "pid $pid in $cwd" ;;
    *) failed port "the old app from $old_dir on port $port" "pid $pid in $cwd" ;;
  esac
fi
# is-active prints the state whatever it exits with (3 for activating: systemd issue 18949)
state=$(systemctl is-active "$new_unit" 2>/dev/null || true)
case "$state" in
  active|activating|reloading|deactivating|refreshing) failed new-unit "$new_unit neither running nor queued" "$state" ;;
  *) passed new-unit "$new_unit neither running nor queued" "${state:-unknown}" ;;
esac
if [ -f "$cutover_probe_log.pid" ]; then
  # verification never ran: the cutover's prober is reported too, from the switch to the rollback's start
  prober_stop "$cutover_probe_log"
  prober_report "$cutover_probe_log" "$(head -n 1 -- "$probe_log" 2>/dev/null | cut -d' ' -f1 | grep . || now_ms)" \
    | sed 's/^@probe\./@cutoverProbe./'
fi
prober_stop "$probe_log"
prober_report "$probe_log"
exit 0
