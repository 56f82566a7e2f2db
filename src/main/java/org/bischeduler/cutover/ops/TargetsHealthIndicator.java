package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShells;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each configured target's SSH reachability: a real login with the pinned host key and a no-op
 * command, over the connection the runs share. Results are kept for 30 s so probes stay cheap.
 */
@Component("targets")
class TargetsHealthIndicator extends AbstractHealthIndicator {

    private static final Duration KEEP = Duration.ofSeconds(30);

    private final CutoverProperties properties;
    private final TargetShells shells;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    private record Probe(Instant at, boolean up, String detail) {
    }

    TargetsHealthIndicator(CutoverProperties properties, TargetShells shells) {
        this.properties = properties;
        this.shells = shells;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean allUp = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (String name : properties.targets().keySet()) {
            Probe probe = probes.compute(name, (key, last) ->
                    last != null && last.at().plus(KEEP).isAfter(Instant.now()) ? last : probe(key));
            allUp &= probe.up();
            details.put(name, probe.detail());
        }
        (allUp ? builder.up() : builder.down()).withDetails(details);
    }

    private Probe probe(String name) {
        try {
            var result = shells.forTarget(name).run(RemoteCommand.of(Duration.ofSeconds(10), "true"));
            return new Probe(Instant.now(), result.succeeded(), result.succeeded() ? "reachable over SSH"
                    : "SSH login works but 'true' exited " + result.exitCode());
        } catch (TargetException | IllegalStateException e) {
            return new Probe(Instant.now(), false, e.getMessage());
        }
    }
}
