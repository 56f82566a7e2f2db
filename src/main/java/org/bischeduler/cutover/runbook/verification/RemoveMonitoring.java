package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/** Undo of {@link InstallMonitoring}: puts back what was at the health check's path, or removes the script. */
@Step(bean = "removeMonitoring", name = "Remove monitoring")
class RemoveMonitoring extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("put-back-original", scope.folders().monitorScript(),
                scope.paths().original("monitor-script"));
    }

}
