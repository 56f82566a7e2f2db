# Undo of stopping the old service: starts it again the way it ran (its unit, or its command
# line in its folder as its user) and waits until it answers HTTP.
mode=$1 unit=$2 cwd=$3 user=$4 cmdline=$5 port=$6 timeout=$7 log=$8
answers() { [ "$(http_code "http://127.0.0.1:$port/" 2)" != 000 ]; }
if [ "$mode" = none ]; then fact state unchanged; exit 0; fi
if port_listening "$port" && answers; then fact restoredAt "$(now_ms)"; fact state unchanged; exit 0; fi
if [ "$mode" = unit ]; then
  systemctl start "$unit" || die "systemctl start $unit failed"
else
  cd -- "$cwd" || die "cannot enter $cwd"
  mapfile -t argv < <(printf '%s' "$cmdline" | base64 -d)
  [ "${#argv[@]}" -gt 0 ] || die "the recorded command line is empty"
  if [ "$(id -un)" = "$user" ]; then
    setsid nohup "${argv[@]}" >> "$log" 2>&1 < /dev/null &
  else
    setsid nohup runuser -u "$user" -- "${argv[@]}" >> "$log" 2>&1 < /dev/null &
  fi
fi
wait_until "$timeout" answers || die "the old service did not answer on port $port within ${timeout}s"
fact restoredAt "$(now_ms)"
fact state started
