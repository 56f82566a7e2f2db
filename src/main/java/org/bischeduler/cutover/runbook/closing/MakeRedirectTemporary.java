package org.bischeduler.cutover.runbook.closing;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/** Undo of {@link MakeRedirectPermanent}: the redirect is a 302 again, for the rollback that follows. */
@Step(bean = "makeRedirectTemporary", name = "Make redirect temporary")
class MakeRedirectTemporary extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return MakeRedirectPermanent.setRedirect(scope.target(), "temporary");
    }

}
