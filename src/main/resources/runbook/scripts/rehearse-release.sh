# Tries the new release before the window, while the old app still serves: starts it on a free
# side port with its production environment (the unit's Environment= lines, the port variable set
# to the side port), checks HTTP 200 on / and on each API endpoint, and stops it again. A release
# that does not start costs no downtime: this fails before anything is stopped.
unit_file=$1 new_dir=$2 python=$3 entry=$4 run_as=$5 timeout=$6 pidfile=$7 log=$8
shift 8
# a rehearsal a crash left running is ended first
if [ -f "$pidfile" ]; then
  left=$(cat -- "$pidfile")
  kill -TERM -- "-$left" 2>/dev/null || kill -TERM "$left" 2>/dev/null || true
  rm -f -- "$pidfile"
fi
[ -f "$unit_file" ] || die "the unit file $unit_file is missing"
port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 12000 ))   # below the ephemeral range, where outgoing connections take ports
  if port_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || die "no free side port found"
env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
while IFS= read -r line; do
  line=${line#\"}; line=${line%\"}
  case "$line" in FLASK_PORT=*) ;; *) env+=("$line") ;; esac
done < <(sed -n 's/^Environment=//p' "$unit_file")
env+=("FLASK_PORT=$port")
as=()
if [ "$run_as" != "$(id -un)" ]; then as=(runuser -u "$run_as" --); fi
cd -- "$new_dir" || die "cannot enter $new_dir"
setsid "${as[@]}" env -i "${env[@]}" "$python" "$new_dir/$entry" < /dev/null > "$log" 2>&1 &
child=$!
printf '%s\n' "$child" > "$pidfile"
stop_rehearsal() {
  kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null || true
  wait_until 5 port_free "$port" || kill -KILL -- "-$child" 2>/dev/null || true
  rm -f -- "$pidfile"
}
fact sidePort "$port"
started=$(now_ms)
deadline=$(( started + timeout * 1000 ))
until [ "$(http_code "http://127.0.0.1:$port/" 2)" = 200 ]; do
  if ! alive "$child"; then
    output=$(tail -n 5 -- "$log" 2>/dev/null | tr '\n' ' ')
    rm -f -- "$pidfile"
    failed start "HTTP 200 from the release on side port $port" "it exited: $output"
    die "the new release exited at start (side port $port): $output"
  fi
  if [ "$(now_ms)" -ge "$deadline" ]; then
    stop_rehearsal
    failed start "HTTP 200 from the release on side port $port" "no answer within ${timeout}s"
    die "the new release did not answer HTTP 200 on side port $port within ${timeout}s"
  fi
  sleep 0.1
done
passed start "HTTP 200 from the release on side port $port" "200 after $(( $(now_ms) - started )) ms"
bad=""
for endpoint in "$@"; do
  code=$(http_code "http://127.0.0.1:$port/${endpoint#/}" 10)
  if [ "$code" = 200 ]; then passed "api$endpoint" "200 from $endpoint" "200"
  else failed "api$endpoint" "200 from $endpoint" "$code"; bad="$bad $endpoint ($code)"; fi
done
stop_rehearsal
[ -z "$bad" ] || die "the release started on side port $port, but these endpoints did not answer 200:$bad"
fact state rehearsed
