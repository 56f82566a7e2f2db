package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** Undo of {@link ArmNewService}: the new unit's queued start is stopped, if it is still there. */
@Component("disarmNewService")
class DisarmNewService extends RunbookStep {

    DisarmNewService(StepSupport support) {
        super(support, "Disarm new service");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("disarm-new-service", scope.newApp().unit());
    }

}
