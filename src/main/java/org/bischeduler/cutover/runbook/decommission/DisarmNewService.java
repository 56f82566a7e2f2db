package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/** Undo of {@link ArmNewService}: the new unit's queued start is stopped, if it is still there. */
@Step(bean = "disarmNewService", name = "Disarm new service")
class DisarmNewService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("disarm-new-service", scope.newApp().unit());
    }

}
