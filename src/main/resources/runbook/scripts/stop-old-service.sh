# Stops whatever listens on the old port: its unit if one runs it (configured, or the service whose
# control group holds it), else SIGTERM (SIGINT for a uWSGI master), and SIGKILL
# only after the grace period. How it ran (unit or command, folder, user, command line, where its
# output went, and its whole environment, kept beside the state file where only root reads it) is
# written before anything is stopped, and when it stopped is added after, so a second run (after a
# crash) reports the first and never stops what has taken the port since. What it reports is for
# people: the command lines with their secrets masked and the environment's names only; the exact
# argument vectors (@argv, @launcherArgv, @tmuxSocketArgs) and values stay in root's files here.
port=$1 unit=$2 grace=$3 state=$4 environ=$5 old_dir=$6
# the state as the record may show it: without the lines that only the undo on this host reads
report() { grep -v -e '^@argv=' -e '^@launcherArgv=' -e '^@tmuxSocketArgs=' -- "$state"; }
nothing_in() { [ -z "$(processes_in "$1")" ]; }
# once stopped, nothing may run from the old app's folder: a keeper nobody found would start the
# old code again (from the archive, on the migrated database) the moment the port is free
nothing_left() {
  local left
  # what ends with the app (its session, a worker) is given a moment to go
  wait_until 5 nothing_in "$old_dir" && return 0
  left=$(processes_in "$old_dir")
  [ -z "$left" ] || die "still running from $old_dir after the stop (stop or kill them, then retry): $(printf '%s' "$left" | sed 's/^/pid /' | tr '\n' ';')"
}
if [ -f "$state" ] && grep -q '^@stoppedAt=' "$state"; then report; nothing_left; fact state unchanged; exit 0; fi
pids=$(port_pids "$port")
if [ -z "$pids" ]; then
  if [ -f "$state" ]; then
    # recorded before a crash, and gone since
    { fact signal TERM; fact stoppedAt "$(now_ms)"; } >> "$state"
    report; nothing_left; fact state stopped; exit 0
  fi
  nothing_left
  fact mode none; fact stoppedAt "$(now_ms)"; fact state unchanged; exit 0
fi
pid=$(port_holder "$port")
if [ ! -f "$state" ]; then
  mode="command"
  # a service that runs it (found from its control group, a user's own too) is stopped through its
  # manager, or the manager would start it again
  scope=system
  [ -n "$unit" ] || read -r scope unit <<< "$(keeping_unit "$pid")"
  if [ -n "$unit" ] && service_ctl "${scope:=system}" is-active --quiet "$unit" 2>/dev/null; then mode=unit; fi
  # under supervisord, the program is stopped through it, or supervisord would start it again
  parent=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')
  sconf="" program=""
  if [ "$mode" = command ] && [ -n "$parent" ] && [ "$(cat "/proc/$parent/comm" 2>/dev/null)" = supervisord ]; then
    sconf=$(supervisor_conf "$parent")
    program=$(supervisorctl -c "$sconf" status 2>/dev/null | awk -v pid="pid $pid," 'index($0, pid) { print $1; exit }')
    if [ -n "$program" ]; then mode=supervisor; fi
  fi
  if ! { cat -- "/proc/$pid/environ" > "$environ.tmp" && mv -f -- "$environ.tmp" "$environ"; }; then
    die "cannot keep the environment of pid $pid"
  fi
  {
    fact mode "$mode"
    fact unit "$unit"
    fact unitScope "$scope"
    fact pid "$pid"
    fact cwd "$(readlink "/proc/$pid/cwd")"
    fact user "$(stat -c %U "/proc/$pid")"
    fact argv "$(base64 -w0 < "/proc/$pid/cmdline")"
    fact cmdline "$(shown_cmdline "$pid")"
    fact stdout "$(readlink "/proc/$pid/fd/1" 2>/dev/null || true)"
    fact environment "$(environment_names "$environ")"
    fact stopSignal "$(stop_signal "$pid")"
    fact supervisorConf "$sconf"
    fact supervisorProgram "$program"
    if [ "$mode" = command ]; then
      chain=$(launchers "$pid")
      top=$(printf '%s\n' "$chain" | tail -n 1)
      # in a tmux pane, the rollback starts it in a tmux session of the same name again
      pane=${top:-$pid}
      server=$(ps -o ppid= -p "$pane" 2>/dev/null | tr -d ' ')
      case "$(cat "/proc/$server/comm" 2>/dev/null)" in
        tmux*)
          owner=$(stat -c %U "/proc/$server")
          mapfile -t sock < <(tmux_socket_args "$server")
          session=$(runuser -u "$owner" -- tmux "${sock[@]}" list-panes -a -F '#{pane_pid} #{session_name}' 2>/dev/null \
            | awk -v p="$pane" '$1 == p { print $2; exit }')
          fact tmuxSession "$session"
          fact tmuxOwner "$owner"
          fact tmuxSocketArgs "$(printf '%s ' "${sock[@]}" | base64 -w0)" ;;
        screen)
          # the session is PID.NAME of the SCREEN process
          owner=$(stat -c %U "/proc/$server")
          session=$(runuser -u "$owner" -- screen -ls 2>/dev/null | awk -v p="$server" '{ split($1, id, "."); if (id[1] == p) { print substr($1, length(p) + 2); exit } }')
          fact screenSession "$session"
          fact screenOwner "$owner" ;;
      esac
      # a launcher (a respawn loop, a start script) would start the app again: it is stopped first,
      # and the topmost is what a rollback starts again
      fact launchers "$(printf '%s' "$chain" | tr '\n' ' ')"
      if [ -n "$top" ]; then
        cat -- "/proc/$top/environ" > "$environ.launcher" || die "cannot keep the environment of launcher $top"
        fact launcherCwd "$(readlink "/proc/$top/cwd")"
        fact launcherUser "$(stat -c %U "/proc/$top")"
        fact launcherArgv "$(base64 -w0 < "/proc/$top/cmdline")"
        fact launcherCmdline "$(shown_cmdline "$top")"
      fi
    fi
  } > "$state.tmp" && mv -f -- "$state.tmp" "$state"
fi
mode=$(sed -n 's/^@mode=//p' "$state")
signal=$(sed -n 's/^@stopSignal=//p' "$state" | grep . || echo TERM)
if [ "$mode" = unit ]; then
  unit=$(sed -n 's/^@unit=//p' "$state") scope=$(sed -n 's/^@unitScope=//p' "$state")
  service_ctl "${scope:-system}" stop "$unit" || die "systemctl stop $unit failed ($scope)"
elif [ "$mode" = supervisor ]; then
  supervisorctl -c "$(sed -n 's/^@supervisorConf=//p' "$state")" stop "$(sed -n 's/^@supervisorProgram=//p' "$state")" \
    || die "supervisorctl stop failed"
else
  chain=$(sed -n 's/^@launchers=//p' "$state")
  # shellcheck disable=SC2086 # one argument per pid
  [ -z "$chain" ] || kill -TERM $chain 2>/dev/null || true
  # shellcheck disable=SC2086 # one argument per pid
  kill "-$signal" $pids 2>/dev/null || true
fi
if ! wait_until "$grace" port_free "$port"; then
  signal=KILL
  # shellcheck disable=SC2046 # one argument per pid
  kill -KILL $(port_pids "$port") 2>/dev/null || true
  wait_until 5 port_free "$port" || die "port $port is still held after SIGKILL"
fi
{ fact signal "$signal"; fact stoppedAt "$(now_ms)"; } >> "$state"
report
nothing_left
fact state stopped
