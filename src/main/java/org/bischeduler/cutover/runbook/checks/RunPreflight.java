package org.bischeduler.cutover.runbook.checks;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.LocationBlock;
import org.bischeduler.cutover.nginx.NginxConfigException;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.verify.DatabaseProbe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the target and changes nothing: reachable, old service answering, nginx valid with the
 * old location block, database and dump tool answering, room for backups, migration workspace.
 * A failed check does not fail the step: the run ends as "preflight failed" with the reasons.
 */
@Step(bean = "runPreflight", name = "Preflight checks", needsApproval = false, failsToOperator = false)
class RunPreflight extends RunbookStep {

    private final DatabaseProbe database;

    RunPreflight(DatabaseProbe database) {
        this.database = database;
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.configured("preflight", arguments(scope.target()));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        List<Finding> findings = new ArrayList<>();
        try {
            if (target.ssh().narrow()) {
                findings.add(InstalledSteps.check(step, target.ssh().runner()));
            }
            // on a target that holds another version's steps, run none of them (preflight is one)
            if (Finding.allPassed(findings)) {
                findings.addAll(Finding.fromFacts(runScript(step)));
                findings.add(oldLocation(step));
                findings.addAll(database.probe(step.targetName(), target, step.shell()));
            }
        } catch (TargetException | StepFailedException e) {
            findings.add(Finding.failed("target", "the preflight script runs", e.getMessage()));
        }
        boolean passed = Finding.allPassed(findings);
        step.fact("passed", String.valueOf(passed));
        step.show(ProcessVariables.PREFLIGHT_PASSED, passed);
        step.findings(ProcessVariables.PREFLIGHT_CHECKS, ProcessVariables.PREFLIGHT_FINDINGS, findings);
    }

    private static Finding oldLocation(StepContext step) {
        TargetConfig.Nginx nginx = step.target().nginx();
        String expected = "'location " + nginx.oldPrefix() + "' in " + nginx.siteFile();
        return step.readFile(nginx.siteFile())
                .map(bytes -> {
                    try {
                        int servers = LocationBlock.findAll(new String(bytes, StandardCharsets.UTF_8), nginx.oldPrefix()).size();
                        return Finding.passed("old-location", expected, servers == 1 ? "found" : "found in " + servers + " server blocks");
                    } catch (NginxConfigException e) {
                        return Finding.failed("old-location", expected, e.getMessage());
                    }
                })
                .orElse(Finding.failed("old-location", expected, "the file does not exist"));
    }

    private static List<String> arguments(TargetConfig target) {
        return List.of(String.valueOf(target.oldApp().port()), target.nginx().siteFile(), target.nginx().confFile(),
                target.folders().backup(), String.valueOf(target.folders().minFreeBackupMegabytes()),
                target.folders().migrationWorkspace(), target.oldApp().dir(), target.newApp().dir(), target.newApp().python(),
                target.newApp().entry(), target.newApp().staticDir(), target.newApp().staticProbe(), target.oldApp().unit(),
                target.oldApp().cronFile(), target.newApp().unitDir(), target.newApp().databaseOptionFile(), target.database().name());
    }
}
