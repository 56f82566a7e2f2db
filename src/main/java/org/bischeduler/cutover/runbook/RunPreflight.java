package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.LocationBlock;
import org.bischeduler.cutover.nginx.NginxConfigException;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.verify.DatabaseProbe;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the target and changes nothing: reachable, old service answering, nginx valid with the
 * old location block, database and dump tool answering, room for backups, migration workspace.
 * A failed check does not fail the step: the run ends as "preflight failed" with the reasons.
 */
@Component("runPreflight")
class RunPreflight extends RunbookStep {

    private final DatabaseProbe database;

    RunPreflight(StepSupport support, DatabaseProbe database) {
        super(support);
        this.database = database;
    }

    @Override
    public String stepName() {
        return "Preflight checks";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.configured("preflight", arguments(target));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        List<String> findings = new ArrayList<>();
        try {
            Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
            findings.addAll(RemoteScript.checks(facts));
            findings.add("old-location: " + oldLocation(step));
            database.probe(step.targetName(), target, step.shell()).findings()
                    .forEach(line -> findings.add("database: " + step.scrub(line)));
        } catch (TargetException | StepFailedException e) {
            findings.add("target: fail: " + step.scrub(e.getMessage()));
        }
        boolean passed = findings.stream().noneMatch(line -> line.contains(": fail"));
        String report = String.join("\n", findings);
        step.fact("passed", String.valueOf(passed));
        step.show(ProcessVariables.PREFLIGHT_PASSED, passed);
        step.show(ProcessVariables.PREFLIGHT_FINDINGS, report.length() > 3900 ? report.substring(0, 3900) : report);
    }

    private static String oldLocation(StepContext step) {
        TargetConfig.Nginx nginx = step.target().nginx();
        return step.readFile(nginx.siteFile())
                .map(bytes -> {
                    try {
                        LocationBlock.find(new String(bytes, StandardCharsets.UTF_8), nginx.oldPrefix());
                        return "ok: 'location " + nginx.oldPrefix() + "' found in " + nginx.siteFile();
                    } catch (NginxConfigException e) {
                        return "fail: " + e.getMessage() + " in " + nginx.siteFile();
                    }
                })
                .orElse("fail: " + nginx.siteFile() + " does not exist");
    }

    private static List<String> arguments(TargetConfig target) {
        return List.of(String.valueOf(target.oldApp().port()), target.nginx().siteFile(), target.nginx().confFile(),
                target.folders().backup(), String.valueOf(target.folders().minFreeBackupMegabytes()),
                target.folders().migrationWorkspace(), target.oldApp().dir());
    }

    @Override
    protected boolean failsToOperator() {
        return false;
    }

    @Override
    protected boolean needsApproval() {
        return false;
    }
}
