package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;


/** Undo of {@link InstallMonitoring}: puts back what was at the health check's path, or removes the script. */
@Component("removeMonitoring")
class RemoveMonitoring extends RunbookStep {

    RemoveMonitoring(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Remove monitoring";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("put-back-original", target.folders().monitorScript(),
                new RunPaths(target, runStamp).original("monitor-script"));
    }

    @Override
    protected void perform(StepContext step) {
        step.markUnchangedIf(step.runScript(script(step.target(), step.runStamp())));
    }
}
