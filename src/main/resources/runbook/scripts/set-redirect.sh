# Makes the old prefix's redirect permanent (301) or temporary again (302), in every server block
# this run rewrote, then tests and reloads nginx. Browsers keep a 301 for good, so it is written
# only once the change is closed: while it is open a rollback must be able to take it back.
live=$1 conf=$2 old_prefix=$3 new_prefix=$4 want=$5
case "$want" in
  permanent) from='redirect;' to='permanent;' from_code=302 to_code=301 ;;
  temporary) from='permanent;' to='redirect;' from_code=301 to_code=302 ;;
  *) die "want must be permanent or temporary, not $want" ;;
esac
quoted=${old_prefix//./\\.}
rule="rewrite ^$quoted(.*)\$ $new_prefix\$1 "
bare="return $from_code $new_prefix;"
if ! grep -qF -- "$rule$from" "$live" && ! grep -qF -- "$bare" "$live"; then
  grep -qF -- "$rule$to" "$live" || grep -qF -- "return $to_code $new_prefix;" "$live" \
    || die "$live has no redirect from $old_prefix to $new_prefix written by this runbook"
  fact state unchanged; exit 0
fi
# (the patterns go through the environment: awk -v would read the backslash of a dotted prefix)
RULE=$rule FROM=$from TO=$to BARE=$bare BARE_TO="return $to_code $new_prefix;" awk '
  { line = $0
    i = index(line, ENVIRON["RULE"] ENVIRON["FROM"])
    if (i) line = substr(line, 1, i - 1) ENVIRON["RULE"] ENVIRON["TO"] substr(line, i + length(ENVIRON["RULE"] ENVIRON["FROM"]))
    j = index(line, ENVIRON["BARE"])
    if (j) line = substr(line, 1, j - 1) ENVIRON["BARE_TO"] substr(line, j + length(ENVIRON["BARE"]))
    print line }' "$live" > "$live.cutover-new"
nginx_put_live "$conf" "$live" "$live.cutover-new"
rm -f -- "$live.cutover-new"
fact redirect "$to_code"
fact state changed
