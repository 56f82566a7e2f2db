package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.stream.Collectors;

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
    protected ScriptCall script(TargetConfig target, String runStamp) {
        RunPaths paths = new RunPaths(target, runStamp);
        return ScriptCall.of("disable-autostart", target.oldApp().unit(), target.oldApp().cronFile(), target.oldApp().dir(),
                paths.cronMarker(), paths.stateFile("autostart"), target.newApp().unitDir());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.AUTOSTART_STATE, facts.getOrDefault("unitWasEnabled", "no"));
        step.keep(ProcessVariables.AUTOSTARTS, facts.entrySet().stream().filter(fact -> fact.getKey().startsWith("autostart."))
                .map(Map.Entry::getValue).collect(Collectors.joining(", ")));
    }

    }
