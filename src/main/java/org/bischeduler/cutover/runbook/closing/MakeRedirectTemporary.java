package org.bischeduler.cutover.runbook.closing;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/** Undo of {@link MakeRedirectPermanent}: the redirect is a 302 again, for the rollback that follows. */
@Component("makeRedirectTemporary")
class MakeRedirectTemporary extends RunbookStep {

    MakeRedirectTemporary(StepSupport support) {
        super(support, "Make redirect temporary");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return MakeRedirectPermanent.setRedirect(scope.target(), "temporary");
    }

}
