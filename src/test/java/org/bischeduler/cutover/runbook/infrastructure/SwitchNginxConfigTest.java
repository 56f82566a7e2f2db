package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TestTargets;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Switch nginx config passes the staged file and the approved checksum the run recorded, as its plan line shows them. */
class SwitchNginxConfigTest {

    private final TargetConfig target = TestTargets.defaults();

    @Test
    void thePlanMarksTheRecordedStagedFileAndChecksumTheRunPasses() {
        ScriptCall switchNginx = new SwitchNginxConfig().script(new StepScope(target, "20261201-220000"));
        assertThat(switchNginx.planned()).startsWith("bash -s -- /etc/nginx/sites-available/scheduler")
                .contains("'<the staged site file, as Stage and test nginx config recorded>'").endsWith("< switch-nginx.sh");
        assertThat(switchNginx.resolve(name -> name.equals(ProcessVariables.STAGED_SITE) ? "/staged"
                : name.equals(ProcessVariables.STAGED_BRIDGE_SITE) ? "/bridge" : "abc123"))
                .containsExactly("/etc/nginx/sites-available/scheduler", "/staged", "/bridge", "abc123", "",
                        "/var/backups/scheduler/users-probe-20261201-220000-cutover.log", "http://127.0.0.1:80/scheduler/", "20");
    }
}
