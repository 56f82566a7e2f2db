package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Moves the old app's folder into a dated archive subfolder; the path is kept for the undo. */
@Component("archiveOldApp")
class ArchiveOldApp extends RunbookStep {

    ArchiveOldApp(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Archive old app";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("archive-old-app", target.oldApp().dir(), target.folders().archive(),
                new RunPaths(target, runStamp).archive());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.ARCHIVE_PATH, facts.get("archivePath"));
    }

    }
