package org.bischeduler.cutover.runbook.deployment;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Undo of {@link StartNewService}: stops the unit and waits until the port is free. */
@Component("stopNewService")
class StopNewService extends RunbookStep {

    StopNewService(StepSupport support) {
        super(support, "Stop new service");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("stop-new-service", scope.newApp().unit(), String.valueOf(scope.newApp().port()),
                String.valueOf(scope.newApp().startTimeout().toSeconds()));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = runScript(step);
        step.markUnchangedIf(facts);
        if (facts.containsKey("stoppedAt")) {
            step.keep(ProcessVariables.NEW_SERVICE_STOPPED_AT, Long.parseLong(facts.get("stoppedAt")));
        }
    }

    }
