package org.bischeduler.cutover.runbook.deployment;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;

import java.util.List;
import java.util.Map;

/**
 * Undo of {@link StartNewService}: stops the unit, waits until the port is free, and starts the old
 * app at once when this run stopped it, as the undo of stopping it would (which then finds it
 * serving): no step lies between the new app's stop and the old app's start.
 */
@Step(bean = "stopNewService", name = "Stop new service")
class StopNewService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("stop-new-service", scope.newApp().unit(), String.valueOf(scope.newApp().port()),
                        String.valueOf(scope.newApp().startTimeout().toSeconds()))
                .with(UsersProbe.started(scope, UsersProbe.ROLLBACK))
                .with(List.of(paths.stateFile("old-service"), paths.oldServiceEnvironment(), String.valueOf(scope.oldApp().port()),
                        String.valueOf(scope.oldApp().startTimeout().toSeconds()), paths.oldServiceRestartLog(), scope.newApp().dir()));
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keepMoment(ProcessVariables.NEW_SERVICE_STOPPED_AT, facts, "stoppedAt");
        step.keepMoment(ProcessVariables.OLD_SERVICE_RESTORED_AT, facts, "old.restoredAt");
    }
}
