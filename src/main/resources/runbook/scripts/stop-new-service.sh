# Undo of starting the new service: stops its unit and waits until the port is free.
unit=$1 port=$2 timeout=$3
if ! systemctl is-active --quiet "$unit" 2>/dev/null && port_free "$port"; then fact state unchanged; exit 0; fi
systemctl stop "$unit" || die "systemctl stop $unit failed"
wait_until "$timeout" port_free "$port" || die "port $port still held after stopping $unit"
fact state stopped
