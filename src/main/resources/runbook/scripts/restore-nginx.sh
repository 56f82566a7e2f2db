# Undo of the nginx switch: the backed-up site file back in place byte for byte (when it differs),
# then the configuration tested and nginx reloaded.
live=$1 backup=$2 conf=$3
nginx_cmd() { if [ -n "$conf" ]; then nginx "$@" -c "$conf"; else nginx "$@"; fi; }
[ -f "$backup" ] || die "the nginx backup $backup is missing"
if cmp -s -- "$live" "$backup"; then
  fact state unchanged
else
  replace_file "$live" "$backup" || die "could not restore $live from $backup"
  fact state restored
fi
out=$(nginx_cmd -t 2>&1) || { printf '%s\n' "$out" >&2; die "nginx -t fails after restoring $live"; }
nginx_cmd -s reload || die "nginx -s reload failed"
fact sha256 "$(sha256sum -- "$live" | cut -d' ' -f1)"
