package org.bischeduler.cutover.runbook;

import java.util.List;

/**
 * The prober a window's scripts run on the host itself: the public old URL through nginx, asked
 * every 20 ms unless the target says otherwise (prober_start in common.sh). The cutover's window starts it at the nginx switch and
 * verification reads it; a rollback's undos that users can notice start their own, which the
 * rollback check reads.
 */
public final class UsersProbe {

    public static final String CUTOVER = "cutover";
    public static final String ROLLBACK = "rollback";

    private UsersProbe() {
    }

    /** The script arguments that start a window's prober: where it writes, the URL it asks, and every how many milliseconds. */
    public static List<String> started(StepScope scope, String window) {
        return List.of(scope.paths().usersProbeLog(window), scope.nginx().baseUrl() + scope.nginx().oldPrefix(),
                String.valueOf(Math.max(1, scope.nginx().probeInterval().toMillis())));
    }
}
