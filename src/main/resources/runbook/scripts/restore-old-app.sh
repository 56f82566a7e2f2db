# Undo of archiving: moves the old app's folder back from the run's archive path.
archive=$1 old_dir=$2
if [ -d "$old_dir" ] && [ ! -e "$archive" ]; then fact state unchanged; exit 0; fi
[ -d "$archive" ] || die "archive $archive does not exist"
[ ! -e "$old_dir" ] || die "$old_dir exists again; refusing to overwrite it with the archive"
if [ "$(stat -c %d -- "$archive")" = "$(stat -c %d -- "$(dirname -- "$old_dir")")" ]; then
  mv -- "$archive" "$old_dir"
else
  rm -rf -- "$old_dir.partial"
  cp -a -- "$archive" "$old_dir.partial" && mv -- "$old_dir.partial" "$old_dir" && rm -rf -- "$archive"
fi
fact state restored
