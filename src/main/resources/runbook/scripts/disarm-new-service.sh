# Undo of arming: the new unit's queued (or running) start is stopped.
unit=$1
if ! systemctl is-active --quiet "$unit" 2>/dev/null; then fact state unchanged; exit 0; fi
systemctl stop "$unit" || die "systemctl stop $unit failed"
fact state stopped
