package org.bischeduler.cutover.scripts;

import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * scripts/prepare-target.sh as an operator runs it against a host with a real OpenSSH server: over
 * SSH through an admin login, and the host key pinned only with the fingerprint read on the host.
 * (The sandbox prepares every target of the end-to-end tests with its on-target part.)
 */
class PrepareTargetIT {

    private static final String ACCOUNT = "cutover-prep-test";

    static Path dir;
    static SshServer server;

    @BeforeAll
    static void start() throws Exception {
        // the runner's folder must be root's all the way up: not JUnit's temporary folder under a user's name
        dir = Files.createTempDirectory("cutover-prepare-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        server = SshServer.start(dir.resolve("sshd"));
    }

    @AfterAll
    static void stop() {
        server.close();
        Programs.run(List.of("sh", "-c", "rm -f /etc/sudoers.d/" + ACCOUNT + "; pkill -KILL -u " + ACCOUNT
                + "; userdel -r " + ACCOUNT + " 2>/dev/null; rm -rf " + dir + "; true"));
    }

    private static List<String> ssh(String user) {
        return new ArrayList<>(List.of("ssh", "-i", server.clientKey().toString(), "-o", "UserKnownHostsFile=" + server.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", String.valueOf(server.port()), user + "@127.0.0.1"));
    }

    @Test
    void overSshTheAccountGetsItsKeyAndASudoRuleForTheRunnerAlone() throws Exception {
        Path prefix = dir.resolve("cutover");
        Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("app_key").toString()));
        String output = Programs.run(List.of("scripts/prepare-target.sh", "over-ssh", "root@127.0.0.1",
                "--ssh-port", String.valueOf(server.port()), "--ssh-option", "IdentityFile=" + server.clientKey(),
                "--ssh-option", "UserKnownHostsFile=" + server.knownHosts(), "--ssh-option", "BatchMode=yes",
                "--account", ACCOUNT, "--public-key", dir.resolve("app_key.pub").toString(), "--prefix", prefix.toString(),
                "--backup", dir.resolve("backups").toString()));

        assertThat(output).contains("created the account " + ACCOUNT).contains("sudo rule /etc/sudoers.d/" + ACCOUNT);
        String home = Programs.run(List.of("sh", "-c", "getent passwd " + ACCOUNT + " | cut -d: -f6")).strip();
        assertThat(Files.readString(Path.of(home, ".ssh/authorized_keys"))).contains(Files.readString(dir.resolve("app_key.pub")).strip());
        assertThat(Files.readString(Path.of("/etc/sudoers.d/" + ACCOUNT)))
                .endsWith(ACCOUNT + " ALL=(root) NOPASSWD: " + prefix.resolve("bin/cutover-run") + "\n");
        assertThat(Files.getOwner(prefix.resolve("steps/stop-old-service.sh")).getName()).isEqualTo("root");
        assertThat(Files.readString(prefix.resolve("etc/runner.conf"))).contains("backup=" + dir.resolve("backups"));

        // the account, logged in (this server takes the test's key for any user): the runner as root, nothing else
        List<String> asAccount = ssh(ACCOUNT);
        asAccount.add("sudo -n " + prefix.resolve("bin/cutover-run") + " --timeout 5 step service-unit nothing x; echo \"runner $?\"; "
                + "sudo -n id; echo \"id $?\"");
        String seen = runAllowingFailure(asAccount);
        assertThat(seen).contains("unknown action 'nothing'").contains("runner 1").contains("id 1").doesNotContain("uid=0");

        // prepared again (an upgrade): nothing is duplicated, and a step that is no longer shipped goes
        Files.writeString(prefix.resolve("steps/retired.sh"), "true\n");
        Programs.run(List.of("scripts/prepare-target.sh", "over-ssh", "root@127.0.0.1",
                "--ssh-port", String.valueOf(server.port()), "--ssh-option", "IdentityFile=" + server.clientKey(),
                "--ssh-option", "UserKnownHostsFile=" + server.knownHosts(), "--ssh-option", "BatchMode=yes",
                "--account", ACCOUNT, "--public-key", dir.resolve("app_key.pub").toString(), "--prefix", prefix.toString()));
        assertThat(Files.readAllLines(Path.of(home, ".ssh/authorized_keys"))).hasSize(1);
        assertThat(prefix.resolve("steps/retired.sh")).doesNotExist();
    }

    @Test
    void theHostKeyIsPinnedOnlyWithTheFingerprintReadOnTheHost() throws Exception {
        Path known = dir.resolve("app_known_hosts");
        String fingerprint = Programs.run(List.of("ssh-keygen", "-l", "-f", server.dir().resolve("host_key.pub").toString())).split(" ")[1];
        String port = String.valueOf(server.port());

        assertThatThrownBy(() -> Programs.run(List.of("scripts/prepare-target.sh", "host-key", "127.0.0.1", "--port", port,
                "--known-hosts", known.toString(), "--fingerprint", "SHA256:" + "A".repeat(43))))
                .hasMessageContaining("offers no key with the fingerprint").hasMessageContaining(fingerprint);
        assertThat(known).as("nothing written for a key nobody confirmed").doesNotExist();

        assertThat(Programs.run(List.of("scripts/prepare-target.sh", "host-key", "127.0.0.1", "--port", port,
                "--known-hosts", known.toString(), "--fingerprint", fingerprint))).contains("pinned [127.0.0.1]:" + port);
        String hostKey = Files.readString(server.dir().resolve("host_key.pub")).split(" ")[1];
        assertThat(Files.readString(known)).isEqualTo("[127.0.0.1]:" + port + " ssh-ed25519 " + hostKey + "\n");
        List<String> login = ssh("root");
        login.set(4, "UserKnownHostsFile=" + known);
        login.add("true");
        Programs.run(login);

        // another key already pinned for the host: refused, the file unchanged
        Files.writeString(known, "[127.0.0.1]:" + port + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKeyOtherKey1\n");
        assertThatThrownBy(() -> Programs.run(List.of("scripts/prepare-target.sh", "host-key", "127.0.0.1", "--port", port,
                "--known-hosts", known.toString(), "--fingerprint", fingerprint))).hasMessageContaining("already holds another key");
        assertThat(Files.readString(known)).doesNotContain(hostKey);
    }

    private static String runAllowingFailure(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
