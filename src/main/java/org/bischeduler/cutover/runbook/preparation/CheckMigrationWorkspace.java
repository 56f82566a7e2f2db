package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

/** The migration workspace exists and is writable; nothing is changed. */
@Step(bean = "checkMigrationWorkspace", name = "Check migration workspace")
class CheckMigrationWorkspace extends RunbookStep {

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
