package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** Disables the old app's unit and comments out its cron entries with a marker. */
@Component("disableAutoStart")
class DisableAutoStart extends RunbookStep {

    DisableAutoStart(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Disable auto-start";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("disable-autostart").describe(arguments(target, new RunPaths(target, runStamp))));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("disable-autostart", arguments(target, new RunPaths(target, step.runStamp())));
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.AUTOSTART_STATE, facts.getOrDefault("unitWasEnabled", "no"));
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        return List.of(target.oldApp().unit(), target.oldApp().cronFile(), target.oldApp().dir(), paths.cronMarker(),
                paths.stateFile("autostart"));
    }
}
