package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;


/** The migration workspace exists and is writable; nothing is changed. */
@Component("checkMigrationWorkspace")
class CheckMigrationWorkspace extends RunbookStep {

    CheckMigrationWorkspace(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Check migration workspace";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("check-workspace", target.folders().migrationWorkspace());
    }

    @Override
    protected void perform(StepContext step) {
        step.runScript(script(step.target(), step.runStamp()));
        step.markUnchanged();
    }
}
