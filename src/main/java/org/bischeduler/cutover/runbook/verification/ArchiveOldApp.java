package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.Map;

/** Moves the old app's folder into a dated archive subfolder; the path is kept for the undo. */
@Step(bean = "archiveOldApp", name = "Archive old app")
class ArchiveOldApp extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("archive-old-app", scope.oldApp().dir(), scope.folders().archive(),
                scope.paths().archive());
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keep(ProcessVariables.ARCHIVE_PATH, facts.get("archivePath"));
    }
}
