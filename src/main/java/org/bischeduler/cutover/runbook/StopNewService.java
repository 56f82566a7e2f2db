package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
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
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("stop-new-service").describe(arguments(target)));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript("stop-new-service", arguments(step.target()));
        step.markUnchangedIf(facts);
    }

    private static List<String> arguments(TargetConfig target) {
        return List.of(target.newApp().unit(), String.valueOf(target.newApp().port()),
                String.valueOf(target.newApp().startTimeout().toSeconds()));
    }
}
