package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;

import java.util.Map;

/**
 * Undo of {@link StopOldService}: starts the old app again as it ran (unit, or command line in its
 * folder as its user with its environment and output), read from the state file the stop wrote
 * before it acted, and waits until it answers; fails with the reason when it dies first or when
 * something else holds its port.
 */
@Step(bean = "startOldService", name = "Start old service")
class StartOldService extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("start-old-service", paths.stateFile("old-service"), paths.oldServiceEnvironment(),
                String.valueOf(scope.oldApp().port()), String.valueOf(scope.oldApp().startTimeout().toSeconds()),
                paths.oldServiceRestartLog(), scope.newApp().unit(), scope.newApp().dir()).with(UsersProbe.started(scope, UsersProbe.ROLLBACK));
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keepMoment(ProcessVariables.OLD_SERVICE_RESTORED_AT, facts, "restoredAt");
    }
}
