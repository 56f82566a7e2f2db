# Reads the target's state and changes nothing.
old_port=$1 site=$2 conf=$3 backup=$4 min_free=$5 workspace=$6 old_dir=$7
check() { fact "check.$1" "$2"; }
check ssh "ok: logged in as $(id -un) on $(hostname)"
code=$(http_code "http://127.0.0.1:$old_port/")
if [ "$code" != 000 ]; then check old-service "ok: port $old_port answers HTTP $code"
else check old-service "fail: nothing answers HTTP on 127.0.0.1:$old_port"; fi
if command -v nginx >/dev/null 2>&1; then
  if out=$(nginx -t ${conf:+-c "$conf"} 2>&1); then check nginx "ok: nginx -t passes"
  else check nginx "fail: nginx -t fails: $(printf '%s' "$out" | tail -n 1)"; fi
else check nginx "fail: nginx is not installed"; fi
if [ -f "$site" ]; then check nginx-site "ok: $site exists"; else check nginx-site "fail: $site does not exist"; fi
if command -v mysqldump >/dev/null 2>&1; then check dump-tool "ok: $(mysqldump --version | head -n 1)"
else check dump-tool "fail: mysqldump is not installed"; fi
d=$backup
while [ ! -d "$d" ]; do d=$(dirname -- "$d"); done
free=$(df -Pm -- "$d" | awk 'NR==2 {print $4}')
if [ "$free" -ge "$min_free" ]; then check backup-space "ok: $free MB free under $d"
else check backup-space "fail: only $free MB free under $d, $min_free MB needed"; fi
if [ -d "$workspace" ]; then check migration-workspace "ok: $workspace exists"
else check migration-workspace "fail: $workspace does not exist"; fi
if [ -d "$old_dir" ]; then check old-app "ok: $old_dir exists"; else check old-app "fail: $old_dir does not exist"; fi
for tool in curl ss sha256sum gzip systemctl; do
  command -v "$tool" >/dev/null 2>&1 || check "tool-$tool" "fail: $tool is not installed"
done
exit 0
