package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
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
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("restore-nginx").describe(List.of(target.nginx().siteFile(),
                new RunPaths(target, runStamp).configBackupDir() + "/nginx-site", target.nginx().confFile())));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("restore-nginx", List.of(target.nginx().siteFile(),
                step.required(ProcessVariables.NGINX_BACKUP_PATH), target.nginx().confFile()));
        step.markUnchangedIf(facts);
    }
}
