# Undo of disabling auto-start: every unit it disabled is enabled again, and every file and crontab
# it changed is put back byte for byte from the copy the disabling kept before it acted (so this
# also undoes a disabling that failed halfway).
state=$1
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
    file)
      [ -f "$saved" ] || die "the copy of $where ($saved) is missing"
      if ! cmp -s -- "$saved" "$where"; then
        replace_file "$where" "$saved" || die "could not put $where back"
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
      if ! crontab -l -u "$where" 2>/dev/null | cmp -s -- "$saved" -; then
        crontab -u "$where" - < "$saved" || die "crontab -u $where failed"
        fact "restored.$n" "crontab of $where"
      fi ;;
  esac
done < <(sed -n 's/^@autostart\.[0-9]*=//p' "$state")
fact state restored
