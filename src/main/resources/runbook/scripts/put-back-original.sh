# Undo of a file a step put in place: puts back what keep-original.sh kept (byte for byte, mode
# and owner), or removes the file when nothing was there before. Without either record it leaves
# the file alone and says so: removing what it cannot account for could lose someone's file.
path=$1 original=$2
if [ -f "$original" ]; then
  if [ -e "$path" ] && cmp -s -- "$original" "$path"; then fact state unchanged; exit 0; fi
  if ! cp -p -- "$original" "$path.cutover-restore" || ! mv -f -- "$path.cutover-restore" "$path"; then
    die "cannot put $original back at $path"
  fi
  fact state restored
elif [ -f "$original.none" ]; then
  if [ ! -e "$path" ]; then fact state unchanged; exit 0; fi
  rm -f -- "$path" || die "cannot remove $path"
  fact state removed
else
  die "no record of what was at $path before the cutover (expected $original or $original.none); $path is left as it is"
fi
