package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/** Undo of {@link DisableAutoStart}: the cron lines uncommented exactly, the unit enabled if it was. */
@Step(bean = "restoreAutoStart", name = "Restore auto-start")
class RestoreAutoStart extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("restore-autostart", paths.stateFile("autostart"), paths.cronMarker(), scope.oldApp().dir());
    }
}
