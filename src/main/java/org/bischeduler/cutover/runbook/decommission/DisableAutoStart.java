package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.Map;
import java.util.stream.Collectors;

/** Disables the old app's unit and comments out its cron entries with a marker. */
@Step(bean = "disableAutoStart", name = "Disable auto-start")
class DisableAutoStart extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("disable-autostart", scope.oldApp().unit(), scope.oldApp().cronFile(), scope.oldApp().dir(),
                paths.cronMarker(), paths.stateFile("autostart"), scope.newApp().unitDir());
    }

    @Override
    protected void keep(StepContext step, Map<String, String> facts) {
        step.keep(ProcessVariables.AUTOSTART_STATE, facts.getOrDefault("unitWasEnabled", "no"));
        step.keep(ProcessVariables.AUTOSTARTS, facts.entrySet().stream().filter(fact -> fact.getKey().startsWith("autostart."))
                .map(Map.Entry::getValue).collect(Collectors.joining(", ")));
    }
}
