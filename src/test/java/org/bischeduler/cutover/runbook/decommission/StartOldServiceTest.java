package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TestTargets;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Start old service states its arguments once: the plan shows the list the run passes, recorded values marked. */
class StartOldServiceTest {

    private final TargetConfig target = TestTargets.bind(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
            "ssh.known-hosts-file", "/kh", "old-app.start-timeout", "45s", "new-app.start-timeout", "20s"));

    @Test
    void thePlanShowsTheArgumentsTheRunPassesWithRecordedValuesMarked() {
        ScriptCall call = new StartOldService(null).script(target, "20261201-220000");
        Map<String, String> recorded = new HashMap<>();
        for (String key : List.of("mode", "unit", "cwd", "user", "cmdline")) {
            recorded.put(ProcessVariables.OLD_SERVICE + key, "recorded-" + key);
        }

        List<String> passed = call.resolve(recorded::get);
        String planned = call.planned();

        assertThat(passed).containsExactly("recorded-mode", "recorded-unit", "recorded-cwd", "recorded-user", "recorded-cmdline",
                "5005", "45", "/var/backups/scheduler/old-service-restart-20261201-220000.log");
        assertThat(planned).contains("'<its command line>'").contains("'<its user>'")
                .contains(" 5005 45 ").as("the old app waits on its own start timeout, not the new app's").doesNotContain(" 20 ");
        for (String configured : passed.subList(5, passed.size())) {
            assertThat(planned).contains(configured);
        }
    }
}
