package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;

/**
 * What a step's script is stated against, the same for the plan a manager approves and for the run:
 * the run's target as configured and the run's stamp, which names its files on the host.
 */
public record StepScope(TargetConfig target, String runStamp) {

    public RunPaths paths() {
        return new RunPaths(target, runStamp);
    }

    public TargetConfig.OldApp oldApp() {
        return target.oldApp();
    }

    public TargetConfig.NewApp newApp() {
        return target.newApp();
    }

    public TargetConfig.Nginx nginx() {
        return target.nginx();
    }

    public TargetConfig.Folders folders() {
        return target.folders();
    }

    public TargetConfig.Database database() {
        return target.database();
    }
}
