package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops the old app on its port: SIGTERM (or its unit), wait for the port to be free, SIGKILL
 * only after the grace period; records which was needed and how the app ran, for the undo.
 */
@Component("stopOldService")
class StopOldService extends RunbookStep {

    private final StepSupport support;

    StopOldService(StepSupport support) {
        super(support);
        this.support = support;
    }

    @Override
    public String stepName() {
        return "Stop old service";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("stop-old-service").describe(arguments(target, new RunPaths(target, runStamp))));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("stop-old-service", arguments(target, new RunPaths(target, step.runStamp())));
        step.markUnchangedIf(facts);
        Map<String, String> state = new LinkedHashMap<>();
        for (String key : List.of("mode", "unit", "pid", "cwd", "user", "cmdline", "signal")) {
            state.put(key, facts.getOrDefault(key, ""));
        }
        try {
            step.keep(ProcessVariables.OLD_SERVICE_STATE, support.json().writeValueAsString(state));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (facts.containsKey("stoppedAt")) {
            step.keep(ProcessVariables.OLD_SERVICE_STOPPED_AT, Long.parseLong(facts.get("stoppedAt")));
        }
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        return List.of(String.valueOf(target.oldApp().port()), target.oldApp().unit(),
                String.valueOf(Math.max(1, target.oldApp().stopGrace().toSeconds())), paths.stateFile("old-service"));
    }
}
