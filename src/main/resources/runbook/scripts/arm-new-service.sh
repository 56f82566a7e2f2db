# Queues the new unit's start while the old app still holds the port: its ExecStartPre waits for
# the port to be free, so the new app starts the moment the old one has stopped.
unit=$1
if systemctl is-active --quiet "$unit" 2>/dev/null; then fact state unchanged; exit 0; fi
systemctl start --no-block "$unit" || die "systemctl start --no-block $unit failed"
fact armedAt "$(now_ms)"
fact state armed
