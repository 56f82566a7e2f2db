# Undo of arming: the new unit's queued (or running) start is stopped, in whatever state it is.
# An armed unit waits in its ExecStartPre, so systemd reports it "activating", and `is-active`
# exits 3 for that (systemd issue 18949): the state is read from what is-active prints instead.
unit=$1
state=$(systemctl is-active "$unit" 2>/dev/null || true)
case "$state" in
  inactive|failed|"") fact state unchanged; exit 0 ;;
esac
systemctl stop "$unit" || die "systemctl stop $unit failed"
after=$(systemctl is-active "$unit" 2>/dev/null || true)
case "$after" in
  inactive|failed) ;;
  *) die "$unit is still $after after systemctl stop" ;;
esac
fact was "$state"
fact state stopped
