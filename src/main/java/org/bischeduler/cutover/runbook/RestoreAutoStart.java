package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;

/** Undo of {@link DisableAutoStart}: the cron lines uncommented exactly, the unit enabled if it was. */
@Component("restoreAutoStart")
class RestoreAutoStart extends RunbookStep {

    RestoreAutoStart(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Restore auto-start";
    }


    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("restore-autostart").describe(arguments(target, new RunPaths(target, runStamp), "<recorded>")));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String wasEnabled = step.required(ProcessVariables.AUTOSTART_STATE);
        step.runScript("restore-autostart", arguments(target, new RunPaths(target, step.runStamp()), wasEnabled));
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths, String wasEnabled) {
        return List.of(target.oldApp().unit(), target.oldApp().cronFile(), paths.cronMarker(), wasEnabled);
    }
}
