# Undo of the nginx switch: the backed-up site file back in place byte for byte (when it differs),
# then the configuration tested and nginx reloaded. Not while nothing answers on the app's port:
# the old site has no maintenance page, so users would get 502; the switched site keeps telling
# them the service is being worked on until the old app is back and the undo runs again.
live=$1 backup=$2 conf=$3 port=$4
nginx_cmd() { if [ -n "$conf" ]; then nginx "$@" -c "$conf"; else nginx "$@"; fi; }
[ -f "$backup" ] || die "the nginx backup $backup is missing"
if cmp -s -- "$live" "$backup"; then
  fact state unchanged
else
  if [ "$(http_code "http://127.0.0.1:$port/" 2)" = 000 ]; then
    die "nothing answers on port $port: the site keeps its maintenance page until the old app is back (then run the undo steps again)"
  fi
  replace_file "$live" "$backup" || die "could not restore $live from $backup"
  fact state restored
fi
out=$(nginx_cmd -t 2>&1) || { printf '%s\n' "$out" >&2; die "nginx -t fails after restoring $live"; }
nginx_cmd -s reload || die "nginx -s reload failed"
fact sha256 "$(sha256sum -- "$live" | cut -d' ' -f1)"
