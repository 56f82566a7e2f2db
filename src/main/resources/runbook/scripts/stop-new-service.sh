# Undo of starting the new service: stops its unit, in any state, and waits until the port is
# free. A unit that is already stopped is left alone, whoever holds the port now (the restored old app, after a
# rollback that ran this step before).
unit=$1 port=$2 timeout=$3 probe_log=$4 probe_url=$5 probe_ms=$6
prober_start "$probe_log" "$probe_url" "$probe_ms"
# a unit waiting to restart (Restart=always) is "activating", for which is-active exits 3: read what it prints
case "$(systemctl is-active "$unit" 2>/dev/null || true)" in
  inactive|failed|"") fact state unchanged; exit 0 ;;
esac
# users lose the new service from here: the record's downtime counts from this moment
stopping=$(now_ms)
systemctl stop "$unit" || die "systemctl stop $unit failed"
after=$(systemctl is-active "$unit" 2>/dev/null || true)
case "$after" in
  inactive|failed) ;;
  *) die "$unit is still $after after systemctl stop" ;;
esac
wait_until "$timeout" port_free "$port" || die "port $port still held after stopping $unit"
fact stoppedAt "$stopping"
fact state stopped
