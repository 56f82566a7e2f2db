package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.shell.RemoteCommand;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Writes the new app's unit (atomically, over SFTP) and reloads systemd; the unit is enabled once it answers. */
@Step(bean = "installServiceUnit", name = "Install service unit")
class InstallServiceUnit extends RunbookStep {

    /** Keeps whatever unit file is already at the path, so the undo puts it back instead of deleting it. */
    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("keep-original", paths.unitFile(), paths.original("unit-file"));
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        return List.of(script(scope).planned(), "sftp write " + scope.paths().unitFile() + " (0644)",
                reload(scope.newApp().unit()).planned());
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String path = new RunPaths(target, step.runStamp()).unitFile();
        runScript(step);
        byte[] unit = ServiceUnit.render(target, step.changeReference())
                .getBytes(StandardCharsets.UTF_8);
        boolean same = step.readFile(path).map(existing -> Arrays.equals(existing, unit)).orElse(false);
        if (!same) {
            step.writeFile(path, unit, 0644);
        }
        // enabled only once it answers (start step): a reboot before the window must not start it
        step.runScript(reload(target.newApp().unit()));
        step.fact("unitFile", path + " sha256=" + StepContext.sha256(unit));
        if (same) {
            step.markUnchanged();
        }
    }

    static ScriptCall reload(String unit) {
        return ScriptCall.of("service-unit", "daemon-reload", unit);
    }
}
