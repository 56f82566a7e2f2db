# Disables the old app's unit and comments out its cron entries with a marker, so the undo can
# restore both exactly. What was found is kept in a state file for a second run.
unit=$1 cron=$2 old_dir=$3 marker=$4 state=$5
if [ -f "$state" ]; then cat -- "$state"; fact state unchanged; exit 0; fi
was_enabled=no
if [ -n "$unit" ] && systemctl is-enabled --quiet "$unit" 2>/dev/null; then was_enabled=yes; fi
lines=0
if [ -n "$cron" ] && [ -f "$cron" ]; then
  lines=$(grep -v '^[[:space:]]*#' -- "$cron" | grep -cF -- "$old_dir" || true)
fi
{ fact unitWasEnabled "$was_enabled"; fact cronLinesDisabled "$lines"; } > "$state.tmp"
if [ "$was_enabled" = yes ]; then systemctl disable "$unit" || die "systemctl disable $unit failed"; fi
if [ "$lines" -gt 0 ]; then
  awk -v dir="$old_dir" -v marker="$marker" \
    '!/^[[:space:]]*#/ && index($0, dir) { print marker $0; next } { print }' "$cron" > "$cron.cutover-new"
  replace_file "$cron" "$cron.cutover-new" && rm -f -- "$cron.cutover-new"
fi
mv -f -- "$state.tmp" "$state"
cat -- "$state"
fact state disabled
