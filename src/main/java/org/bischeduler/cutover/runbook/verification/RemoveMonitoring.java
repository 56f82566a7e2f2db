package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** Undo of {@link InstallMonitoring}: puts back what was at the health check's path, or removes the script. */
@Component("removeMonitoring")
class RemoveMonitoring extends RunbookStep {

    RemoveMonitoring(StepSupport support) {
        super(support, "Remove monitoring");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("put-back-original", scope.folders().monitorScript(),
                scope.paths().original("monitor-script"));
    }

}
