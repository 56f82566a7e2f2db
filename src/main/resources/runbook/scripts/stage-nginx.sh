# Validates the new site file before anything changes: the whole nginx configuration is copied
# to a staging folder, its paths pointed there, the staged site put in place, and `nginx -t` run
# on the copy. The live configuration is not touched.
conf_dir=$1 conf_file=$2 site=$3 staged_site=$4 stage=$5
case "$site" in "$conf_dir"/*) ;; *) die "the site file $site is not under the nginx configuration folder $conf_dir" ;; esac
[ -f "$staged_site" ] || die "staged site $staged_site is missing"
rm -rf -- "$stage"
mkdir -p -- "$(dirname -- "$stage")"
cp -a -- "$conf_dir" "$stage"
# point every path inside the copy (includes, symlinks) at the copy
grep -rlF -- "$conf_dir" "$stage" 2>/dev/null | while IFS= read -r file; do
  [ -L "$file" ] || sed -i "s|$conf_dir|$stage|g" -- "$file"
done
find "$stage" -type l | while IFS= read -r link; do
  target=$(readlink -- "$link")
  case "$target" in "$conf_dir"/*) ln -sfn -- "$stage${target#"$conf_dir"}" "$link" ;; esac
done
cp -- "$staged_site" "$stage${site#"$conf_dir"}"
if ! out=$(nginx -t -c "$stage${conf_file#"$conf_dir"}" 2>&1); then
  printf '%s\n' "$out" >&2
  die "nginx -t refused the staged configuration"
fi
fact staged "$staged_site"
fact test "nginx -t passed on the staged copy in $stage"
