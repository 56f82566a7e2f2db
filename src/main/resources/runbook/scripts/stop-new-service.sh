# Undo of starting the new service: stops its unit and waits until the port is free. A unit that
# is already stopped is left alone, whoever holds the port now (the restored old app, after a
# rollback that ran this step before).
unit=$1 port=$2 timeout=$3
if ! systemctl is-active --quiet "$unit" 2>/dev/null; then fact state unchanged; exit 0; fi
# users lose the new service from here: the record's downtime counts from this moment
stopping=$(now_ms)
systemctl stop "$unit" || die "systemctl stop $unit failed"
if systemctl is-active --quiet "$unit" 2>/dev/null; then die "$unit is still active after systemctl stop"; fi
wait_until "$timeout" port_free "$port" || die "port $port still held after stopping $unit"
fact stoppedAt "$stopping"
fact state stopped
