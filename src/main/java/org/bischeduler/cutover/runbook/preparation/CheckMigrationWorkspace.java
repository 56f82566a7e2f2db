package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** The migration workspace exists and is writable; nothing is changed. */
@Component("checkMigrationWorkspace")
class CheckMigrationWorkspace extends RunbookStep {

    CheckMigrationWorkspace(StepSupport support) {
        super(support, "Check migration workspace");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("check-workspace", scope.folders().migrationWorkspace());
    }

    @Override
    protected void perform(StepContext step) {
        runScript(step);
        step.markUnchanged();
    }
}
