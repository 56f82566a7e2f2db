package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Undo of {@link ArmNewService}: the new unit's queued start is stopped, if it is still there. */
@Component("disarmNewService")
class DisarmNewService extends RunbookStep {

    DisarmNewService(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Disarm new service";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("disarm-new-service", target.newApp().unit());
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
    }
}
