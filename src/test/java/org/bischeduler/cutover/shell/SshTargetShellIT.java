package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.testing.MariaDbServer;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.SshServer;
import org.bischeduler.cutover.values.SafeValues;
import org.bischeduler.cutover.values.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSH shell against a real OpenSSH server started for these tests. */
class SshTargetShellIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static SshServer server;

    @BeforeAll
    static void startServer() {
        server = SshServer.start(dir.resolve("sshd"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static SshEndpoint endpoint(String user, Path key, Path knownHosts) {
        return new SshEndpoint("127.0.0.1", server.port(), user, key, knownHosts, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 64 * 1024);
    }

    private static SshTargetShell shell() {
        return new SshTargetShell(endpoint("root", server.clientKey(), server.knownHosts()), Secret.none());
    }

    @Test
    void commandReportsItsOutputAndExitCode() {
        try (SshTargetShell shell = shell()) {
            CommandResult result = shell.run(RemoteCommand.of(TIMEOUT, "sh", "-c", "echo out; echo err >&2; exit 3"));

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("out\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(result.timedOut()).isFalse();
            assertThat(result.succeeded()).isFalse();
        }
    }

    @Test
    void oneConnectionServesManyCommands() throws Exception {
        try (SshTargetShell shell = shell()) {
            for (int i = 0; i < 5; i++) {
                assertThat(shell.run(RemoteCommand.of(TIMEOUT, "true")).succeeded()).isTrue();
            }
            String sessions = Programs.run(List.of("ps", "--ppid", String.valueOf(server.pid()), "-o", "pid="));
            assertThat(sessions.lines().filter(line -> !line.isBlank())).hasSize(1);
        }
    }

    @Test
    void largeOutputIsCappedAndMarkedTruncated() {
        try (SshTargetShell shell = shell()) {
            CommandResult result = shell.run(RemoteCommand.of(TIMEOUT, "sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a"));

            assertThat(result.exitCode()).isZero();
            assertThat(result.truncated()).isTrue();
            assertThat(result.stdout()).hasSize(64 * 1024).matches("a+");
        }
    }

    @Test
    void commandThatOutlivesItsTimeoutIsKilledOnTheHost() {
        try (SshTargetShell shell = shell()) {
            CommandResult result = shell.run(RemoteCommand.of(Duration.ofSeconds(1), "sleep", "3001"));

            assertThat(result.timedOut()).isTrue();
            assertThat(result.succeeded()).isFalse();
            assertThat(result.describe()).contains("timed out");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && processes().contains("sleep 3001")) {
                Programs.sleep(100);
            }
            assertThat(processes()).doesNotContain("sleep 3001");
        }
    }

    @Test
    void unknownHostKeyIsRefusedBeforeAnyCommandRuns() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Path marker = dir.resolve("unknown-host-marker");
        try (SshTargetShell shell = new SshTargetShell(endpoint("root", server.clientKey(), empty), Secret.none())) {
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "touch", marker.toString())))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.UNKNOWN_HOST_KEY))
                    .hasMessageContaining("127.0.0.1:" + server.port());
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void changedHostKeyIsRefusedBeforeAnyCommandRuns() throws Exception {
        Path other = dir.resolve("other_host_key");
        Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()));
        String[] key = Files.readString(dir.resolve("other_host_key.pub")).trim().split(" ");
        Path pinned = Files.writeString(dir.resolve("changed_known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + key[0] + " " + key[1] + "\n");
        Path marker = dir.resolve("changed-host-marker");
        try (SshTargetShell shell = new SshTargetShell(endpoint("root", server.clientKey(), pinned), Secret.none())) {
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "touch", marker.toString())))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.CHANGED_HOST_KEY))
                    .hasMessageContaining("man-in-the-middle");
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void keyTheServerDoesNotKnowIsRefused() {
        Path stranger = dir.resolve("stranger_key");
        Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()));
        try (SshTargetShell shell = new SshTargetShell(endpoint("root", stranger, server.knownHosts()), Secret.none())) {
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "true")))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.AUTHENTICATION_REFUSED));
        }
    }

    @Test
    void keyWithPassphraseWorksAndTheMessageNeverShowsThePassphrase() throws Exception {
        Path locked = dir.resolve("locked_key");
        String passphrase = "correct-horse-battery";
        Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", locked.toString()));
        Files.writeString(server.authorizedKeys(), Files.readString(dir.resolve("locked_key.pub")),
                java.nio.file.StandardOpenOption.APPEND);
        try (SshTargetShell shell = new SshTargetShell(endpoint("root", locked, server.knownHosts()), Secret.of(passphrase))) {
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "echo", "unlocked")).stdout()).isEqualTo("unlocked\n");
        }
        try (SshTargetShell shell = new SshTargetShell(endpoint("root", locked, server.knownHosts()), Secret.of("wrong-passphrase"))) {
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "true")))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.AUTHENTICATION_REFUSED))
                    .message().doesNotContain("wrong-passphrase").doesNotContain(passphrase);
        }
    }

    @Test
    void droppedConnectionGivesAnUnknownResultAndTheNextCommandReconnects() throws Exception {
        try (SshTargetShell shell = shell()) {
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "true")).succeeded()).isTrue();
            AtomicReference<Object> outcome = new AtomicReference<>();
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    outcome.set(shell.run(RemoteCommand.of(TIMEOUT, "sleep", "3002")));
                } catch (TargetException e) {
                    outcome.set(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!processes().contains("sleep 3002") && System.nanoTime() < deadline) {
                Programs.sleep(50);
            }
            server.dropConnections();
            running.get(30, TimeUnit.SECONDS);

            if (outcome.get() instanceof CommandResult result) {
                assertThat(result.exitKnown()).as("exit status after a drop").isFalse();
                assertThat(result.succeeded()).isFalse();
            } else {
                assertThat(((TargetException) outcome.get()).kind()).isEqualTo(TargetException.Kind.CONNECTION_DROPPED);
            }
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "echo", "again")).stdout()).isEqualTo("again\n");
        } finally {
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 3002"))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'; touch MARKER; '", "$(touch MARKER)", "`touch MARKER`", "x\ntouch MARKER", "-n; touch MARKER",
            "\"; touch MARKER; \"", "a && touch MARKER", "| touch MARKER"})
    void injectionAttemptsArePassedLiterallyAndRunNothing(String template) {
        Path marker = dir.resolve("injected-" + Math.abs(template.hashCode()));
        String payload = template.replace("MARKER", marker.toString());
        try (SshTargetShell shell = shell()) {
            CommandResult result = shell.run(RemoteCommand.of(TIMEOUT, "printf", "%s", payload));

            assertThat(result.stdout()).isEqualTo(payload);
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void valuesWithMetacharactersAreRefusedBeforeTheyReachTheHost() {
        assertThatThrownBy(() -> SafeValues.path("old-app.dir", "/opt/x; rm -rf /")).hasMessageStartingWith("old-app.dir:");
        assertThatThrownBy(() -> SafeValues.path("nginx.site-file", "/etc/../shadow")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> SafeValues.unitName("new-app.unit", "-bischeduler")).hasMessageContaining("'-'");
        assertThatThrownBy(() -> SafeValues.databaseName("database.name", "db\nDROP")).hasMessageContaining("newline");
        assertThatThrownBy(() -> SafeValues.locationPrefix("nginx.old-prefix", "/a/$(id)/")).hasMessageStartingWith("nginx.old-prefix:");
        try (SshTargetShell shell = shell()) {
            assertThatThrownBy(() -> shell.readFile("relative/path")).hasMessageStartingWith("path:");
        }
    }

    @Test
    void writingAFileIsAtomicAndKeepsItsMode() throws Exception {
        Path file = dir.resolve("site.conf");
        byte[] small = "old\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        byte[] large = "new content line\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        Files.write(file, small);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> torn = new AtomicReference<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                try {
                    byte[] seen = Files.readAllBytes(file);
                    if (!java.util.Arrays.equals(seen, small) && !java.util.Arrays.equals(seen, large)) {
                        torn.set("a reader saw " + seen.length + " bytes");
                    }
                } catch (java.io.IOException e) {
                    torn.set("a reader failed: " + e);
                }
            }
        });
        try (SshTargetShell shell = shell()) {
            for (int i = 0; i < 6; i++) {
                shell.writeFile(file.toString(), i % 2 == 0 ? large : small, 0600);
            }
        } finally {
            writing.set(false);
            reader.get(10, TimeUnit.SECONDS);
        }
        assertThat(torn.get()).isNull();
        assertThat(Files.readAllBytes(file)).isEqualTo(small);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(Path::toString)).noneMatch(name -> name.contains(".cutover-"));
        }
    }

    @Test
    void readingAMissingFileGivesNothingAndANewFileGetsTheGivenMode() throws Exception {
        Path fresh = dir.resolve("fresh.env");
        try (SshTargetShell shell = shell()) {
            assertThat(shell.readFile(fresh.toString())).isEmpty();
            shell.writeFile(fresh.toString(), "SECRET=1\n".getBytes(StandardCharsets.UTF_8), 0600);
            assertThat(shell.readFile(fresh.toString())).contains("SECRET=1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
    }

    @Test
    void portForwardReachesARealMariaDbThroughSsh() throws Exception {
        try (MariaDbServer database = MariaDbServer.start(dir.resolve("mariadb"), "forward-test-pw");
             SshTargetShell shell = shell();
             PortForward forward = shell.forward("127.0.0.1", database.port())) {
            database.execute("CREATE DATABASE gestion_horarios; CREATE TABLE gestion_horarios.horarios (id INT); "
                    + "INSERT INTO gestion_horarios.horarios VALUES (7)");
            assertThat(forward.localPort()).isNotEqualTo(database.port());
            try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + forward.localPort()
                    + "/gestion_horarios", "root", "forward-test-pw");
                 ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM horarios")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }

    /** Broad access: a login whose sudo rule allows any command writes and reads root's files through sudo. */
    @Test
    void withABroadSudoRuleFilesOnlyRootMayTouchAreWrittenAndReadThroughSudo() throws Exception {
        String user = NonRootUser.ensure();
        Path folder = Files.createDirectories(dir.resolve("root-only"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Path file = folder.resolve("secret.cnf");
        byte[] content = "[client]\npassword=x\n".getBytes(StandardCharsets.UTF_8);
        Path rule = Path.of("/etc/sudoers.d/" + user + "-broad");
        Files.writeString(rule, user + " ALL=(ALL) NOPASSWD: ALL\n");
        Files.setPosixFilePermissions(rule, PosixFilePermissions.fromString("r--r-----"));
        try (SshTargetShell shell = new SshTargetShell(endpoint(user, server.clientKey(), server.knownHosts()), Secret.none())) {
            shell.writeFile(file.toString(), content, 0600);
            assertThat(shell.readFile(file.toString())).as("read through sudo: SFTP as the user may not").contains(content);
        } finally {
            Files.delete(rule);
        }
        assertThat(Files.getOwner(file).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void missingSudoRightIsAClearErrorNotAHangingPrompt() {
        String user = NonRootUser.ensure();
        try (SshTargetShell shell = new SshTargetShell(endpoint(user, server.clientKey(), server.knownHosts()), Secret.none())) {
            assertThat(shell.run(RemoteCommand.of(TIMEOUT, "id", "-un")).stdout()).isEqualTo(user + "\n");
            long started = System.nanoTime();
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(TIMEOUT, "systemctl", "daemon-reload").asRoot()))
                    .isInstanceOfSatisfying(TargetException.class, e -> assertThat(e.kind()).isEqualTo(TargetException.Kind.SUDO_REFUSED))
                    .hasMessageContaining("sudo -n").hasMessageContaining(user + "@127.0.0.1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
    }

    private static String processes() {
        return Programs.run(List.of("ps", "-eo", "args"));
    }
}
