package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.target.RemoteCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the files the cutover changes or moves (the nginx site file, the old app's
 * {@code app.py} and {@code .env}, its cron file and unit) to a dated backup folder over SFTP,
 * and reads each copy back to check its sha256. An existing backup is never overwritten.
 */
@Component("backupConfiguration")
class BackupConfiguration extends RunbookStep {

    private final StepSupport support;

    BackupConfiguration(StepSupport support) {
        super(support);
        this.support = support;
    }

    @Override
    public String stepName() {
        return "Back up configuration";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        RunPaths paths = new RunPaths(target, runStamp);
        List<String> lines = new java.util.ArrayList<>(List.of("install -d -m 0700 " + paths.configBackupDir()));
        sources(target).forEach((role, source) ->
                lines.add("sftp copy " + source + " -> " + paths.configBackupDir() + "/" + role + " (sha256 checked)"));
        return lines;
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
        step.require(step.run(RemoteCommand.of(Duration.ofSeconds(30), "install", "-d", "-m", "0700",
                paths.configBackupDir()).asRoot()), "creating the configuration backup folder");
        Map<String, Map<String, Object>> backups = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> entry : sources(target).entrySet()) {
            String role = entry.getKey();
            String source = entry.getValue();
            var content = step.readFile(source);
            if (content.isEmpty()) {
                step.fact("backup." + role, "absent: " + source);
                continue;
            }
            String copy = paths.configBackupDir() + "/" + role;
            String sha = StepContext.sha256(content.get());
            var existing = step.readFile(copy);
            if (existing.isPresent() && !Arrays.equals(existing.get(), content.get())) {
                throw new StepFailedException("backup " + copy + " exists and differs from " + source
                        + "; refusing to overwrite a backup (was the file changed since this run backed it up?)");
            }
            if (existing.isEmpty()) {
                step.writeFile(copy, content.get(), 0600);
                byte[] readBack = step.readFile(copy).orElseThrow(() -> new StepFailedException(copy + " vanished after writing"));
                if (!StepContext.sha256(readBack).equals(sha)) {
                    throw new StepFailedException("backup " + copy + " does not match " + source + " (sha256 differs)");
                }
                changed = true;
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("source", source);
            described.put("backup", copy);
            described.put("size", content.get().length);
            described.put("sha256", sha);
            backups.put(role, described);
            step.fact("backup." + role, copy + " sha256=" + sha + " size=" + content.get().length);
        }
        if (!backups.containsKey("nginx-site")) {
            throw new StepFailedException("the nginx site file " + target.nginx().siteFile() + " could not be backed up");
        }
        if (!changed) {
            step.markUnchanged();
        }
        step.output(ProcessVariables.CONFIG_BACKUP_DIR, paths.configBackupDir());
        step.output(ProcessVariables.NGINX_BACKUP_PATH, paths.configBackupDir() + "/nginx-site");
        try {
            step.output(ProcessVariables.CONFIG_BACKUPS, support.json().writeValueAsString(backups));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
