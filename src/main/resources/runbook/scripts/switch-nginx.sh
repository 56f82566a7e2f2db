# Puts the staged, validated site file live in two halves (same mode and owner, each renamed over
# the live one, tested, and reloaded): first the new blocks beside the old ones, then, once every
# old nginx worker has finished (after a reload they keep serving the old configuration for a
# moment, and one of them answered 404 to the new prefix), the old block turned into the
# redirect. If a test fails the original goes back at once. The live file must still be the one
# the manager approved, or already one of the two halves (a second run after a crash). The
# window's prober starts first, so what users see from here on is measured.
live=$1 staged=$2 bridge=$3 approved_sha=$4 conf=$5 probe_log=$6 probe_url=$7 probe_ms=$8
prober_start "$probe_log" "$probe_url" "$probe_ms"
current=$(sha256sum -- "$live" | cut -d' ' -f1)
new=$(sha256sum -- "$staged" | cut -d' ' -f1)
half=$(sha256sum -- "$bridge" | cut -d' ' -f1)
if [ "$current" = "$new" ]; then
  nginx_cmd "$conf" -t 2>&1 || die "nginx -t fails on the live configuration"
  nginx_reload "$conf" || die "nginx did not take the live configuration"
  fact switchedAt "$(now_ms)"; fact state unchanged; exit 0
fi
if [ "$current" != "$half" ]; then
  [ "$current" = "$approved_sha" ] || die "$live changed since the plan was approved (sha256 $current, approved $approved_sha)"
  nginx_put_live "$conf" "$live" "$bridge"
fi
# (the reload of the first half waited until every worker that might not know the new prefix had
# finished, so nothing redirects to it before it is served)
nginx_put_live "$conf" "$live" "$staged"
fact sha256 "$new"
fact switchedAt "$(now_ms)"
fact state switched
