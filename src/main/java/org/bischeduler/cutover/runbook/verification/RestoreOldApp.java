package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/** Undo of {@link ArchiveOldApp}: moves the folder back from the archive path the archive step recorded. */
@Step(bean = "restoreOldApp", name = "Restore old app")
class RestoreOldApp extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        // the archive's path follows from the run, so this also undoes an archive step that failed after it moved the folder
        return ScriptCall.of("restore-old-app", scope.paths().archive(), scope.oldApp().dir());
    }

}
