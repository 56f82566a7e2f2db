package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;

/** Undo of {@link ReloadNginx}: the original site file back in place, tested and reloaded. */
@Component("reloadRestoredNginx")
class ReloadRestoredNginx extends RunbookStep {

    ReloadRestoredNginx(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Test and reload restored nginx";
    }

    @Override
    protected boolean isUndo() {
        return true;
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of("sftp write " + target.nginx().siteFile() + " (the backup, if it differs)",
                NginxCommands.test(target).commandLine(), NginxCommands.reload(target).commandLine());
    }

    @Override
    protected void perform(StepContext step) {
        NginxRestore.restoreSiteFile(step);
        NginxCommands.testAndReload(step);
    }
}
