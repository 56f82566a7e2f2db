package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** Undo of {@link StopOldService}: starts the old app again as it ran and waits until it answers. */
@Component("startOldService")
class StartOldService extends RunbookStep {

    private final StepSupport support;

    StartOldService(StepSupport support) {
        super(support);
        this.support = support;
    }

    @Override
    public String stepName() {
        return "Start old service";
    }


    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("start-old-service").describe(List.of("<mode>", target.oldApp().unit(),
                "<recorded cwd>", "<recorded user>", "<recorded command line>", String.valueOf(target.oldApp().port()), "60",
                new RunPaths(target, runStamp).oldServiceRestartLog())));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> state;
        try {
            state = support.json().readValue(step.required(ProcessVariables.OLD_SERVICE_STATE), new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new StepFailedException("the recorded state of the old service cannot be read: " + e.getOriginalMessage());
        }
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("start-old-service", List.of(state.getOrDefault("mode", "none"),
                state.getOrDefault("unit", ""), state.getOrDefault("cwd", "/"), state.getOrDefault("user", "root"),
                state.getOrDefault("cmdline", ""), String.valueOf(target.oldApp().port()),
                String.valueOf(target.newApp().startTimeout().toSeconds()),
                new RunPaths(target, step.runStamp()).oldServiceRestartLog()));
        step.markUnchangedIf(facts);
        if (facts.containsKey("restoredAt")) {
            step.keep(ProcessVariables.OLD_SERVICE_RESTORED_AT, Long.parseLong(facts.get("restoredAt")));
        }
    }
}
