package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.List;
import java.util.Map;

/**
 * Stops the old app on its port: SIGTERM (or its unit), wait for the port to be free, SIGKILL
 * only after the grace period; records which was needed and how the app ran (its environment
 * stays on the host, where only root reads it), for the undo. Fails, naming them, while any process
 * still runs from the old app's folder.
 */
@Step(bean = "stopOldService", name = "Stop old service")
class StopOldService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("stop-old-service", String.valueOf(scope.oldApp().port()), scope.oldApp().unit(),
                String.valueOf(Math.max(1, scope.oldApp().stopGrace().toSeconds())),
                scope.paths().stateFile("old-service"), scope.paths().oldServiceEnvironment(),
                scope.oldApp().dir());
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        for (String key : List.of("mode", "unit", "unitScope", "pid", "cwd", "user", "cmdline", "stdout", "environment", "launchers", "supervisorProgram", "tmuxSession", "screenSession", "signal")) {
            step.keep(ProcessVariables.OLD_SERVICE + key, facts.getOrDefault(key, ""));
        }
        step.keepMoment(ProcessVariables.OLD_SERVICE_STOPPED_AT, facts, "stoppedAt");
    }
}
