# Queues the new unit's start while the old app still holds the port: its ExecStartPre waits for
# the port to be free, so the new app starts the moment the old one has stopped. A unit already
# armed is "activating", which `is-active` reports with exit 3: its printed state is read instead.
unit=$1
case "$(systemctl is-active "$unit" 2>/dev/null || true)" in
  active|activating|reloading) fact state unchanged; exit 0 ;;
esac
systemctl start --no-block "$unit" || die "systemctl start --no-block $unit failed"
fact armedAt "$(now_ms)"
fact state armed
