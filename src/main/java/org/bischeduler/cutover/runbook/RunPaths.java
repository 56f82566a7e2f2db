package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;

/**
 * The paths a run creates on the target, all derived from the run's stamp (fixed when the run
 * starts) so that a step run twice finds what its first run made.
 */
public record RunPaths(TargetConfig target, String runStamp) {

    public String databaseBackupName() {
        return target.database().name() + "_" + runStamp + ".sql.gz";
    }

    public String optionFile() {
        return target.folders().backup() + "/.cutover-" + runStamp + ".cnf";
    }

    public String configBackupDir() {
        return target.folders().backup() + "/config_" + runStamp;
    }

    /** Where keep-original.sh keeps what was at a path before a step put its own file there. */
    public String original(String role) {
        return configBackupDir() + "/" + role + ".original";
    }

    public String stateFile(String what) {
        return target.folders().backup() + "/.cutover-" + runStamp + "-" + what + ".state";
    }

    /** The old app's environment as it ran, kept on the host (root only) for the undo: it may hold secrets. */
    public String oldServiceEnvironment() {
        return stateFile("old-service") + ".environ";
    }

    /** The new release's output while it is rehearsed on a side port. */
    public String rehearsalLog() {
        return target.folders().backup() + "/rehearsal-" + runStamp + ".log";
    }

    /** Where the old app's output goes when a rollback starts it again (not into its own folder). */
    public String oldServiceRestartLog() {
        return target.folders().backup() + "/old-service-restart-" + runStamp + ".log";
    }

    /** What the users' prober on the host saw during one window ("cutover" or "rollback"). */
    public String usersProbeLog(String window) {
        return target.folders().backup() + "/users-probe-" + runStamp + "-" + window + ".log";
    }

    public String archive() {
        return target.folders().archive() + "/old_scheduler_" + runStamp;
    }

    /** The new site file, rendered and waiting to be switched in. */
    public String stagedSite() {
        return target.folders().backup() + "/staged_" + runStamp + "_" + fileName(target.nginx().siteFile());
    }

    /** The first half of the switch: the new blocks beside the old ones, staged and tested too. */
    public String stagedBridgeSite() {
        return target.folders().backup() + "/staged_" + runStamp + "_bridge_" + fileName(target.nginx().siteFile());
    }

    /** A copy of the whole nginx configuration with the new site in place, for {@code nginx -t}. */
    public String stagedConfiguration() {
        return target.folders().backup() + "/staged_" + runStamp + "/nginx";
    }

    public String unitFile() {
        return target.newApp().unitDir() + "/" + target.newApp().unit() + ".service";
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The marker that prefixes every cron line this run comments out. */
    public String cronMarker() {
        return "#cutover-disabled-" + runStamp + "# ";
    }
}
