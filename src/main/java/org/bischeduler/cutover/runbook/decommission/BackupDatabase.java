package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.SecretReference;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.values.Secret;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Dumps the database (consistent snapshot, routines, triggers, events) to a dated gzip file and
 * verifies it before any later step may run. The password reaches the host in a 0600 option
 * file written over SFTP and removed afterwards, never on a command line.
 */
@Step(bean = "backupDatabase", name = "Back up database")
class BackupDatabase extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.configured("backup-database", arguments(scope.target(), scope.paths()));
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        RunPaths paths = scope.paths();
        return List.of("sftp write " + paths.optionFile() + " (0600, [client] user and password; content never recorded)",
                script(scope).planned()
                        + "  (removes the option file when it ends)");
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        RunPaths paths = new RunPaths(target, step.runStamp());
        // the backup folder exists: the configuration backup made it before the window
        writeOptionFile(step, paths.optionFile());
        boolean removed = false;
        try {
            Map<String, String> facts = runScript(step);
            removed = true;
            step.markUnchangedIf(facts);
            step.keep(ProcessVariables.DB_BACKUP_PATH, facts.get("path"));
            step.keep(ProcessVariables.DB_BACKUP_SHA256, facts.get("sha256"));
            step.keep(ProcessVariables.DB_BACKUP_SIZE, Long.parseLong(facts.getOrDefault("size", "0")));
        } finally {
            if (!removed) {
                // the script removes it when it ends; if it never ended, remove it here
                // not required to succeed: the step's own failure is the one to report
                step.run(RemoteScript.load("remove-option-file").command(Duration.ofSeconds(30), List.of(paths.optionFile())));
            }
        }
    }

    private static void writeOptionFile(StepContext step, String path) {
        TargetConfig.Database db = step.target().database();
        Secret password = SecretReference.resolve("cutover.targets." + step.targetName() + ".database.password", db.password());
        String content = "[client]\nuser=" + db.user() + "\nhost=" + db.host() + "\nport=" + db.port() + "\n"
                + (password.isPresent() ? "password=\"" + password.reveal().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n" : "");
        step.shell().writeFile(path, StepContext.utf8(content), 0600);
        step.fact("optionFile", path + " (0600, removed after the dump)");
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        return List.of(paths.optionFile(), target.database().name(), target.folders().backup(), paths.databaseBackupName());
    }
}
