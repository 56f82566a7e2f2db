package org.bischeduler.cutover.runbook.deployment;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;

import java.util.Map;

/** Undo of {@link StartNewService}: stops the unit and waits until the port is free. */
@Step(bean = "stopNewService", name = "Stop new service")
class StopNewService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("stop-new-service", scope.newApp().unit(), String.valueOf(scope.newApp().port()),
                String.valueOf(scope.newApp().startTimeout().toSeconds())).with(UsersProbe.started(scope, UsersProbe.ROLLBACK));
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keepMoment(ProcessVariables.NEW_SERVICE_STOPPED_AT, facts, "stoppedAt");
    }
}
