package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;

/** The migration workspace exists and is writable; nothing is changed. */
@Component("checkMigrationWorkspace")
class CheckMigrationWorkspace extends RunbookStep {

    CheckMigrationWorkspace(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Check migration workspace";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("check-workspace").describe(List.of(target.folders().migrationWorkspace())));
    }

    @Override
    protected void perform(StepContext step) {
        step.runScript("check-workspace", List.of(step.target().folders().migrationWorkspace()));
        step.markUnchanged();
    }
}
