package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.RemoteCommand;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Installs the runbook's health-check script on the host, runs it once and records its output. */
@Step(bean = "installMonitoring", name = "Install monitoring")
class InstallMonitoring extends RunbookStep {

    @Override
    public List<String> plannedCommands(StepScope scope) {
        return List.of(script(scope).planned(), "sftp write " + scope.folders().monitorScript() + " (0755)",
                scope.folders().monitorScript());
    }

    /** Keeps whatever is already at the script's path, so the undo puts it back instead of deleting it. */
    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("keep-original", scope.folders().monitorScript(), scope.paths().original("monitor-script"));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String path = target.folders().monitorScript();
        runScript(step);
        byte[] script = MonitorScript.render(target, step.changeReference())
                .getBytes(StandardCharsets.UTF_8);
        boolean same = step.readFile(path).map(existing -> Arrays.equals(existing, script)).orElse(false);
        if (!same) {
            step.writeFile(path, script, 0755);
        }
        CommandResult firstRun = step.run(RemoteCommand.of(Duration.ofSeconds(60), path).asRoot());
        step.require(firstRun, "the health check's first run");
        step.keep(ProcessVariables.MONITORING_OUTPUT, step.scrub(firstRun.stdout()).strip());
        if (same) {
            step.markUnchanged();
        }
    }
}
