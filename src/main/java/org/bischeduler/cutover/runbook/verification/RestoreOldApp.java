package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Undo of {@link ArchiveOldApp}: moves the folder back from the archive path the archive step recorded. */
@Component("restoreOldApp")
class RestoreOldApp extends RunbookStep {

    RestoreOldApp(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Restore old app";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        // the archive's path follows from the run, so this also undoes an archive step that failed after it moved the folder
        return ScriptCall.of("restore-old-app", new RunPaths(target, runStamp).archive(), target.oldApp().dir());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
    }
}
