package org.bischeduler.cutover.runbook.deployment;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Undo of {@link StartNewService}: stops the unit and waits until the port is free. */
@Component("stopNewService")
class StopNewService extends RunbookStep {

    StopNewService(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Stop new service";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("stop-new-service", target.newApp().unit(), String.valueOf(target.newApp().port()),
                String.valueOf(target.newApp().startTimeout().toSeconds()));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
        if (facts.containsKey("stoppedAt")) {
            step.keep(ProcessVariables.NEW_SERVICE_STOPPED_AT, Long.parseLong(facts.get("stoppedAt")));
        }
    }

    }
