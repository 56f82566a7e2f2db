# Disables every way the old app is started at boot (see autostarts in common.sh): enabled units
# are disabled (a user's own through that user's manager), and the lines of cron files,
# /etc/rc.local and users' crontabs that name its folder are commented out with a marker. What was
# found, and a copy of every file and crontab before it changes, is committed to the state file and
# its folder first: a second run (after a crash) acts on what the first one found, and the undo puts
# each back byte for byte.
unit=$1 cron=$2 old_dir=$3 marker=$4 state=$5 unit_dir=$6
if [ ! -f "$state" ]; then
  mkdir -p -- "$state.d"
  was_enabled=no n=0
  {
    while IFS= read -r item; do
      n=$((n + 1))
      kind=${item%%|*} where=${item#*|}
      case "$kind" in
        file) cp -p -- "$where" "$state.d/$n" || die "cannot keep a copy of $where" ;;
        supervisor) file=$(printf '%s' "$where" | cut -d'|' -f2); cp -p -- "$file" "$state.d/$n" || die "cannot keep a copy of $file" ;;
        crontab) crontab -l -u "$where" > "$state.d/$n" || die "cannot keep a copy of $where's crontab" ;;
        unit) if [ "$where" = "$unit" ]; then was_enabled=yes; fi ;;
      esac
      fact "autostart.$n" "$item"
    done < <(autostarts "$old_dir" "$unit" "$cron" "$unit_dir")
    fact autostarts "$n"
    fact unitWasEnabled "$was_enabled"
  } > "$state.tmp" || die "cannot record the auto-start state in $state"
  mv -f -- "$state.tmp" "$state" || die "cannot record the auto-start state in $state"
fi
changed=no
while IFS= read -r item; do
  kind=${item%%|*} where=${item#*|}
  case "$kind" in
    unit)
      if systemctl is-enabled --quiet "$where" 2>/dev/null; then
        systemctl disable "$where" || die "systemctl disable $where failed"; changed=yes
      fi ;;
    userunit)
      scope="user:${where%%|*}" name=${where#*|}
      if service_ctl "$scope" is-enabled --quiet "$name" 2>/dev/null; then
        service_ctl "$scope" disable "$name" || die "systemctl --user disable $name of ${where%%|*} failed"; changed=yes
      fi ;;
    file)
      if grep -v '^[[:space:]]*#' -- "$where" | grep -qF -- "$old_dir"; then
        comment_out "$marker" "$old_dir" < "$where" > "$where.cutover-new"
        replace_file "$where" "$where.cutover-new" && rm -f -- "$where.cutover-new"; changed=yes
      fi ;;
    supervisor)
      # the file only: supervisord reads it at its next start (at boot); the running program is the stop's
      file=$(printf '%s' "$where" | cut -d'|' -f2) program=${where##*|}
      if ! supervisor_autostart_is_off "$program" "$file"; then
        supervisor_autostart_off "$program" < "$file" > "$file.cutover-new"
        replace_file "$file" "$file.cutover-new" && rm -f -- "$file.cutover-new"; changed=yes
      fi ;;
    crontab)
      if crontab -l -u "$where" 2>/dev/null | grep -v '^[[:space:]]*#' | grep -qF -- "$old_dir"; then
        # (through standard input: crontab truncates a long file name)
        crontab -l -u "$where" | comment_out "$marker" "$old_dir" > "$state.d/crontab-new"
        crontab -u "$where" - < "$state.d/crontab-new" || die "crontab -u $where failed"
        rm -f -- "$state.d/crontab-new"; changed=yes
      fi ;;
  esac
done < <(sed -n 's/^@autostart\.[0-9]*=//p' "$state")
cat -- "$state"
if [ "$changed" = yes ]; then fact state disabled; else fact state unchanged; fi
