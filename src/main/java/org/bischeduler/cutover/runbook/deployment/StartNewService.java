package org.bischeduler.cutover.runbook.deployment;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.Map;

/** Starts the new unit and waits until the port answers HTTP 200. */
@Step(bean = "startNewService", name = "Start new service")
class StartNewService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("start-new-service", scope.newApp().unit(), String.valueOf(scope.newApp().port()),
                String.valueOf(scope.newApp().startTimeout().toSeconds()));
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keep(ProcessVariables.NEW_SERVICE_ANSWERED_AT, Long.parseLong(facts.get("answeredAt")));
    }
}
