package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Stops the old app on its port: SIGTERM (or its unit), wait for the port to be free, SIGKILL
 * only after the grace period; records which was needed and how the app ran (its environment
 * stays on the host, where only root reads it), for the undo.
 */
@Component("stopOldService")
class StopOldService extends RunbookStep {

    StopOldService(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Stop old service";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("stop-old-service", String.valueOf(target.oldApp().port()), target.oldApp().unit(),
                String.valueOf(Math.max(1, target.oldApp().stopGrace().toSeconds())),
                new RunPaths(target, runStamp).stateFile("old-service"), new RunPaths(target, runStamp).oldServiceEnvironment());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
        for (String key : List.of("mode", "unit", "pid", "cwd", "user", "cmdline", "stdout", "environment", "launchers", "supervisorProgram", "tmuxSession", "screenSession", "signal")) {
            step.keep(ProcessVariables.OLD_SERVICE + key, facts.getOrDefault(key, ""));
        }
        if (facts.containsKey("stoppedAt")) {
            step.keep(ProcessVariables.OLD_SERVICE_STOPPED_AT, Long.parseLong(facts.get("stoppedAt")));
        }
    }

    }
