# Reads the target's state and changes nothing. Whatever verification will check that can be
# known before the window is checked here, so a missing file never costs an outage.
old_port=$1 site=$2 conf=$3 backup=$4 min_free=$5 workspace=$6 old_dir=$7
new_dir=$8 python=$9 entry=${10} static_dir=${11} static_probe=${12} unit=${13} cron=${14} unit_dir=${15} new_db_options=${16} db_name=${17}
passed ssh "a login over SSH" "logged in as $(id -un) on $(hostname)"
code=$(http_code "http://127.0.0.1:$old_port/")
if [ "$code" != 000 ]; then passed old-service "an HTTP answer on 127.0.0.1:$old_port" "HTTP $code"
else failed old-service "an HTTP answer on 127.0.0.1:$old_port" "nothing answers"; fi
if command -v nginx >/dev/null 2>&1; then
  if out=$(nginx -t ${conf:+-c "$conf"} 2>&1); then passed nginx "nginx -t passes" "it passes"
  else failed nginx "nginx -t passes" "it fails: $(printf '%s' "$out" | tail -n 1)"; fi
else failed nginx "nginx -t passes" "nginx is not installed"; fi
if [ -f "$site" ]; then passed nginx-site "$site exists" "it exists"; else failed nginx-site "$site exists" "it does not exist"; fi
if command -v mysqldump >/dev/null 2>&1; then passed dump-tool "mysqldump installed" "$(mysqldump --version | head -n 1)"
else failed dump-tool "mysqldump installed" "it is not installed"; fi
d=$backup
while [ ! -d "$d" ]; do d=$(dirname -- "$d"); done
free=$(df -Pm -- "$d" | awk 'NR==2 {print $4}')
if [ "$free" -ge "$min_free" ]; then passed backup-space "$min_free MB free under $d" "$free MB free"
else failed backup-space "$min_free MB free under $d" "$free MB free"; fi
if [ -d "$workspace" ]; then passed migration-workspace "$workspace exists" "it exists"
else failed migration-workspace "$workspace exists" "it does not exist"; fi
if [ -d "$old_dir" ]; then passed old-app "$old_dir exists" "it exists"; else failed old-app "$old_dir exists" "it does not exist"; fi
# what keeps the old app alive is stopped with it and brought back by a rollback: listed for the plan
holder=$(port_holder "$old_port") above="" service="" scope=""
if [ -n "$holder" ]; then
  chain="" above=$(launchers "$holder")
  read -r scope service <<< "$(keeping_unit "$holder")"
  service_group=$(unit_of "$holder")
  # each with what it is (its executable, whatever the kernel calls it) and what the cutover does with it
  case "$scope" in
    system) chain=" the systemd service $service (its control group; main pid $(service_ctl system show -p MainPID --value "$service")): stopped and started again through systemctl, with everything in its group;" ;;
    user:*) chain=" the systemd user service $service of ${scope#user:} (its control group; main pid $(service_ctl "$scope" show -p MainPID --value "$service")): stopped and started again through that user's manager, with everything in its group;" ;;
  esac
  if [ "$scope" = system ] && [ -n "$unit" ] && [ "$unit" != "$service" ]; then
    failed old-app-unit "old-app.unit is the service that runs the old app" "it is $service, not $unit"
  fi
  if [ -z "$scope" ] && [ "$(stop_signal "$holder")" = INT ]; then
    chain="$chain pid $holder is a uWSGI master: stopped with SIGINT (it takes SIGTERM as a reload), its workers with it;"
  fi
  for p in $above; do
    chain="$chain pid $p ($(interpreter "$p"), as $(stat -c %U "/proc/$p"), stopped first, started again by a rollback): $(shown_cmdline "$p" | cut -c1-160);"
  done
  parent=$(ps -o ppid= -p "$holder" 2>/dev/null | tr -d ' ')
  pane=$(printf '%s\n' "$above" | tail -n 1); pane=${pane:-$holder}
  server=$(ps -o ppid= -p "$pane" 2>/dev/null | tr -d ' ')
  case "$(cat "/proc/$server/comm" 2>/dev/null)" in
    tmux*) chain="$chain a tmux pane (server pid $server): a rollback starts it in a tmux session of the same name;" ;;
    screen) chain="$chain a screen window (SCREEN pid $server): a rollback starts it in a screen session of the same name;" ;;
  esac
  if [ -n "$parent" ] && [ "$(cat "/proc/$parent/comm" 2>/dev/null)" = supervisord ]; then
    chain="$chain supervisord pid $parent ($(supervisor_conf "$parent")): stopped and started through supervisorctl;"
  fi
  passed old-app-launchers "what keeps pid $holder running, stopped with it" "${chain:- none (no launcher above it)}"
fi
# after the stop nothing may run from the old app's folder: anything but the app, what it started
# and its launchers would be left running (the stop then fails and names it)
if [ -d "$old_dir" ]; then
  others=""
  while read -r pid user cmd; do
    [ -n "$pid" ] || continue
    # what runs in the old app's service goes with it
    if [ -n "$service" ] && [ "$(unit_of "$pid")" = "$service_group" ]; then continue; fi
    p=$pid
    while [ -n "$p" ] && [ "$p" -gt 1 ]; do
      case " $holder $(printf '%s' "${above:-}" | tr '\n' ' ') " in *" $p "*) continue 2 ;; esac
      p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')
    done
    # one that ended while its launchers were looked up keeps nothing running
    [ -d "/proc/$pid" ] || continue
    others="$others pid $pid ($user): $cmd;"
  done < <(processes_in "$old_dir")
  if [ -z "$others" ]; then passed old-app-folder "nothing but the old app and its launchers runs from $old_dir" "nothing else"
  else failed old-app-folder "nothing but the old app and its launchers runs from $old_dir" "$(printf '%s' "$others" | tr '|' '/')"; fi
fi
if [ -d "$new_dir" ]; then passed new-app "$new_dir exists" "it exists"; else failed new-app "$new_dir exists" "it does not exist"; fi
if [ -x "$python" ]; then passed new-app-interpreter "$python runs" "$("$python" --version 2>&1 | head -n 1)"
else failed new-app-interpreter "$python runs" "it is not an executable file"; fi
if [ -f "$new_dir/$entry" ]; then passed new-app-entry "$new_dir/$entry exists" "it exists"
else failed new-app-entry "$new_dir/$entry exists" "it does not exist"; fi
# the new app's database, with the new app's own credentials (verification checks its data through it)
if [ -n "$new_db_options" ]; then
  if [ ! -f "$new_db_options" ]; then failed new-app-database "a connection with $new_db_options" "the file does not exist"
  elif out=$(mariadb --defaults-extra-file="$new_db_options" -N -B -e 'SELECT 1' "$db_name" 2>&1); then
    passed new-app-database "a connection to $db_name with $new_db_options" "connected"
  else failed new-app-database "a connection to $db_name with $new_db_options" "$(printf '%s' "$out" | tail -n 1 | tr '|' '/')"; fi
fi
# every way the old app starts at boot, disabled in the window and restored by a rollback: listed for the plan
[ "$scope" = system ] || service=""
found=$(autostarts "$old_dir" "${unit:-$service}" "$cron" "$unit_dir" | tr '\n' ' ')
passed old-app-autostart "what starts $old_dir at boot, disabled in the window" "${found:-nothing found}"
# verification asks nginx for this file through the new prefix
if [ -f "$static_dir/$static_probe" ]; then passed static-probe "$static_dir/$static_probe exists" "it exists"
elif [ -d "$static_dir" ]; then
  failed static-probe "$static_dir/$static_probe exists" \
    "it does not; the folder has: $(find "$static_dir" -maxdepth 1 -type f -printf '%f ' 2>/dev/null | cut -c1-200)(set new-app.static-probe to one of them)"
else failed static-probe "$static_dir/$static_probe exists" "the folder $static_dir does not exist"; fi
for tool in curl ss sha256sum gzip systemctl; do
  command -v "$tool" >/dev/null 2>&1 || failed "tool-$tool" "$tool installed" "it is not installed"
done
exit 0
