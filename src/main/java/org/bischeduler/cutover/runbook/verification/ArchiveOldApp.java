package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Moves the old app's folder into a dated archive subfolder; the path is kept for the undo. */
@Component("archiveOldApp")
class ArchiveOldApp extends RunbookStep {

    ArchiveOldApp(StepSupport support) {
        super(support, "Archive old app");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("archive-old-app", scope.oldApp().dir(), scope.folders().archive(),
                scope.paths().archive());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = runScript(step);
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.ARCHIVE_PATH, facts.get("archivePath"));
    }

    }
