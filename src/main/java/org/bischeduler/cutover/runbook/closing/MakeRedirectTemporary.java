package org.bischeduler.cutover.runbook.closing;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Undo of {@link MakeRedirectPermanent}: the redirect is a 302 again, for the rollback that follows. */
@Component("makeRedirectTemporary")
class MakeRedirectTemporary extends RunbookStep {

    MakeRedirectTemporary(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Make redirect temporary";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return MakeRedirectPermanent.setRedirect(target, "temporary");
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
    }
}
