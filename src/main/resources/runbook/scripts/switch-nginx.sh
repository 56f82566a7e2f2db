# Puts the staged, validated site file live (same mode and owner, renamed over the live one),
# tests the live configuration and reloads nginx; if the test fails the original goes back at
# once. The live file must still be the one the manager approved, or already the new one.
live=$1 staged=$2 approved_sha=$3 conf=$4
nginx_cmd() { if [ -n "$conf" ]; then nginx "$@" -c "$conf"; else nginx "$@"; fi; }
current=$(sha256sum -- "$live" | cut -d' ' -f1)
new=$(sha256sum -- "$staged" | cut -d' ' -f1)
if [ "$current" = "$new" ]; then
  nginx_cmd -t 2>&1 || die "nginx -t fails on the live configuration"
  nginx_cmd -s reload || die "nginx -s reload failed"
  fact switchedAt "$(now_ms)"; fact state unchanged; exit 0
fi
[ "$current" = "$approved_sha" ] || die "$live changed since the plan was approved (sha256 $current, approved $approved_sha)"
original="$(dirname -- "$live")/.$(basename -- "$live").cutover-original-$$"
cp -p -- "$live" "$original"
replace_file "$live" "$staged" || { rm -f -- "$original"; die "could not put $staged in place"; }
if ! out=$(nginx_cmd -t 2>&1); then
  replace_file "$live" "$original"; rm -f -- "$original"
  printf '%s\n' "$out" >&2
  die "nginx -t refused the new $live; the original was put back"
fi
rm -f -- "$original"
nginx_cmd -s reload || die "nginx -s reload failed"
fact sha256 "$new"
fact switchedAt "$(now_ms)"
fact state switched
