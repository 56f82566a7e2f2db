# Before a step puts a file in place: keeps what was at the path (byte for byte, with its mode and
# owner) beside the run's backups, or records that nothing was there. Decided once: a second run
# finds the first one's record and leaves it, whatever the path holds by then.
path=$1 original=$2
if [ -f "$original" ]; then fact original "$original"; fact state unchanged; exit 0; fi
if [ -f "$original.none" ]; then fact original none; fact state unchanged; exit 0; fi
mkdir -p -- "$(dirname -- "$original")"
if [ -e "$path" ]; then
  if ! cp -p -- "$path" "$original.tmp" || ! mv -f -- "$original.tmp" "$original"; then die "cannot keep $path as $original"; fi
  fact original "$original"
  fact sha256 "$(sha256sum -- "$original" | cut -d' ' -f1)"
else
  : > "$original.none" || die "cannot record that $path did not exist"
  fact original none
fi
fact state kept
