# Undo of disabling auto-start: every unit it disabled is enabled again, and in every cron file and
# crontab the lines it commented (with this run's marker) are put back as they were, whatever else
# changed there since (another cutover's lines, a person's edit); a line it commented that someone
# changed since stops the undo, which names it. A supervisord program file is put back from the
# copy the disabling kept before it acted (so this also undoes a disabling that failed halfway).
state=$1 marker=$2 old_dir=$3
if [ ! -f "$state" ]; then fact state unchanged; exit 0; fi
n=0
while IFS= read -r item; do
  n=$((n + 1))
  kind=${item%%|*} where=${item#*|} saved="$state.d/$n"
  case "$kind" in
    unit)
      if ! systemctl is-enabled --quiet "$where" 2>/dev/null; then
        systemctl enable "$where" || die "systemctl enable $where failed"
        fact "restored.$n" "unit $where enabled"
      fi ;;
    userunit)
      scope="user:${where%%|*}" name=${where#*|}
      if ! service_ctl "$scope" is-enabled --quiet "$name" 2>/dev/null; then
        service_ctl "$scope" enable "$name" || die "systemctl --user enable $name of ${where%%|*} failed"
        fact "restored.$n" "user unit $name of ${where%%|*} enabled"
      fi ;;
    file)
      [ -f "$saved" ] || die "the copy of $where ($saved) is missing"
      if grep -qF -- "$marker" "$where"; then
        comment_out "$marker" "$old_dir" < "$saved" > "$state.d/$n.left"
        revert_marked "$marker" "$state.d/$n.left" "$where" > "$where.cutover-new" || die "$where is not restored"
        replace_file "$where" "$where.cutover-new" || die "could not put $where back"
        rm -f -- "$where.cutover-new"
        fact "restored.$n" "$where"
      fi ;;
    supervisor)
      file=$(printf '%s' "$where" | cut -d'|' -f2)
      [ -f "$saved" ] || die "the copy of $file ($saved) is missing"
      if ! cmp -s -- "$saved" "$file"; then
        replace_file "$file" "$saved" || die "could not put $file back"
        fact "restored.$n" "$file"
      fi ;;
    crontab)
      [ -f "$saved" ] || die "the copy of $where's crontab ($saved) is missing"
      crontab -l -u "$where" > "$state.d/$n.now" 2>/dev/null || true
      if grep -qF -- "$marker" "$state.d/$n.now"; then
        comment_out "$marker" "$old_dir" < "$saved" > "$state.d/$n.left"
        revert_marked "$marker" "$state.d/$n.left" "$state.d/$n.now" > "$state.d/$n.new" || die "the crontab of $where is not restored"
        crontab -u "$where" - < "$state.d/$n.new" || die "crontab -u $where failed"
        fact "restored.$n" "crontab of $where"
      fi ;;
  esac
done < <(sed -n 's/^@autostart\.[0-9]*=//p' "$state")
fact state restored
