package org.bischeduler.cutover.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/** Targets bound the way Spring binds them, for tests that need a configured target. */
public final class TestTargets {

    private TestTargets() {
    }

    /** The runbook's defaults, with an SSH host. */
    public static TargetConfig defaults() {
        return bind(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k", "ssh.known-hosts-file", "/kh"));
    }

    public static TargetConfig bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("", TargetConfig.class);
    }
}
