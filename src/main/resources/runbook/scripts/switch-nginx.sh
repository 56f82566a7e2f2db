# Puts the staged, validated site file live in two halves (same mode and owner, each renamed over
# the live one, tested, and reloaded): first the new blocks beside the old ones, then, once every
# old nginx worker has finished (after a reload they keep serving the old configuration for a
# moment, and one of them answered 404 to the new prefix), the old block turned into the
# redirect. If a test fails the original goes back at once. The live file must still be the one
# the manager approved, or already one of the two halves (a second run after a crash).
live=$1 staged=$2 bridge=$3 approved_sha=$4 conf=$5
nginx_cmd() { if [ -n "$conf" ]; then nginx "$@" -c "$conf"; else nginx "$@"; fi; }
# the master's pid file, as the configuration names it
pidfile=$(nginx_cmd -T 2>/dev/null | sed -n 's/^[[:space:]]*pid[[:space:]]\{1,\}\([^;]*\);.*/\1/p' | head -n 1)
pidfile=${pidfile:-/run/nginx.pid}
# workers of the previous configuration, still finishing their requests ("worker process is shutting down")
old_workers() { pgrep -c -P "$(cat -- "$pidfile" 2>/dev/null || echo 1)" -f 'shutting down' || true; }
no_old_workers() { [ "$(old_workers)" = 0 ]; }
current=$(sha256sum -- "$live" | cut -d' ' -f1)
new=$(sha256sum -- "$staged" | cut -d' ' -f1)
half=$(sha256sum -- "$bridge" | cut -d' ' -f1)
if [ "$current" = "$new" ]; then
  nginx_cmd -t 2>&1 || die "nginx -t fails on the live configuration"
  nginx_cmd -s reload || die "nginx -s reload failed"
  fact switchedAt "$(now_ms)"; fact state unchanged; exit 0
fi
if [ "$current" != "$half" ]; then
  [ "$current" = "$approved_sha" ] || die "$live changed since the plan was approved (sha256 $current, approved $approved_sha)"
  nginx_put_live "$conf" "$live" "$bridge"
fi
# every worker that might not know the new prefix finishes before anything redirects to it
waited=$(now_ms)
wait_until 30 no_old_workers || true
fact oldWorkersLeft "$(old_workers)"
fact waitedForOldWorkersMs "$(( $(now_ms) - waited ))"
nginx_put_live "$conf" "$live" "$staged"
fact sha256 "$new"
fact switchedAt "$(now_ms)"
fact state switched
