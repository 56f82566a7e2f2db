# Copies each file the cutover changes or moves into the dated backup folder (mode and owner
# kept), reads each copy back for its sha256, and never overwrites a backup that differs from
# its source: that would mean the file changed after this run backed it up.
# Arguments: the backup folder, then pairs of ROLE SOURCE.
dir=$1; shift
install -d -m 0700 -- "$dir"
changed=no
while [ $# -ge 2 ]; do
  role=$1 source=$2; shift 2
  if [ ! -e "$source" ]; then fact "absent.$role" "$source"; continue; fi
  copy="$dir/$role"
  if [ -e "$copy" ]; then
    cmp -s -- "$source" "$copy" || die "backup $copy exists and differs from $source; refusing to overwrite a backup"
  else
    cp -p -- "$source" "$copy.partial" && mv -f -- "$copy.partial" "$copy"
    changed=yes
  fi
  source_sha=$(sha256sum -- "$source" | cut -d' ' -f1)
  copy_sha=$(sha256sum -- "$copy" | cut -d' ' -f1)
  [ "$source_sha" = "$copy_sha" ] || die "backup $copy does not match $source (sha256 differs)"
  fact "backup.$role" "$source|$copy|$(stat -c %s -- "$copy")|$copy_sha"
done
if [ "$changed" = yes ]; then fact state created; else fact state unchanged; fi
