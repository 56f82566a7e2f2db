package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/**
 * Queues the new unit's start before the old app stops. The unit waits (ExecStartPre) until the
 * port is free, so between the old app's exit and the new app's start no command has to travel
 * to the host: the outage is the old app's exit plus the new app's start-up, nothing more.
 */
@Component("armNewService")
class ArmNewService extends RunbookStep {

    ArmNewService(StepSupport support) {
        super(support, "Arm new service");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("arm-new-service", scope.newApp().unit());
    }

}
