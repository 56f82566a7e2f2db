package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.shell.TargetShell;
import org.bischeduler.cutover.shell.TargetShells;
import org.bischeduler.cutover.verify.DatabaseProbe;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Puts a {@link ScriptedShell} behind every target, and a database probe that answers as scripted. */
@TestConfiguration
public class ScriptedTargets {

    static final Map<String, ScriptedShell> SHELLS = new ConcurrentHashMap<>();

    public static ScriptedShell reset(String target) {
        ScriptedShell shell = new ScriptedShell();
        SHELLS.put(target, shell);
        ScriptedDatabaseProbe.passingCalls.set(Integer.MAX_VALUE);
        return shell;
    }

    @Bean
    @Primary
    TargetShells scriptedTargetShells(CutoverProperties properties) {
        return new TargetShells(properties) {
            @Override
            public TargetShell forTarget(String name) {
                properties.target(name);
                return SHELLS.computeIfAbsent(name, key -> new ScriptedShell());
            }
        };
    }

    @Bean
    @Primary
    DatabaseProbe scriptedDatabaseProbe() {
        return new ScriptedDatabaseProbe();
    }

    static final class ScriptedDatabaseProbe extends DatabaseProbe {
        /** How many more probes pass; the preflight probes once, the verification once more. */
        static final java.util.concurrent.atomic.AtomicInteger passingCalls = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);

        @Override
        public List<Finding> probe(String targetName, TargetConfig target, TargetShell shell) {
            return passingCalls.getAndDecrement() > 0 ? List.of(Finding.passed(DATABASE, "gestion_horarios reachable", "connected (scripted)"))
                    : List.of(Finding.failed(DATA_CHECK + 1, "rows from SELECT 1 FROM horarios", "no rows"));
        }
    }
}
