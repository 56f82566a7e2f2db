package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
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
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("disarm-new-service").describe(List.of(target.newApp().unit())));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript("disarm-new-service", List.of(step.target().newApp().unit()));
        step.markUnchangedIf(facts);
    }
}
