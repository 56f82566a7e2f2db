package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;

/** Undo of {@link RewriteNginxConfig}: the backup restored byte for byte, tested and reloaded if it changed anything. */
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
    protected boolean isUndo() {
        return true;
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of("sftp write " + target.nginx().siteFile() + " (from " + new RunPaths(target, runStamp).configBackupDir()
                + "/nginx-site, byte for byte)", NginxCommands.test(target).commandLine(), NginxCommands.reload(target).commandLine());
    }

    @Override
    protected void perform(StepContext step) {
        if (NginxRestore.restoreSiteFile(step)) {
            NginxCommands.testAndReload(step);
        } else {
            step.markUnchanged();
        }
    }
}
