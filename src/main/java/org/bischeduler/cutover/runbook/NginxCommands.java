package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.target.RemoteCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code nginx -t} and {@code nginx -s reload}, against the configured main file when there is one. */
final class NginxCommands {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NginxCommands() {
    }

    static RemoteCommand test(TargetConfig target) {
        return command(target, "-t");
    }

    static RemoteCommand reload(TargetConfig target) {
        return command(target, "-s", "reload");
    }

    private static RemoteCommand command(TargetConfig target, String... action) {
        List<String> argv = new ArrayList<>(List.of("nginx"));
        argv.addAll(List.of(action));
        if (!target.nginx().confFile().isEmpty()) {
            argv.addAll(List.of("-c", target.nginx().confFile()));
        }
        return new RemoteCommand(argv, null, TIMEOUT, true);
    }

    /** Tests the whole configuration and reloads it; fails the step with nginx's own words. */
    static void testAndReload(StepContext step) {
        step.require(step.run(test(step.target())), "nginx -t");
        step.require(step.run(reload(step.target())), "nginx -s reload");
    }
}
