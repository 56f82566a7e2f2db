package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** Starts the new unit and waits until the port answers HTTP 200. */
@Component("startNewService")
class StartNewService extends RunbookStep {

    StartNewService(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Start new service";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("start-new-service").describe(arguments(target)));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript("start-new-service", arguments(step.target()));
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.NEW_SERVICE_ANSWERED_AT, Long.parseLong(facts.get("answeredAt")));
    }

    private static List<String> arguments(TargetConfig target) {
        return List.of(target.newApp().unit(), String.valueOf(target.newApp().port()),
                String.valueOf(target.newApp().startTimeout().toSeconds()));
    }
}
