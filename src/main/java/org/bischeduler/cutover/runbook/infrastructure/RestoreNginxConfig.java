package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Undo of {@link SwitchNginxConfig}: the backed-up site file restored byte for byte, tested and
 * reloaded. It runs after the old app answers again, so the old URL never points at nothing.
 */
@Component("restoreNginxConfig")
class RestoreNginxConfig extends RunbookStep {

    RestoreNginxConfig(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Restore nginx config";
    }


    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("restore-nginx", target.nginx().siteFile(),
                ScriptCall.recorded(ProcessVariables.NGINX_BACKUP_PATH, "the site file's backup, as Back up configuration recorded"),
                target.nginx().confFile(), String.valueOf(target.oldApp().port()));
    }

    @Override
    protected void perform(StepContext step) {
        Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
        step.markUnchangedIf(facts);
    }
}
