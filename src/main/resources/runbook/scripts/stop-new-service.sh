# Undo of starting the new service: stops its unit, in any state, waits until the port is free, and
# hands it straight back to the old app when this run stopped it (start_old_app in common.sh, which
# the undo of stopping the old service then finds serving): the users' outage lasts from the new
# app's stop to the old app's first answer, with no step in between. A unit that is already stopped
# is left alone, whoever holds the port now (the restored old app, after a rollback that ran this before).
unit=$1 port=$2 timeout=$3 probe_log=$4 probe_url=$5 probe_ms=$6
old_state=$7 old_environ=$8 old_port=$9 old_timeout=${10} old_log=${11} new_dir=${12}
prober_start "$probe_log" "$probe_url" "$probe_ms"
# a unit waiting to restart (Restart=always) is "activating", for which is-active exits 3: read what it prints
case "$(systemctl is-active "$unit" 2>/dev/null || true)" in
  inactive|failed|"") fact state unchanged ;;
  *)
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
    fact state stopped ;;
esac
if [ -f "$old_state" ]; then
  # (its facts under old.: this step's own state is the new unit's)
  start_old_app "$old_state" "$old_environ" "$old_port" "$old_timeout" "$old_log" "$unit" "$new_dir" | sed 's/^@/@old./'
  [ "${PIPESTATUS[0]}" = 0 ] || exit 1
fi
