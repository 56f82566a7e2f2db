package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;

/**
 * Undo of {@link SwitchNginxConfig}: the backed-up site file restored byte for byte, tested and
 * reloaded, over what the switch wrote and nothing else (a site someone changed since stops the
 * undo, which shows the difference). It runs after the old app answers again, so the old URL never
 * points at nothing.
 */
@Step(bean = "restoreNginxConfig", name = "Restore nginx config")
class RestoreNginxConfig extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("restore-nginx", scope.nginx().siteFile(),
                ScriptCall.recorded(ProcessVariables.NGINX_BACKUP_PATH, "the site file's backup, as Back up configuration recorded"),
                scope.nginx().confFile(), String.valueOf(scope.oldApp().port()),
                ScriptCall.recorded(ProcessVariables.STAGED_SITE, "the staged site file, as Stage and test nginx config recorded"),
                ScriptCall.recorded(ProcessVariables.STAGED_BRIDGE_SITE, "the staged first half, as Stage and test nginx config recorded"))
                .with(UsersProbe.started(scope, UsersProbe.ROLLBACK));
    }

}
