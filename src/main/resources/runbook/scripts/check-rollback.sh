# After the rollback: the old prefix answers through nginx again and the old app holds the port.
port=$1 base=$2 old_prefix=$3
check() { fact "check.$1" "$2"; }
code=$(expect_code 10 200 "$base$old_prefix")
if [ "$code" = 200 ]; then check old-url "ok: $base$old_prefix answers 200"
else check old-url "fail: expected 200 from $base$old_prefix, got $code"; fi
if port_listening "$port"; then check port "ok: port $port is held again (pid $(port_pids "$port" | tr '\n' ' '))"
else check port "fail: nothing listens on port $port"; fi
exit 0
