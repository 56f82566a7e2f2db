package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepSupport;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** Undo of {@link InstallServiceUnit}: disables the unit and removes its file. */
@Component("removeServiceUnit")
class RemoveServiceUnit extends RunbookStep {

    RemoveServiceUnit(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Remove service unit";
    }


    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of("systemctl disable " + target.newApp().unit(), "rm -f -- " + new RunPaths(target, runStamp).unitFile(),
                "systemctl daemon-reload");
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String path = new RunPaths(target, step.runStamp()).unitFile();
        if (step.readFile(path).isEmpty()) {
            step.markUnchanged();
            return;
        }
        CommandResult disable = step.run(InstallServiceUnit.systemctl("disable", target.newApp().unit()));
        step.require(disable, "systemctl disable");
        step.require(step.run(RemoteCommand.of(Duration.ofSeconds(30), "rm", "-f", "--", path).asRoot()), "removing the unit file");
        step.require(step.run(InstallServiceUnit.systemctl("daemon-reload")), "systemctl daemon-reload");
    }
}
