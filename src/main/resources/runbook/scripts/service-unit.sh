# The two systemctl calls of the new unit's steps: reload the units after its file changed, or
# disable it (its undo, before the file goes).
action=$1 unit=$2
case "$action" in
  daemon-reload) systemctl daemon-reload || die "systemctl daemon-reload failed" ;;
  disable) systemctl disable "$unit" || die "systemctl disable $unit failed" ;;
  *) die "unknown action '$action' (daemon-reload or disable)" ;;
esac
fact ran "systemctl $action"
