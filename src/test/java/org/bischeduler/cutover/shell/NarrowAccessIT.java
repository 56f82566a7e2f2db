package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.testing.Sandbox;
import org.bischeduler.cutover.values.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A target prepared by scripts/prepare-target.sh in narrow access, as the sandbox is: its login may
 * run the cutover's runner as root and nothing else, the runner runs only the installed steps, and
 * it writes and reads only the files the preparation named.
 */
class NarrowAccessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static Path root;
    static Sandbox host;
    static Map<String, Object> target;

    @BeforeAll
    static void up() throws IOException {
        root = Files.createTempDirectory("cutover-narrow-");
        host = Sandbox.up(root.resolve("narrow"));
        target = host.targetProperties("narrow");
    }

    @AfterAll
    static void down() {
        host.close();
    }

    private static String property(String key) {
        return String.valueOf(target.get("cutover.targets.narrow.ssh." + key));
    }

    private static SshTargetShell shell() {
        return new SshTargetShell(new SshEndpoint("127.0.0.1", Integer.parseInt(property("port")), property("user"),
                Path.of(property("key-file")), Path.of(property("known-hosts-file")), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 64 * 1024, property("runner")), Secret.none());
    }

    @Test
    void theLoginMayRunNothingAsRootButTheRunner() {
        try (SshTargetShell shell = shell()) {
            CommandResult id = shell.run(RemoteCommand.of(TIMEOUT, "sudo", "-n", "id"));
            assertThat(id.exitCode()).as("sudo -n id: " + id.describe()).isEqualTo(1);
            assertThat(id.stderr()).contains("a password is required");
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "sudo", "-n", "bash", "-c", "id")).exitCode()).isEqualTo(1);
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "id", "-u")).stdout().strip()).isNotEqualTo("0");

            // a command that needs root and is not a step is refused before it is sent
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "systemctl", "daemon-reload").asRoot()))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.RUNNER_REFUSED))
                    .hasMessageContaining("only the cutover's steps");
        }
    }

    @Test
    void theRunnerRunsOnlyTheInstalledStepsAsRoot() {
        String runner = property("runner");
        try (SshTargetShell shell = shell()) {
            // a runbook script needing root runs as root, from the installed copy (nothing is sent on stdin)
            CommandResult step = shell.run(RemoteScript.load("service-unit").command(TIMEOUT, List.of("daemon-reload", "bischeduler")));
            assertThat(step.exitCode()).as(step.describe()).isZero();
            assertThat(step.commandLine()).contains("sudo '-n' '--' " + runner + " '--timeout' 30.000 step service-unit daemon-reload");
            for (List<String> attempt : List.of(List.of("step", "../../../bin/sh"), List.of("step", "/bin/sh"), List.of("exec", "id"),
                    List.of("step"), List.of("put", "/etc/sudoers.d/cutover-extra", "0440"), List.of("read", "/etc/shadow"))) {
                List<String> argv = new java.util.ArrayList<>(List.of("sudo", "-n", runner, "--timeout", "5"));
                argv.addAll(attempt);
                CommandResult refused = shell.run(new RemoteCommand(argv, null, TIMEOUT, false));
                assertThat(refused.exitCode()).as(attempt + ": " + refused.describe()).isEqualTo(126);
                assertThat(refused.stderr()).as(attempt.toString()).startsWith("cutover-run:");
            }
            assertThat(Path.of("/etc/sudoers.d/cutover-extra")).doesNotExist();
        }
    }

    @Test
    void filesAreWrittenAndReadOnlyWhereThePreparationSaid() throws IOException {
        Path backup = Files.createDirectories(host.path("var/backups/scheduler"));
        Path option = backup.resolve(".cutover-test.cnf");
        try (SshTargetShell shell = shell()) {
            shell.writeFile(option.toString(), "[client]\npassword=x\n".getBytes(StandardCharsets.UTF_8), 0600);
            assertThat(Files.getOwner(option).getName()).isEqualTo("root");
            assertThat(Files.getPosixFilePermissions(option)).hasSize(2);
            assertThat(shell.readFile(option.toString())).as("read back through the runner").contains("[client]\npassword=x\n".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> shell.writeFile(host.path("nginx/nginx.conf").toString(), "x".getBytes(StandardCharsets.UTF_8), 0644))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.RUNNER_REFUSED))
                    .hasMessageContaining("may not write");
            assertThatThrownBy(() -> shell.writeFile(backup.resolve("sub/../../x").toString(), "x".getBytes(StandardCharsets.UTF_8), 0644))
                    .isInstanceOf(RuntimeException.class);
            // the new unit must run as the service user the preparation named (root in the sandbox) and gain nothing
            String unit = host.path("etc/systemd/system/bischeduler.service").toString();
            assertThatThrownBy(() -> shell.writeFile(unit, "[Service]\nUser=root\nExecStart=+/bin/sh -c id\n".getBytes(StandardCharsets.UTF_8), 0644))
                    .hasMessageContaining("privileges beyond its user");
            assertThatThrownBy(() -> shell.writeFile(unit, "[Service]\nUser=nobody\nExecStart=/bin/true\n".getBytes(StandardCharsets.UTF_8), 0644))
                    .hasMessageContaining("must run as User=root");
            assertThat(Path.of(unit)).doesNotExist();
        }
    }
}
