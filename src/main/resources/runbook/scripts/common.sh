# Shared helpers of the runbook's scripts. Each script is fed to `bash -s -- ARGS...` on its
# standard input; its arguments arrive as positional parameters, quoted by the caller.
# A script reports what it found as `@key=value` lines on stdout; errors go to stderr.
set -u
# everything a step creates (dumps, option files, backups) is private until it is given its mode
umask 077
export LC_ALL=C
fact() { printf '@%s=%s\n' "$1" "$2"; }
# passed NAME EXPECTED FOUND, failed NAME EXPECTED FOUND: one named finding of a check (no '|' in EXPECTED)
passed() { fact "check.$1" "ok|$2|$3"; }
failed() { fact "check.$1" "fail|$2|$3"; }
die() { printf '%s\n' "$*" >&2; exit 1; }
now_ms() { local us=${EPOCHREALTIME/[.,]/}; echo $(( us / 1000 )); }
# alive PID: the process runs (one that exited and waits to be reaped does not)
alive() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }
# What a person may read of the host's own text (a command line, a launcher's loop) with its
# secrets masked: the values of options and variables whose names are password-, secret-, token-
# or key-shaped (or end in pw), -pVALUE (as mysql takes a password) and the password of a URL's
# user-info. The exact text stays on the host, in state files only root reads.
secret_name() {
  local n=${1,,}
  [[ "$n" =~ (pass|pwd|secret|token|key|credential|auth|private|cookie|session) ]] || [[ "$n" =~ (^|[-_.])pw$ ]]
}
# mask_text: stdin to stdout, secret-shaped values inside free text masked
mask_text() {
  local word='[A-Za-z0-9_.-]*(pass|pwd|secret|token|key|credential|auth|private|cookie|session)[A-Za-z0-9_.-]*|([A-Za-z0-9_.-]*[_.-])?pw'
  # a value runs to the next blank or shell operator; a quoted part or an escaped character belongs to it
  local value="('[^']*'|\"[^\"]*\"|\\\\.|[^[:space:]\\\\'\";&|])"
  sed -E -e 's#(://[^/:@[:space:]]*:)[^@/[:space:]]+@#\1****@#g' \
    -e "s/(^|[[:space:]'\"])(-{0,2}($word))=$value*/\\1\\2=****/gI" \
    -e "s/(^|[[:space:]'\"])(--?($word))[[:space:]]+[^-[:space:]*]$value*/\\1\\2 ****/gI" \
    -e "s/(^|[[:space:]'\"])-p[^[:space:]*]$value*/\\1-p****/g"
}
# shown_cmdline PID: the process's command line as one line a person reads, each argument quoted
# where the shell would need it, secrets masked argument by argument and then inside the text
shown_cmdline() {
  local args a name line="" hide=no
  mapfile -d '' -t args < "/proc/$1/cmdline" 2>/dev/null || return 0
  for a in "${args[@]}"; do
    a=${a//$'\n'/ }
    name=${a%%=*}
    if [ "$hide" = yes ]; then a='****'; hide=no
    elif [[ "$a" =~ ^-p.+ ]]; then a='-p****'
    elif [ "$name" != "$a" ] && [[ "$name" =~ ^-{0,2}[A-Za-z0-9_.-]+$ ]] && secret_name "$name"; then a="$name=****"
    elif [[ "$a" =~ ^--?[A-Za-z0-9_.-]+$ ]] && secret_name "$a"; then hide=yes
    fi
    case "$a" in *[[:space:]\'\"\;\&\|\$\`\\\<\>\(\)]*) a="'${a//\'/\'\\\'\'}'" ;; esac
    line="$line $a"
  done
  printf '%s\n' "${line# }" | mask_text
}
# environment_names FILE: the names in a NUL-separated environment file, values left on the host
environment_names() {
  tr '\0' '\n' < "$1" | sed -n 's/^\([^=]*\)=.*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}
# interpreter PID: the shell or script interpreter the process runs, by its executable, not by its
# name: the kernel names a script started through its #! line after the script (run.sh), not after
# its shell. Prints the executable's name; fails for any other program.
interpreter() {
  local exe
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  case "${exe##*/}" in
    bash|sh|dash|zsh|ksh|mksh|ash|busybox|python|python[23]|python[23].*|perl|perl5*|ruby|ruby[0-9]*|php|php[0-9]*|node|nodejs)
      printf '%s\n' "${exe##*/}" ;;
    *) return 1 ;;
  esac
}
# launchers PID: the shells and interpreters that keep the process alive (a respawn loop, a start
# script, a sh -c string, a loop in Python), nearest first, up to the first ancestor that is
# something else (init, systemd, sshd, supervisord, tmux) or a person's interactive shell. Printed
# one per line.
launchers() {
  local p argc group
  group=$(cat "/proc/$1/cgroup" 2>/dev/null)
  p=$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    interpreter "$p" >/dev/null || return 0
    # a process in another control group is a service manager's, not this app's (systemd keeps a
    # service in a group of its own; what started the service is not part of it)
    [ "$(cat "/proc/$p/cgroup" 2>/dev/null)" = "$group" ] || return 0
    # an interactive shell has no script and no -c: it is someone's session, not a launcher
    argc=$(tr -cd '\0' < "/proc/$p/cmdline" | wc -c)
    [ "$argc" -gt 1 ] || return 0
    printf '%s\n' "$p"
    p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')
  done
}
# stop_signal PID: the signal that ends the program for good: INT for a uWSGI master, which takes
# TERM as "reload every worker and the master" (uWSGI's "Managing the uWSGI server": its stop is
# SIGINT, --die-on-term aside); TERM for anything else
stop_signal() { case "$(readlink "/proc/$1/exe" 2>/dev/null)" in */uwsgi*) echo INT ;; *) echo TERM ;; esac; }
# unit_of PID: the systemd service whose control group holds the process, read from /proc/PID/cgroup
# (the unified line "0::PATH", else the "name=systemd" line of a hybrid host): "system|NAME" for a
# system service (…/system.slice/NAME.service, under any prefix a container adds), "user|UID|NAME"
# for a user service (…/user@UID.service/…/NAME.service); nothing for a login session, a scope or
# no systemd. Whatever runs in a service's group is stopped with it and started by it again.
unit_of() {
  local path
  path=$(sed -n 's/^0:://p' "/proc/$1/cgroup" 2>/dev/null | head -n 1)
  case "$path" in ''|/) path=$(sed -n 's/^[0-9]*:name=systemd://p' "/proc/$1/cgroup" 2>/dev/null | head -n 1) ;; esac
  cgroup_unit "$path"
}
# keeping_unit PID: the service that runs the process, when it is the old app's own, as "SCOPE NAME"
# (SCOPE "system", or "user:USER" for a user's own service): the service's main process is the
# process itself or one of its launchers. A process that cron, sshd or rc-local started also lies in
# that service's group, but the service is not the old app's.
keeping_unit() {
  local found scope name main
  found=$(unit_of "$1")
  case "$found" in
    system\|*) scope=system name=${found#system|} ;;
    user\|*) scope="user:$(getent passwd "$(printf '%s' "$found" | cut -d'|' -f2)" | cut -d: -f1)" name=${found##*|} ;;
    *) return 0 ;;
  esac
  main=$(service_ctl "$scope" show -p MainPID --value "$name" 2>/dev/null || echo 0)
  if [ "$main" = "$1" ] || launchers "$1" | grep -qx -- "$main"; then printf '%s %s\n' "$scope" "$name"; fi
}
# service_ctl SCOPE ARGS...: systemctl for a system service (SCOPE "system") or for a user's own
# (SCOPE "user:USER", through that user's manager: systemctl(1), --user --machine=USER@)
service_ctl() {
  local scope=$1; shift
  case "$scope" in user:*) systemctl --user --machine="${scope#user:}@" "$@" ;; *) systemctl "$@" ;; esac
}
# cgroup_unit PATH: unit_of for a control group's path
cgroup_unit() {
  local path=$1 name uid
  name=${path##*/}
  case "$name" in *.service) ;; *) return 0 ;; esac
  case "$path" in
    */user@*.service/*)
      uid=${path#*/user@}; uid=${uid%%.service/*}
      [ "$name" = "user@$uid.service" ] || printf 'user|%s|%s\n' "$uid" "${name%.service}" ;;
    *) case "$name" in user@*.service|user-runtime-dir@*.service) ;; *) printf 'system|%s\n' "${name%.service}" ;; esac ;;
  esac
}
# processes_in DIR: every process whose working directory, executable, command line or an open file
# lies in DIR, as "PID USER COMMAND" lines. Not counted: this script's own session and the chain
# that started it (their command lines name DIR as an argument), and a tmux or screen server (it
# keeps the command it was started with and the folder it was started in, not the old code)
processes_in() {
  local dir=${1%/} own sid pid p s user
  own=" $$ "
  p=$(ps -o ppid= -p $$ 2>/dev/null | tr -d ' ')
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do own="$own$p "; p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' '); done
  sid=$(ps -o sid= -p $$ 2>/dev/null | tr -d ' ')
  {
    find /proc -mindepth 2 -maxdepth 2 \( -name cwd -o -name exe \) \( -lname "$dir" -o -lname "$dir/*" \) -printf '%h\n' 2>/dev/null
    find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 \( -lname "$dir" -o -lname "$dir/*" \) -printf '%h\n' 2>/dev/null | sed 's|/fd$||'
    grep -lzF -e "$dir/" /proc/[0-9]*/cmdline 2>/dev/null | sed 's|/cmdline$||'
    grep -lzxF -e "$dir" /proc/[0-9]*/cmdline 2>/dev/null | sed 's|/cmdline$||'
  } | sed -n 's|^/proc/\([0-9][0-9]*\)$|\1|p' | sort -un | while read -r pid; do
    case "$own" in *" $pid "*) continue ;; esac
    # a process that has ended since it was found (this function's own grep among them) is skipped
    s=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')
    if [ -z "$s" ] || [ "$s" = "$sid" ]; then continue; fi
    case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in */tmux|*/screen) continue ;; esac
    user=$(stat -c %U "/proc/$pid" 2>/dev/null) || continue
    printf '%s %s %s\n' "$pid" "$user" "$(shown_cmdline "$pid" | cut -c1-200)"
  done
}
# tmux_socket_args PID: how to reach the tmux server with this pid (its -S or -L), one word per line
tmux_socket_args() {
  local args
  mapfile -d '' -t args < "/proc/$1/cmdline"
  for i in "${!args[@]}"; do
    case "${args[$i]}" in -S|-L) printf '%s\n%s\n' "${args[$i]}" "${args[$((i + 1))]}" ;; esac
  done
}
# supervisor_conf PID: the configuration file of the supervisord with this pid (its -c, or the default)
supervisor_conf() {
  local args conf=/etc/supervisor/supervisord.conf
  mapfile -d '' -t args < "/proc/$1/cmdline"
  for i in "${!args[@]}"; do
    case "${args[$i]}" in
      -c|--configuration) conf=${args[$((i + 1))]} ;;
      --configuration=*) conf=${args[$i]#--configuration=} ;;
    esac
  done
  printf '%s\n' "$conf"
}
# supervisor_programs OLD_DIR: the programs of every running supervisord (and of the system's
# configuration) whose command= or directory= names the folder, as CONF|PROGRAM_FILE|PROGRAM
supervisor_programs() {
  local old_dir=$1 conf dir pattern file
  for conf in $( { [ -f /etc/supervisor/supervisord.conf ] && echo /etc/supervisor/supervisord.conf
                   for p in $(pgrep -x supervisord); do supervisor_conf "$p"; done; } | sort -u); do
    [ -f "$conf" ] || continue
    dir=$(dirname -- "$conf")
    for file in "$conf" $(awk '/^\[include\]/ { f = 1; next } /^\[/ { f = 0 }
        f && /^files[[:space:]]*=/ { sub(/^files[[:space:]]*=[[:space:]]*/, ""); print }' "$conf" | tr ' ' '\n' \
        | while IFS= read -r pattern; do
            [ -n "$pattern" ] || continue
            case "$pattern" in /*) ;; *) pattern="$dir/$pattern" ;; esac
            for f in $pattern; do [ -f "$f" ] && printf '%s\n' "$f"; done
          done); do
      awk -v dir="$old_dir" '/^\[program:/ { name = substr($0, 10); sub(/\].*/, "", name); next } /^\[/ { name = "" }
        name != "" && /^(command|directory)[[:space:]]*=/ && index($0, dir) { print name }' "$file" | sort -u \
        | while IFS= read -r program; do printf '%s|%s|%s\n' "$conf" "$file" "$program"; done
    done
  done
}
# unit_dirs UNIT_DIR: the system unit load path (systemd.unit(5)): UNIT_DIR, and /etc, /run, /usr/lib
# and /lib's systemd/system both on / and under the root UNIT_DIR lies in (a host in a folder)
unit_dirs() {
  local root=${1%/etc/systemd/system} d
  [ "$root" != "$1" ] || root=""
  { printf '%s\n' "$1"
    for d in /etc/systemd/system /run/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
      printf '%s\n' "$d"; [ -z "$root" ] || printf '%s\n' "$root$d"
    done; } | awk '!seen[$0]++'
}
# autostarts OLD_DIR UNIT CRON_FILE UNIT_DIR: every way the old app is started at boot, one per
# line as KIND|WHERE: unit|NAME (the configured unit, or any in the load path whose ExecStart= or
# WorkingDirectory= points into the folder, when enabled), userunit|USER|NAME (such a unit of a
# user's own, enabled for that user), file|PATH (the cron file, /etc/crontab, /etc/cron.d,
# /etc/rc.local, with a line that is not a comment and names the folder), crontab|USER (root's,
# and every user's crontab in the spool, with such a line), supervisor|CONF|FILE|PROGRAM (a
# supervisor program with autostart on). Reads only.
autostarts() {
  local old_dir=$1 unit=$2 cron=$3 unit_dir=$4 f u
  {
    if [ -n "$unit" ] && systemctl is-enabled --quiet "$unit" 2>/dev/null; then echo "unit|$unit"; fi
    # (one grep over the whole load path first: /lib/systemd/system alone holds hundreds of units)
    # shellcheck disable=SC2046,SC2013 # one pattern per folder, expanded to its units; unit file names hold no space
    for f in $(grep -lF -- "$old_dir" $(unit_dirs "$unit_dir" | sed 's|$|/*.service|') 2>/dev/null); do
      u=$(basename -- "$f" .service)
      if grep -E '^(ExecStart|WorkingDirectory)=' -- "$f" | grep -qF -- "$old_dir" \
          && systemctl is-enabled --quiet "$u" 2>/dev/null; then echo "unit|$u"; fi
    done
  } | sort -u
  # each user's own units (the user search path's first folder), enabled for that user
  getent passwd | while IFS=: read -r name _ _ _ _ home _; do
    [ -d "$home/.config/systemd/user" ] || continue
    for f in "$home"/.config/systemd/user/*.service; do
      [ -f "$f" ] || continue
      u=$(basename -- "$f" .service)
      if grep -E '^(ExecStart|WorkingDirectory)=' -- "$f" | grep -qF -- "$old_dir" \
          && service_ctl "user:$name" is-enabled --quiet "$u" 2>/dev/null; then echo "userunit|$name|$u"; fi
    done
  done
  for f in "$cron" /etc/crontab /etc/cron.d/* /etc/rc.local; do
    if [ -f "$f" ] && grep -v '^[[:space:]]*#' -- "$f" | grep -qF -- "$old_dir"; then echo "file|$f"; fi
  done | sort -u
  supervisor_programs "$old_dir" | while IFS='|' read -r conf file program; do
    if ! supervisor_autostart_is_off "$program" "$file"; then echo "supervisor|$conf|$file|$program"; fi
  done
  if command -v crontab >/dev/null 2>&1; then
    for u in $( { echo root; ls /var/spool/cron/crontabs 2>/dev/null; } | sort -u); do
      if crontab -l -u "$u" 2>/dev/null | grep -v '^[[:space:]]*#' | grep -qF -- "$old_dir"; then echo "crontab|$u"; fi
    done
  fi
}
# supervisor_autostart_is_off PROGRAM FILE: the program's section says autostart=false
supervisor_autostart_is_off() {
  awk -v p="[program:$1]" '$0 == p { f = 1; next } /^\[/ { f = 0 } f && /^autostart[[:space:]]*=[[:space:]]*false/ { off = 1 }
    END { exit off ? 0 : 1 }' "$2"
}
# supervisor_autostart_off PROGRAM < FILE: the program's section with autostart=false (any autostart line replaced)
supervisor_autostart_off() {
  awk -v p="[program:$1]" '$0 == p { print; print "autostart=false"; f = 1; next } /^\[/ { f = 0 }
    f && /^autostart[[:space:]]*=/ { next } { print }'
}
# comment_out MARKER DIR: stdin to stdout, each line that is not a comment and names DIR commented with MARKER
comment_out() { awk -v dir="$2" -v marker="$1" '!/^[[:space:]]*#/ && index($0, dir) { print marker $0; next } { print }'; }
# revert_marked MARKER LEFT NOW: NOW with each line that LEFT (the file as this run's disabling left
# it) commented with MARKER back as it was, and every other line as it is now, so that what others
# changed since stays. Fails, naming them, when a line this run commented is no longer there as it
# left it: someone changed it since, and it is for a person to decide.
revert_marked() {
  local gone
  gone=$(awk -v m="$1" 'index($0, m) == 1' "$2" | grep -vxF -f "$3" || true)
  if [ -n "$gone" ]; then
    printf 'changed since this cutover commented them, so left as they are now: %s\n' "$(printf '%s' "$gone" | tr '\n' ';')" >&2
    return 1
  fi
  awk -v m="$1" 'index($0, m) == 1 { print substr($0, length(m) + 1); next } { print }' "$3"
}
port_pids() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }
# port_holder PORT: the process listening on PORT whose parent does not listen on it too (a master,
# not one of the workers that inherited its socket)
port_holder() {
  local pids p
  pids=$(port_pids "$1")
  for p in $pids; do
    printf '%s\n' "$pids" | grep -qx -- "$(ps -o ppid= -p "$p" | tr -d ' ')" || { printf '%s\n' "$p"; return 0; }
  done
  printf '%s\n' "$pids" | head -n 1
}
port_listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
port_free() { ! port_listening "$1"; }
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-5}" "$1" 2>/dev/null || true; }
http_ok() { [ "$(http_code "$1" 2)" = 200 ]; }
# expect_code SECONDS CODE URL: asks until the answer is CODE or the time is up, and prints the last
# answer (nginx's old workers keep answering with the old configuration for a moment after a reload)
expect_code() {
  local deadline=$(( $(now_ms) + $1 * 1000 )) code
  while :; do
    code=$(http_code "$3" 2)
    if [ "$code" = "$2" ] || [ "$(now_ms)" -ge "$deadline" ]; then printf '%s' "$code"; return 0; fi
    sleep 0.02
  done
}
# wait_until SECONDS COMMAND...: polls every 50 ms until COMMAND succeeds or the time is up
wait_until() {
  local deadline=$(( $(now_ms) + ${1%.*} * 1000 )); shift
  until "$@"; do
    [ "$(now_ms)" -ge "$deadline" ] && return 1
    sleep 0.01
  done
}
# start_old_app STATE ENVIRON PORT TIMEOUT LOG NEW_UNIT NEW_DIR: the old app started again the way it
# ran (its unit, or its command line in its folder as its user, with the environment it had and its
# output where it went, under its launcher, in its tmux or screen session), once the new unit has let
# go of the port, and waited for until it answers HTTP there. How it ran comes from the state file
# the stop wrote before it acted, so this also undoes a stop that failed halfway. The new unit on the
# port is stopped first; anything else on the port is not the old app, and this says so rather than
# take it for success. When it started, @restoredAt goes into the state file too, so that a second
# call (the next undo, a retry) reports that moment rather than its own.
start_old_app() {
  local state=$1 environ=$2 port=$3 timeout=$4 log=$5 new_unit=$6 new_dir=$7
  local mode unit cwd user argv64 stdout launcher64 tmux_session screen_session recorded pids holder running
  local holder_cwd main is_new new_state app_cwd envv argv out sock owner child deadline
  restored() { local at; at=$(now_ms); printf '@restoredAt=%s\n' "$at" >> "$state"; fact restoredAt "$at"; }
  answers() { [ "$(http_code "http://127.0.0.1:$port/" 2)" != 000 ]; }
  recorded_as() { sed -n "s/^@$1=//p" "$state" | head -n 1; }
  # no state file: the stop found nothing running, so there is nothing to start
  if [ ! -f "$state" ]; then fact state unchanged; return 0; fi
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
      fact restoredAt "$(sed -n 's/^@restoredAt=//p' "$state" | tail -n 1 | grep . || now_ms)"; fact state unchanged; return 0
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
      restored; fact restoredIn "tmux session $tmux_session"; fact state started; return 0
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
      restored; fact restoredIn "screen session $screen_session"; fact state started; return 0
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
  restored
  fact state started
}
# nginx_put_live CONF LIVE NEW: NEW renamed over the live site file LIVE (its mode and owner kept),
# `nginx -t` (with -c CONF unless empty), and a graceful reload that nginx took; if either fails
# the original goes back at once and the script fails with nginx's answer
nginx_put_live() {
  local conf=$1 live=$2 new=$3 original out
  original="$(dirname -- "$live")/.$(basename -- "$live").cutover-original-$$"
  cp -p -- "$live" "$original"
  replace_file "$live" "$new" || { rm -f -- "$original"; die "could not put $new in place of $live"; }
  if ! out=$(nginx_cmd "$conf" -t 2>&1); then
    replace_file "$live" "$original"; rm -f -- "$original"
    printf '%s\n' "$out" >&2
    die "nginx -t refused $new as $live; the original was put back"
  fi
  if ! nginx_reload "$conf"; then
    replace_file "$live" "$original"; rm -f -- "$original"
    die "nginx did not take $new as $live; the original was put back"
  fi
  rm -f -- "$original"
}
# nginx_cmd CONF ARGS...: nginx with -c CONF unless CONF is empty
nginx_cmd() { local conf=$1; shift; if [ -n "$conf" ]; then nginx "$@" -c "$conf"; else nginx "$@"; fi; }
# nginx_files CONF: sets nginx_pidfile and nginx_errorlog to the files the configuration names
nginx_files() {
  local dump
  dump=$(nginx_cmd "$1" -T 2>/dev/null)
  nginx_pidfile=$(printf '%s\n' "$dump" | sed -n 's/^[[:space:]]*pid[[:space:]]\{1,\}\([^;[:space:]]*\).*/\1/p' | head -n 1)
  nginx_errorlog=$(printf '%s\n' "$dump" | sed -n 's/^[[:space:]]*error_log[[:space:]]\{1,\}\([^;[:space:]]*\).*/\1/p' | head -n 1)
  nginx_pidfile=${nginx_pidfile:-/run/nginx.pid} nginx_errorlog=${nginx_errorlog:-/var/log/nginx/error.log}
}
# nginx_kids MASTER: sets kids to the master's child pids, read without starting a process (the
# reload below polls it every 10 ms)
nginx_kids() {
  kids=""
  # (the file has no newline at its end, so read reports end of file even when it read the pids)
  if [ -r "/proc/$1/task/$1/children" ]; then read -r kids < "/proc/$1/task/$1/children" || true
  else kids=$(pgrep -P "$1" | tr '\n' ' '); fi
}
# nginx_started_new MASTER PIDS: the master has a child that is not one of PIDS
nginx_started_new() {
  local kid; nginx_kids "$1"
  for kid in $kids; do case " $2 " in *" $kid "*) ;; *) return 0 ;; esac; done
  return 1
}
# nginx_old_left MASTER PIDS: sets left to how many of PIDS are still the master's children
nginx_old_left() {
  local kid; nginx_kids "$1"; left=0
  for kid in $2; do case " $kids " in *" $kid "*) left=$(( left + 1 )) ;; esac; done
}
nginx_old_gone() { nginx_old_left "$1" "$2"; [ "$left" = 0 ]; }
# nginx_reload CONF: a graceful reload that returns once nginx serves the new configuration. The
# master answers the signal by starting new workers and only then tells the old ones to finish;
# until they have, an old worker may still answer a request with the old configuration. A master
# that starts no new worker kept its old configuration (`nginx -t` passes a site whose port another
# process holds; the reload then fails in the master alone): that fails, with what nginx logged.
nginx_reload() {
  local conf=$1 master before waited logged
  nginx_files "$conf"
  master=$(cat -- "$nginx_pidfile" 2>/dev/null)
  if [ -z "$master" ] || ! alive "$master"; then echo "nginx is not running (no live master in $nginx_pidfile)" >&2; return 1; fi
  nginx_kids "$master"; before=$kids
  logged=$(stat -c %s -- "$nginx_errorlog" 2>/dev/null || echo 0)
  nginx_cmd "$conf" -s reload || { echo "nginx -s reload failed" >&2; return 1; }
  if ! wait_until 10 nginx_started_new "$master" "$before"; then
    printf 'nginx kept its old configuration: its master %s started no new worker within 10 s of the reload. It logged:\n' "$master" >&2
    tail -c "+$(( logged + 1 ))" -- "$nginx_errorlog" 2>/dev/null | grep -v 'signal process started' | head -n 5 >&2
    return 1
  fi
  waited=$(now_ms)
  wait_until 30 nginx_old_gone "$master" "$before" || true
  nginx_old_left "$master" "$before"
  fact oldWorkersLeft "$left"
  fact waitedForOldWorkersMs "$(( $(now_ms) - waited ))"
}
# replace_file FILE CONTENT_FILE: same mode and owner, written beside it and renamed over it
replace_file() {
  local tmp; tmp="$(dirname -- "$1")/.$(basename -- "$1").cutover-$$"
  cp -p -- "$1" "$tmp" && cat -- "$2" > "$tmp" && mv -f -- "$tmp" "$1"
}
# ---- The users' prober: what users saw during a window, measured on the host itself.
# prober_start LOG URL MS: unless a prober writes LOG already, asks URL (the public old URL through
# nginx, redirects followed) every MS milliseconds, one curl for the whole window, and ends by itself
# after an hour. Each answer is written as "MS CODE N", stamped with the moment it was asked, N counting the
# answers; only the first, every one that is not a 200 and the 200s on either side of those are
# written. Returns once the first answer is in, so an outage that follows has its last 200.
prober_start() {
  local log=$1 url=$2 ms=$3 sep='?'
  case "$ms" in ''|*[!0-9]*|0) die "the probe interval must be a whole number of milliseconds, not '$ms'" ;; esac
  [ "$ms" -le 60000 ] || die "the probe interval must be at most 60000 ms (curl's rate counts per minute), not $ms"
  if [ -f "$log.pid" ] && alive "$(cat -- "$log.pid")"; then return 0; fi
  case "$url" in *\?*) sep='&' ;; esac
  touch -- "$log"
  setsid bash -c "$prober_loop" prober "$log" "$url${sep}cutover-probe=[1-$(( 3600000 / ms ))]" "$(( 60000 / ms ))/m" \
    < /dev/null > /dev/null 2>&1 &
  printf '%s\n' "$!" > "$log.pid"
  wait_until 2 test -s "$log" || true
}
# (curl writes each answer's code and duration to stderr, which it does not buffer)
# shellcheck disable=SC2016 # expanded by the prober's own shell
prober_loop='log=$1 url=$2 rate=$3 n=0 prev="" held=""
curl -s -L --max-time 1 --rate "$rate" -w "%{stderr}%{http_code} %{time_total}\n" "$url" 2>&1 > /dev/null |
while read -r code took; do
  n=$(( n + 1 )); now=${EPOCHREALTIME/[.,]/}; took=${took/[.,]/}
  line="$(( (now - 10#$took) / 1000 )) $code $n"
  if [ "$code" = 200 ] && [ "$prev" = 200 ]; then held=$line
  else
    if [ -n "$held" ]; then printf "%s\n" "$held"; fi
    printf "%s\n" "$line"; held=""
  fi
  prev=$code
done >> "$log"'
# prober_stop LOG: ends the prober that writes LOG, if one does
prober_stop() {
  if [ -f "$1.pid" ]; then kill -TERM -- "-$(cat -- "$1.pid")" 2>/dev/null || true; rm -f -- "$1.pid"; fi
}
# prober_report LOG [UNTIL_MS]: what the prober saw, as facts: the longest stretch without a 200
# (from the last 200 before it, or its first answer, to the next 200, or the end), the answers that
# were not a 200 by status (000: no answer), and the span it asked over; up to UNTIL_MS when given,
# else up to now
prober_report() {
  [ -s "$1" ] || { fact probe.none "the prober wrote nothing to $1"; return 0; }
  awk -v end="${2:-$(now_ms)}" '
    $1 >= end { next }
    { if (first == "") first = $1
      if ($2 == 200) { if (bad != "") { d = $1 - (ok != "" ? ok : bad); if (d > longest) longest = d; bad = "" }; ok = $1 }
      else { count[$2]++; if (bad == "") bad = $1 } }
    END { if (bad != "") { d = end - (ok != "" ? ok : bad); if (d > longest) longest = d }
      for (c in count) not200 = not200 (not200 == "" ? "" : " ") c ":" count[c]
      printf "@probe.longestMs=%d\n@probe.not200=%s\n@probe.from=%s\n@probe.to=%s\n", longest, not200, first, end }' "$1"
}
