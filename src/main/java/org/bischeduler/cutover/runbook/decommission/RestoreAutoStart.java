package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;


/** Undo of {@link DisableAutoStart}: the cron lines uncommented exactly, the unit enabled if it was. */
@Component("restoreAutoStart")
class RestoreAutoStart extends RunbookStep {

    RestoreAutoStart(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Restore auto-start";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("restore-autostart", new RunPaths(target, runStamp).stateFile("autostart"));
    }

    @Override
    protected void perform(StepContext step) {
        step.runScript(script(step.target(), step.runStamp()));
    }

    }
