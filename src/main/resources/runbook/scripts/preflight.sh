# Reads the target's state and changes nothing.
old_port=$1 site=$2 conf=$3 backup=$4 min_free=$5 workspace=$6 old_dir=$7
passed ssh "a login over SSH" "logged in as $(id -un) on $(hostname)"
code=$(http_code "http://127.0.0.1:$old_port/")
if [ "$code" != 000 ]; then passed old-service "an HTTP answer on 127.0.0.1:$old_port" "HTTP $code"
else failed old-service "an HTTP answer on 127.0.0.1:$old_port" "nothing answers"; fi
if command -v nginx >/dev/null 2>&1; then
  if out=$(nginx -t ${conf:+-c "$conf"} 2>&1); then passed nginx "nginx -t passes" "it passes"
  else failed nginx "nginx -t passes" "it fails: $(printf '%s' "$out" | tail -n 1)"; fi
else failed nginx "nginx -t passes" "nginx is not installed"; fi
if [ -f "$site" ]; then passed nginx-site "$site exists" "it exists"; else failed nginx-site "$site exists" "it does not exist"; fi
if command -v mysqldump >/dev/null 2>&1; then passed dump-tool "mysqldump installed" "$(mysqldump --version | head -n 1)"
else failed dump-tool "mysqldump installed" "it is not installed"; fi
d=$backup
while [ ! -d "$d" ]; do d=$(dirname -- "$d"); done
free=$(df -Pm -- "$d" | awk 'NR==2 {print $4}')
if [ "$free" -ge "$min_free" ]; then passed backup-space "$min_free MB free under $d" "$free MB free"
else failed backup-space "$min_free MB free under $d" "$free MB free"; fi
if [ -d "$workspace" ]; then passed migration-workspace "$workspace exists" "it exists"
else failed migration-workspace "$workspace exists" "it does not exist"; fi
if [ -d "$old_dir" ]; then passed old-app "$old_dir exists" "it exists"; else failed old-app "$old_dir exists" "it does not exist"; fi
for tool in curl ss sha256sum gzip systemctl; do
  command -v "$tool" >/dev/null 2>&1 || failed "tool-$tool" "$tool installed" "it is not installed"
done
exit 0
