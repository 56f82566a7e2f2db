package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** Undo of {@link DisableAutoStart}: the cron lines uncommented exactly, the unit enabled if it was. */
@Component("restoreAutoStart")
class RestoreAutoStart extends RunbookStep {

    RestoreAutoStart(StepSupport support) {
        super(support, "Restore auto-start");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("restore-autostart", paths.stateFile("autostart"), paths.cronMarker(), scope.oldApp().dir());
    }

    @Override
    protected void perform(StepContext step) {
        runScript(step);
    }

    }
