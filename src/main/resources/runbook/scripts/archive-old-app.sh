# Moves the old app's folder into the archive. On one file system this is a rename; across
# file systems it is copied to a temporary name, renamed, and only then removed.
old_dir=$1 archive_dir=$2 archive=$3
if [ ! -e "$old_dir" ] && [ -d "$archive" ]; then fact archivePath "$archive"; fact state unchanged; exit 0; fi
[ -d "$old_dir" ] || die "$old_dir does not exist"
[ ! -e "$archive" ] || die "$archive already exists; refusing to overwrite an archive"
mkdir -p -- "$archive_dir"
if [ "$(stat -c %d -- "$old_dir")" = "$(stat -c %d -- "$archive_dir")" ]; then
  mv -- "$old_dir" "$archive"
else
  rm -rf -- "$archive.partial"
  cp -a -- "$old_dir" "$archive.partial" && mv -- "$archive.partial" "$archive" && rm -rf -- "$old_dir"
fi
fact archivePath "$archive"
fact state archived
