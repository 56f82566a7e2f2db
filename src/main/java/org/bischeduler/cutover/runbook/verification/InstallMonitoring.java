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
                "bash -s -- " + scope.folders().monitorScript() + " < " + scope.folders().monitorScript() + " (its first run, as the login user)");
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
        // its text, as the login user: a health check needs no root, narrow access runs no file it
        // wrote as root, and the file keeps the mode of one that was there (which may let only root run it)
        // (the path after "--" only names it: the check reads no argument)
        CommandResult firstRun = step.run(RemoteCommand.of(Duration.ofSeconds(60), "bash", "-s", "--", path).withStdin(script));
        step.require(firstRun, "the health check's first run");
        step.keep(ProcessVariables.MONITORING_OUTPUT, step.scrub(firstRun.stdout()).strip());
        if (same) {
            step.markUnchanged();
        }
    }
}
