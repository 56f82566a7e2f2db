package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;

/**
 * Switches nginx to the staged configuration in two halves, so that no request meets a worker
 * that does not know the new prefix (a new worker's redirect followed to an old worker was a 404):
 * first the new blocks beside the old ones, reloaded, and a wait until the old workers are gone;
 * then the old block turned into the redirect, reloaded. Each half is renamed over the live site
 * file, tested, reloaded gracefully. The new blocks still proxy to the same port, so the old app keeps answering (now
 * behind the new prefix, the old one redirecting to it) until it is stopped; while no app
 * answers, nginx serves the maintenance page (503) instead of 502. Before anything changes it starts
 * the window's prober on the host, which verification reads.
 */
@Step(bean = "switchNginxConfig", name = "Switch nginx config")
class SwitchNginxConfig extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("switch-nginx", scope.nginx().siteFile(),
                ScriptCall.recorded(ProcessVariables.STAGED_SITE, "the staged site file, as Stage and test nginx config recorded"),
                ScriptCall.recorded(ProcessVariables.STAGED_BRIDGE_SITE, "the staged first half, as Stage and test nginx config recorded"),
                ScriptCall.recorded(ProcessVariables.NGINX_ORIGINAL_SHA256, "the sha256 of the site file the manager approved"),
                scope.nginx().confFile()).with(UsersProbe.started(scope, UsersProbe.CUTOVER));
    }

}
