# Undo of stopping the old service: starts it again the way it ran and waits until it answers (see
# start_old_app in common.sh). After a cutover whose new service ran, the undo of starting it has
# already handed the port back to the old app, and this finds it serving.
state=$1 environ=$2 port=$3 timeout=$4 log=$5 new_unit=$6 new_dir=$7 probe_log=$8 probe_url=$9 probe_ms=${10}
prober_start "$probe_log" "$probe_url" "$probe_ms"
start_old_app "$state" "$environ" "$port" "$timeout" "$log" "$new_unit" "$new_dir"
