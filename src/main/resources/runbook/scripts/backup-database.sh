# Dumps the database to a dated, compressed file: written under a temporary name, verified
# (it decompresses and ends with the dump's completion trailer), then renamed. A valid dump
# already in place is kept as it is.
opt=$1 db=$2 dir=$3 name=$4
final="$dir/$name"
# the option file holds the password: it goes whatever happens
trap 'rm -f -- "$opt"' EXIT
verify() {
  gzip -t -- "$1" 2>/dev/null || return 1
  zcat -- "$1" | tail -n 1 | grep -q '^-- Dump completed' || return 2
}
describe() {
  fact path "$1"
  fact size "$(stat -c %s -- "$1")"
  fact sha256 "$(sha256sum -- "$1" | cut -d' ' -f1)"
}
if [ -f "$final" ] && verify "$final"; then describe "$final"; fact state unchanged; exit 0; fi
tmp="$dir/.$name.partial"
rm -f -- "$tmp"
set -o pipefail
if ! mysqldump --defaults-extra-file="$opt" --single-transaction --routines --triggers --events \
     --databases "$db" | gzip -c > "$tmp"; then
  rm -f -- "$tmp"; die "mysqldump of $db failed"
fi
sync -- "$tmp" 2>/dev/null || true
if ! verify "$tmp"; then rm -f -- "$tmp"; die "the dump of $db is incomplete: no '-- Dump completed' trailer"; fi
mv -f -- "$tmp" "$final"
describe "$final"
fact state created
