# Undo of disabling auto-start: removes the marker from the cron lines it commented out and
# enables the unit again if it was enabled, as the state file that the disabling wrote before it
# acted says (so this also undoes a disabling that failed halfway).
unit=$1 cron=$2 marker=$3 state=$4
was_enabled=no
if [ -f "$state" ]; then was_enabled=$(sed -n 's/^@unitWasEnabled=//p' "$state"); fi
if [ -n "$cron" ] && [ -f "$cron" ] && grep -qF -- "$marker" "$cron"; then
  awk -v marker="$marker" 'index($0, marker) == 1 { print substr($0, length(marker) + 1); next } { print }' \
    "$cron" > "$cron.cutover-new"
  replace_file "$cron" "$cron.cutover-new" && rm -f -- "$cron.cutover-new"
  fact cron restored
fi
if [ "$was_enabled" = yes ] && ! systemctl is-enabled --quiet "$unit" 2>/dev/null; then
  systemctl enable "$unit" || die "systemctl enable $unit failed"
  fact unit enabled
fi
fact state restored
