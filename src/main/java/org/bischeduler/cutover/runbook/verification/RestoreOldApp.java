package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
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
        return ScriptCall.of("restore-old-app",
                ScriptCall.recorded(ProcessVariables.ARCHIVE_PATH, "the archive folder, as Archive old app recorded"),
                target.oldApp().dir());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
    }
}
