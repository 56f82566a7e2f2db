package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.List;
import java.util.Map;

/** Undo of {@link InstallServiceUnit}: disables the unit and removes its file. */
@Step(bean = "removeServiceUnit", name = "Remove service unit")
class RemoveServiceUnit extends RunbookStep {

    /** Puts back the unit file that was at the path before the cutover, or removes the file when there was none. */
    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.of("put-back-original", paths.unitFile(), paths.original("unit-file"));
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        String unit = scope.newApp().unit();
        return List.of(disable(unit).planned(), script(scope).planned(), InstallServiceUnit.reload(unit).planned());
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String path = new RunPaths(target, step.runStamp()).unitFile();
        if (step.readFile(path).isPresent()) {
            step.runScript(disable(target.newApp().unit()));
        }
        Map<String, String> facts = runScript(step);
        step.markUnchangedIf(facts);
        step.runScript(InstallServiceUnit.reload(target.newApp().unit()));
    }

    private static ScriptCall disable(String unit) {
        return ScriptCall.of("service-unit", "disable", unit);
    }
}
