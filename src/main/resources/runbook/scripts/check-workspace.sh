# The migration workspace must exist and be writable; nothing is changed.
dir=$1
[ -d "$dir" ] || die "migration workspace $dir does not exist"
[ -w "$dir" ] || die "migration workspace $dir is not writable"
fact entries "$(find "$dir" -mindepth 1 -maxdepth 1 | wc -l)"
fact freeMegabytes "$(df -Pm -- "$dir" | awk 'NR==2 {print $4}')"
