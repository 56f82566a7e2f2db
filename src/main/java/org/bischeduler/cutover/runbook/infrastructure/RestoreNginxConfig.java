package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

/**
 * Undo of {@link SwitchNginxConfig}: the backed-up site file restored byte for byte, tested and
 * reloaded. It runs after the old app answers again, so the old URL never points at nothing.
 */
@Component("restoreNginxConfig")
class RestoreNginxConfig extends RunbookStep {

    RestoreNginxConfig(StepSupport support) {
        super(support, "Restore nginx config");
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("restore-nginx", scope.nginx().siteFile(),
                ScriptCall.recorded(ProcessVariables.NGINX_BACKUP_PATH, "the site file's backup, as Back up configuration recorded"),
                scope.nginx().confFile(), String.valueOf(scope.oldApp().port()));
    }

}
