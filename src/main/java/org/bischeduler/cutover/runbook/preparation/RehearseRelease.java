package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.ArrayList;
import java.util.List;

/**
 * Tries the new release on a free side port with its production environment, before anything is
 * stopped: HTTP 200 on / and on each API endpoint, then it is stopped again. It leaves nothing
 * behind, so it has no undo; a failure goes to the operator while the old app still serves.
 */
@Step(bean = "rehearseRelease", name = "Rehearse release")
class RehearseRelease extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        TargetConfig.NewApp app = scope.newApp();
        List<Object> arguments = new ArrayList<>(List.of(paths.unitFile(), app.dir(), app.python(), app.entry(), app.runAs(),
                String.valueOf(Math.max(1, app.startTimeout().toSeconds())), paths.stateFile("rehearsal") + ".pid",
                paths.rehearsalLog()));
        arguments.addAll(app.apiEndpoints());
        return ScriptCall.of("rehearse-release", arguments.toArray());
    }
}
