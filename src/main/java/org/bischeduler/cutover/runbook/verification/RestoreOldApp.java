package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** Undo of {@link ArchiveOldApp}: moves the folder back from the archive path the archive step recorded. */
@Component("restoreOldApp")
class RestoreOldApp extends RunbookStep {

    RestoreOldApp(StepSupport support) {
        super(support, "Restore old app");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        // the archive's path follows from the run, so this also undoes an archive step that failed after it moved the folder
        return ScriptCall.of("restore-old-app", scope.paths().archive(), scope.oldApp().dir());
    }

}
