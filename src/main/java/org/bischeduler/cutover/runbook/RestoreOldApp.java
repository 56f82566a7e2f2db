package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
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
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("restore-old-app").describe(List.of(new RunPaths(target, runStamp).archive(), target.oldApp().dir())));
    }

    @Override
    protected void perform(StepContext step) {
        String archive = step.required(ProcessVariables.ARCHIVE_PATH);
        Map<String, String> facts = step.runScript("restore-old-app", List.of(archive, step.target().oldApp().dir()));
        step.markUnchangedIf(facts);
    }
}
