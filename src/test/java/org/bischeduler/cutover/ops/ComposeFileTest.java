package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml is valid (checked by Debian's docker-compose, which needs no engine) and complete. */
class ComposeFileTest {

    private static final Map<String, String> SECRETS = Map.of("CUTOVER_ADMIN_PASSWORD", "a", "CUTOVER_DB_PASSWORD", "b",
            "MARIADB_ROOT_PASSWORD", "c", "SCHEDULER_DB_PASSWORD", "d", "DEMO_DB_PASSWORD", "e");

    @Test
    void composeFileIsValidAndWiresDatabaseAppAndDemoTarget() throws Exception {
        Path compose = Programs.require("docker-compose (Debian package docker-compose)", "/usr/bin/docker-compose", "/usr/local/bin/docker-compose");

        String config = run(compose, "config");
        assertThat(run(compose, "config", "--services").lines()).containsExactlyInAnyOrder("engine-db", "cutover", "demo-target");
        assertThat(config).contains("engine-data").contains("SPRING_PROFILES_ACTIVE: mariadb")
                .contains("CUTOVER_DB_URL: jdbc:mariadb://engine-db:3306/camunda").contains("healthcheck.sh")
                .contains("/actuator/health/liveness").contains("CUTOVER_TARGETS_DEMO_SSH_HOST: demo-target");
        for (String file : List.of("Dockerfile", "docker/demo-target/Dockerfile", "docker/demo-target/entrypoint.sh",
                "docker/engine-db/init-demo.sh", "scripts/sandbox/seed.sql", "scripts/sandbox/systemctl",
                "scripts/sandbox/old_app.py", "scripts/sandbox/new_app.py")) {
            assertThat(Path.of(file)).as(file).exists();
        }
    }

    @Test
    void composeRefusesToStartWithoutItsSecrets() throws Exception {
        Path compose = Programs.require("docker-compose (Debian package docker-compose)", "/usr/bin/docker-compose", "/usr/local/bin/docker-compose");
        ProcessBuilder builder = new ProcessBuilder(compose.toString(), "-f", "docker-compose.yml", "config").redirectErrorStream(true);
        SECRETS.keySet().forEach(builder.environment()::remove);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isNotZero();
        assertThat(output).contains("set CUTOVER_");
    }

    private static String run(Path compose, String... arguments) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(compose.toString(), "-f", "docker-compose.yml"));
        argv.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(SECRETS);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
