package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;

/** Tests the rewritten configuration once more and reloads nginx gracefully. */
@Component("reloadNginx")
class ReloadNginx extends RunbookStep {

    ReloadNginx(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Test and reload nginx";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(NginxCommands.test(target).commandLine(), NginxCommands.reload(target).commandLine());
    }

    @Override
    protected void perform(StepContext step) {
        NginxCommands.testAndReload(step);
    }
}
