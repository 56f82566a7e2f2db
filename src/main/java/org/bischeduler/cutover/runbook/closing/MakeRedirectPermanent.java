package org.bischeduler.cutover.runbook.closing;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;

/**
 * Once the change is closed, the old prefix's redirect becomes a 301. Until then it is a 302:
 * browsers keep a 301 for good, so one written earlier would outlive a rollback.
 */
@Step(bean = "makeRedirectPermanent", name = "Make redirect permanent")
class MakeRedirectPermanent extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return setRedirect(scope.target(), "permanent");
    }

    static ScriptCall setRedirect(TargetConfig target, String want) {
        return ScriptCall.of("set-redirect", target.nginx().siteFile(), target.nginx().confFile(), target.nginx().oldPrefix(),
                target.nginx().newPrefix(), want);
    }

}
