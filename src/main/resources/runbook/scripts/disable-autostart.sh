# Disables the old app's unit and comments out its cron entries with a marker, so the undo can
# restore both exactly. What was found is committed to a state file before anything changes: a
# second run (after a crash) acts on what the first one found, never on what it left behind.
unit=$1 cron=$2 old_dir=$3 marker=$4 state=$5
# found: what this run found just now (no need to ask again); empty when a state file was there already
found=""
if [ ! -f "$state" ]; then
  was_enabled=no
  if [ -n "$unit" ] && systemctl is-enabled --quiet "$unit" 2>/dev/null; then was_enabled=yes; fi
  lines=0
  if [ -n "$cron" ] && [ -f "$cron" ]; then
    lines=$(grep -v '^[[:space:]]*#' -- "$cron" | grep -cF -- "$old_dir" || true)
  fi
  if ! { fact unitWasEnabled "$was_enabled"; fact cronLinesDisabled "$lines"; } > "$state.tmp" \
      || ! mv -f -- "$state.tmp" "$state"; then
    die "cannot record the auto-start state in $state"
  fi
  found="$was_enabled $lines"
fi
changed=no
if [ "$(sed -n 's/^@unitWasEnabled=//p' "$state")" = yes ] \
    && { [ "${found%% *}" = yes ] || systemctl is-enabled --quiet "$unit" 2>/dev/null; }; then
  systemctl disable "$unit" || die "systemctl disable $unit failed"
  changed=yes
fi
if [ -n "$found" ]; then
  cron_left=${found##* }
elif [ -n "$cron" ] && [ -f "$cron" ]; then
  cron_left=$(grep -v '^[[:space:]]*#' -- "$cron" | grep -cF -- "$old_dir" || true)
else
  cron_left=0
fi
if [ "$cron_left" -gt 0 ]; then
  awk -v dir="$old_dir" -v marker="$marker" \
    '!/^[[:space:]]*#/ && index($0, dir) { print marker $0; next } { print }' "$cron" > "$cron.cutover-new"
  replace_file "$cron" "$cron.cutover-new" && rm -f -- "$cron.cutover-new"
  changed=yes
fi
cat -- "$state"
if [ "$changed" = yes ]; then fact state disabled; else fact state unchanged; fi
