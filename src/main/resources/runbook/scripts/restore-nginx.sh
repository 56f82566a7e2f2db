# Undo of the nginx switch: the backed-up site file back in place byte for byte (when it differs),
# then the configuration tested and nginx reloaded. Only over what the switch left there (its
# staged site, or its first half after an interrupted switch; the redirect's 301 or 302 does not
# count): a site someone changed since is not overwritten, the undo stops and shows how it differs.
# Not while nothing answers on the app's port: the old site has no maintenance page, so users
# would get 502; the switched site keeps telling them the service is being worked on until the
# old app is back and the undo runs again.
live=$1 backup=$2 conf=$3 port=$4 staged=$5 bridge=$6 probe_log=$7 probe_url=$8 probe_ms=$9
prober_start "$probe_log" "$probe_url" "$probe_ms"
# the site with the runbook's redirect read as temporary, its last line ended
as_switched() { sed -e 's/ permanent;/ redirect;/' -e 's/return 301 /return 302 /' -- "$1" | awk 1; }
[ -f "$backup" ] || die "the nginx backup $backup is missing"
if cmp -s -- "$live" "$backup"; then
  fact state unchanged
else
  left=""
  for written in "$staged" "$bridge"; do
    if [ -f "$written" ] && cmp -s <(as_switched "$live") <(as_switched "$written"); then left=$written; break; fi
  done
  if [ -z "$left" ]; then
    printf '%s\n' "$live is not as the switch left it; someone changed it since. Differences from what the switch wrote:" >&2
    diff -u --label "as switched ($staged)" --label "$live now" -- "$staged" "$live" | head -n 80 >&2
    die "$live changed since the switch: the undo does not overwrite it; merge the change into $backup or put $backup back by hand, then run the undo steps again"
  fi
  if [ "$(http_code "http://127.0.0.1:$port/" 2)" = 000 ]; then
    die "nothing answers on port $port: the site keeps its maintenance page until the old app is back (then run the undo steps again)"
  fi
  replace_file "$live" "$backup" || die "could not restore $live from $backup"
  fact restoredOver "$left"
  fact state restored
fi
out=$(nginx_cmd "$conf" -t 2>&1) || { printf '%s\n' "$out" >&2; die "nginx -t fails after restoring $live"; }
nginx_reload "$conf" || die "nginx did not take the restored $live"
fact sha256 "$(sha256sum -- "$live" | cut -d' ' -f1)"
