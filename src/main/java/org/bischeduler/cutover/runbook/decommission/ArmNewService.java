package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/**
 * Queues the new unit's start before the old app stops. The unit waits (ExecStartPre) until the
 * port is free, so between the old app's exit and the new app's start no command has to travel
 * to the host: the outage is the old app's exit plus the new app's start-up, nothing more.
 */
@Step(bean = "armNewService", name = "Arm new service")
class ArmNewService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("arm-new-service", scope.newApp().unit());
    }

}
