# After the rollback: the old prefix answers through nginx again and the old app holds the port.
port=$1 base=$2 old_prefix=$3
code=$(expect_code 10 200 "$base$old_prefix")
if [ "$code" = 200 ]; then passed old-url "200 from $base$old_prefix" "200"
else failed old-url "200 from $base$old_prefix" "$code"; fi
if port_listening "$port"; then passed port "a listener on port $port" "pid $(port_pids "$port" | tr '\n' ' ')"
else failed port "a listener on port $port" "nothing listens"; fi
exit 0
