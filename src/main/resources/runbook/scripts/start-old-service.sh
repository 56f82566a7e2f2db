# Undo of stopping the old service: starts it again the way it ran (its unit, or its command
# line in its folder as its user, with the environment it had and its output where it went) and
# waits until it answers HTTP on its port. How it ran comes from the state file the stop wrote
# before it acted, so this also undoes a stop that failed halfway. The new unit on the port (armed,
# it took the port when the old app stopped) is stopped first; anything else on the port is not
# the old app, and the undo says so rather than take it for success.
state=$1 environ=$2 port=$3 timeout=$4 log=$5 new_unit=$6 new_dir=$7 probe_log=$8 probe_url=$9 probe_ms=${10}
prober_start "$probe_log" "$probe_url" "$probe_ms"
answers() { [ "$(http_code "http://127.0.0.1:$port/" 2)" != 000 ]; }
recorded_as() { sed -n "s/^@$1=//p" "$state" | head -n 1; }
# no state file: the stop found nothing running, so there is nothing to start
if [ ! -f "$state" ]; then fact state unchanged; exit 0; fi
mode=$(recorded_as mode) unit=$(recorded_as unit) cwd=$(recorded_as cwd) user=$(recorded_as user)
argv64=$(recorded_as argv) stdout=$(recorded_as stdout)
launcher64=$(recorded_as launcherArgv)
tmux_session=$(recorded_as tmuxSession) screen_session=$(recorded_as screenSession)
recorded=$(printf '%s' "$argv64" | base64 -d | tr '\0' ' ')
pids=$(port_pids "$port")
if [ -n "$pids" ]; then
  holder=$(printf '%s\n' "$pids" | head -n 1)
  running=$(tr '\0' ' ' < "/proc/$holder/cmdline" 2>/dev/null)
  holder_cwd=$(readlink "/proc/$holder/cwd" 2>/dev/null)
  if [ "$running" = "$recorded" ] && [ "$holder_cwd" = "$cwd" ]; then
    wait_until "$timeout" answers || die "the old app (pid $holder) holds port $port but does not answer HTTP"
    fact restoredAt "$(now_ms)"; fact state unchanged; exit 0
  fi
  main=$(systemctl show -p MainPID --value "$new_unit" 2>/dev/null || echo 0)
  case "$holder_cwd" in
    "${new_dir%/}"|"${new_dir%/}"/*) is_new=yes ;;
    *) if [ "$holder" = "$main" ]; then is_new=yes; else is_new=no; fi ;;
  esac
  if [ "$is_new" != yes ]; then
    die "port $port is held by pid $holder ($running in ${holder_cwd:-an unknown folder}), not the old app ($recorded in $cwd): stop it, then run the undo steps again"
  fi
fi
# the new unit must neither run nor wait to start (armed, it takes the port the moment it is free)
new_state=$(systemctl is-active "$new_unit" 2>/dev/null || true)
case "$new_state" in
  inactive|failed|"") ;;
  *)
    systemctl stop "$new_unit" || die "systemctl stop $new_unit failed"
    wait_until "$timeout" port_free "$port" || die "port $port is still held after stopping $new_unit"
    fact stoppedNewUnit "$new_unit (it was $new_state)" ;;
esac
app_cwd=$cwd
# the answer must come from the old app, not from whatever else took the port meanwhile
old_app_answers() {
  local pid
  pid=$(port_pids "$port" | head -n 1)
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$app_cwd" ] && answers
}
if [ "$mode" = unit ]; then
  service_ctl "$(recorded_as unitScope | grep . || echo system)" start "$unit" || die "systemctl start $unit failed"
  wait_until "$timeout" old_app_answers || die "the old service did not answer on port $port within ${timeout}s"
elif [ "$mode" = supervisor ]; then
  supervisorctl -c "$(recorded_as supervisorConf)" start "$(recorded_as supervisorProgram)" || die "supervisorctl start failed"
  wait_until "$timeout" old_app_answers || die "the old app did not answer on port $port within ${timeout}s"
else
  # its environment as it was, nothing of this session's added
  envv=()
  if [ -n "$launcher64" ]; then
    # it ran under a launcher (a respawn loop, a start script): the launcher is started again, as it ran
    cwd=$(recorded_as launcherCwd) user=$(recorded_as launcherUser) argv64=$launcher64 environ="$environ.launcher"
  fi
  cd -- "$cwd" || die "cannot enter $cwd"
  # NUL-separated as /proc had it: an argument may hold a newline (a loop given to sh -c)
  mapfile -d '' -t argv < <(printf '%s' "$argv64" | base64 -d)
  [ "${#argv[@]}" -gt 0 ] || die "the recorded command line is empty"
  if [ -f "$environ" ]; then mapfile -d '' -t envv < "$environ"; fi
  # its output where it went before, when that was a file; else the restart log
  out=$log
  case "$stdout" in /dev/*|'') ;; /*) if [ -f "$stdout" ]; then out=$stdout; fi ;; esac
  if [ -n "$tmux_session" ]; then
    # it ran in a tmux pane: it comes back in a detached session of that name, as its owner left it
    read -r -a sock <<< "$(recorded_as tmuxSocketArgs | base64 -d)"
    owner=$(recorded_as tmuxOwner)
    if runuser -u "$owner" -- tmux "${sock[@]}" has-session -t "=$tmux_session" 2>/dev/null; then
      runuser -u "$owner" -- tmux "${sock[@]}" new-window -d -t "=$tmux_session" -c "$cwd" -- env -i "${envv[@]}" "${argv[@]}" \
        || die "tmux new-window in $tmux_session failed"
    else
      runuser -u "$owner" -- tmux "${sock[@]}" new-session -d -s "$tmux_session" -c "$cwd" -- env -i "${envv[@]}" "${argv[@]}" \
        || die "tmux new-session $tmux_session failed"
    fi
    wait_until "$timeout" old_app_answers || die "the old app did not answer on port $port within ${timeout}s (in tmux session $tmux_session)"
    fact restoredAt "$(now_ms)"; fact restoredIn "tmux session $tmux_session"; fact state started; exit 0
  elif [ -n "$screen_session" ]; then
    # it ran in a screen window: it comes back in a detached screen session of that name
    owner=$(recorded_as screenOwner)
    # a live session of that name (a dead one's socket, left by a killed screen, takes no command)
    if runuser -u "$owner" -- screen -ls 2>/dev/null | grep -F ".$screen_session" | grep -qE '\((Attached|Detached)\)'; then
      runuser -u "$owner" -- screen -S "$screen_session" -X chdir "$cwd"
      runuser -u "$owner" -- screen -S "$screen_session" -X screen env -i "${envv[@]}" "${argv[@]}" \
        || die "a new window in screen session $screen_session failed"
    else
      runuser -u "$owner" -- screen -dmS "$screen_session" env -i "${envv[@]}" "${argv[@]}" \
        || die "screen -dmS $screen_session failed"
    fi
    wait_until "$timeout" old_app_answers || die "the old app did not answer on port $port within ${timeout}s (in screen session $screen_session)"
    fact restoredAt "$(now_ms)"; fact restoredIn "screen session $screen_session"; fact state started; exit 0
  elif [ "$(id -un)" = "$user" ]; then
    setsid nohup env -i "${envv[@]}" "${argv[@]}" >> "$out" 2>&1 < /dev/null &
  else
    setsid nohup runuser -u "$user" -- env -i "${envv[@]}" "${argv[@]}" >> "$out" 2>&1 < /dev/null &
  fi
  child=$!
  deadline=$(( $(now_ms) + timeout * 1000 ))
  until old_app_answers; do
    if ! alive "$child"; then
      die "the old app exited before it answered on port $port; its last output ($out): $(tail -n 5 -- "$out" 2>/dev/null | tr '\n' ' ')"
    fi
    [ "$(now_ms)" -ge "$deadline" ] && die "the old app (pid $child) did not answer on port $port within ${timeout}s"
    sleep 0.05
  done
fi
fact restoredAt "$(now_ms)"
fact state started
