package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** Undo of {@link InstallMonitoring}: removes the health-check script. */
@Component("removeMonitoring")
class RemoveMonitoring extends RunbookStep {

    RemoveMonitoring(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Remove monitoring";
    }


    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of("rm -f -- " + target.folders().monitorScript());
    }

    @Override
    protected void perform(StepContext step) {
        step.require(step.run(RemoteCommand.of(Duration.ofSeconds(30), "rm", "-f", "--",
                step.target().folders().monitorScript()).asRoot()), "removing the health check");
    }
}
