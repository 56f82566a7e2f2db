package org.bischeduler.cutover.runbook.preparation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the files the cutover changes or moves (the nginx site file, the old app's
 * {@code app.py} and {@code .env}, its cron file and unit) to a dated backup folder on the host,
 * each copy's sha256 checked against its source. An existing backup is never overwritten.
 */
@Step(bean = "backupConfiguration", name = "Back up configuration")
class BackupConfiguration extends RunbookStep {

    private final ObjectMapper json;

    BackupConfiguration(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.configured("backup-configuration", arguments(scope.target(), scope.paths()));
    }

    static Map<String, String> sources(TargetConfig target) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("nginx-site", target.nginx().siteFile());
        sources.put("app.py", target.oldApp().dir() + "/app.py");
        sources.put("env", target.oldApp().dir() + "/.env");
        if (!target.oldApp().cronFile().isEmpty()) {
            sources.put("cron", target.oldApp().cronFile());
        }
        if (!target.oldApp().unit().isEmpty()) {
            sources.put("old-unit", target.newApp().unitDir() + "/" + target.oldApp().unit() + ".service");
        }
        return sources;
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        RunPaths paths = new RunPaths(target, step.runStamp());
        Map<String, String> facts = runScript(step);
        Map<String, Map<String, Object>> backups = new LinkedHashMap<>();
        facts.forEach((key, value) -> {
            if (key.startsWith("backup.")) {
                String[] parts = value.split("\\|");
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("source", parts[0]);
                described.put("backup", parts[1]);
                described.put("size", Long.parseLong(parts[2]));
                described.put("sha256", parts[3]);
                backups.put(key.substring("backup.".length()), described);
            }
        });
        if (!backups.containsKey("nginx-site")) {
            throw new StepFailedException("the nginx site file " + target.nginx().siteFile() + " could not be backed up");
        }
        step.markUnchangedIf(facts);
        step.keep(ProcessVariables.CONFIG_BACKUP_DIR, paths.configBackupDir());
        step.keep(ProcessVariables.NGINX_BACKUP_PATH, paths.configBackupDir() + "/nginx-site");
        try {
            step.keep(ProcessVariables.CONFIG_BACKUPS, json.writeValueAsString(backups));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        List<String> arguments = new ArrayList<>(List.of(paths.configBackupDir()));
        sources(target).forEach((role, source) -> {
            arguments.add(role);
            arguments.add(source);
        });
        return arguments;
    }
}
