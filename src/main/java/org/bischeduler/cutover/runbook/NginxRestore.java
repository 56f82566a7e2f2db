package org.bischeduler.cutover.runbook;

import java.util.Arrays;

/** Puts the backed-up site file back, byte for byte, when the live one differs. */
final class NginxRestore {

    private NginxRestore() {
    }

    /** Returns true when the live file had to be replaced. */
    static boolean restoreSiteFile(StepContext step) {
        String backupPath = step.requiredVariable(ProcessVariables.NGINX_BACKUP_PATH);
        String siteFile = step.target().nginx().siteFile();
        byte[] backup = step.readFile(backupPath)
                .orElseThrow(() -> new StepFailedException("the nginx backup " + backupPath + " is missing"));
        byte[] live = step.readFile(siteFile).orElse(null);
        if (live != null && Arrays.equals(live, backup)) {
            return false;
        }
        step.writeFile(siteFile, backup, 0644);
        step.fact("restored", siteFile + " from " + backupPath + " sha256=" + StepContext.sha256(backup));
        return true;
    }
}
