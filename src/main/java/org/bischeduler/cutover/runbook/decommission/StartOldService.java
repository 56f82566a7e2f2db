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

/** Undo of {@link StopOldService}: starts the old app again as it ran and waits until it answers. */
@Component("startOldService")
class StartOldService extends RunbookStep {

    StartOldService(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Start old service";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("start-old-service",
                recorded("mode", "how the old app ran (unit or command), as Stop old service found it"),
                recorded("unit", "its unit"), recorded("cwd", "its working folder"), recorded("user", "its user"),
                recorded("cmdline", "its command line"),
                String.valueOf(target.oldApp().port()), String.valueOf(target.oldApp().startTimeout().toSeconds()),
                new RunPaths(target, runStamp).oldServiceRestartLog());
    }

    private static ScriptCall.Recorded recorded(String key, String shownAs) {
        return ScriptCall.recorded(ProcessVariables.OLD_SERVICE + key, shownAs);
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
        if (facts.containsKey("restoredAt")) {
            step.keep(ProcessVariables.OLD_SERVICE_RESTORED_AT, Long.parseLong(facts.get("restoredAt")));
        }
    }
}
