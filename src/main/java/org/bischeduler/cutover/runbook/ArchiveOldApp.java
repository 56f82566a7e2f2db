package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
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
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("archive-old-app").describe(arguments(target, new RunPaths(target, runStamp))));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("archive-old-app", arguments(target, new RunPaths(target, step.runStamp())));
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.ARCHIVE_PATH, facts.get("archivePath"));
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        return List.of(target.oldApp().dir(), target.folders().archive(), paths.archive());
    }
}
