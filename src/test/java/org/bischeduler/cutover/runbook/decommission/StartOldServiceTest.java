package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TestTargets;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepScope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Start old service states its arguments once: the plan shows the list the run passes. */
class StartOldServiceTest {

    private final TargetConfig target = TestTargets.bind(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
            "ssh.known-hosts-file", "/kh", "old-app.start-timeout", "45s", "new-app.start-timeout", "20s"));

    @Test
    void thePlanShowsTheArgumentsTheRunPassesAndHowTheOldAppRanComesFromTheStopsStateFile() {
        ScriptCall call = new StartOldService().script(new StepScope(target, "20261201-220000"));

        List<String> passed = call.resolve(name -> {
            throw new AssertionError("the undo reads how the old app ran from the host, not from " + name);
        });
        String planned = call.planned();

        assertThat(passed).containsExactly("/var/backups/scheduler/.cutover-20261201-220000-old-service.state",
                "/var/backups/scheduler/.cutover-20261201-220000-old-service.state.environ",
                "5005", "45", "/var/backups/scheduler/old-service-restart-20261201-220000.log", "bischeduler", "/opt/bischeduler",
                "/var/backups/scheduler/users-probe-20261201-220000-rollback.log", "http://127.0.0.1:80/scheduler/", "20");
        assertThat(planned).contains(" 5005 45 ").as("the old app waits on its own start timeout, not the new app's")
                .doesNotContain(" 5005 20 ");
        for (String configured : passed) {
            assertThat(planned).contains(configured);
        }
    }
}
