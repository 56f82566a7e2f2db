package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OpenSSH server for tests: Debian's {@code sshd} started as a child process on a free
 * loopback port, with its own host key, configuration, authorized key and known_hosts file in a
 * temporary folder. Public-key login only; any local user whose key is authorized may log in.
 */
public final class SshServer implements AutoCloseable {

    private final Path dir;
    private final Path authorizedKeys;
    private final int port;
    private final Process process;

    private SshServer(Path dir, Path authorizedKeys, int port, Process process) {
        this.dir = dir;
        this.authorizedKeys = authorizedKeys;
        this.port = port;
        this.process = process;
    }

    public static SshServer start(Path dir) {
        Path sshd = Programs.require("sshd (Debian package openssh-server)", "/usr/sbin/sshd");
        Programs.require("ssh-keygen (Debian package openssh-client)", "/usr/bin/ssh-keygen");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(Path.of("/run/sshd"));
            Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()));
            Programs.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cutover-test", "-f", dir.resolve("client_key").toString()));
            // sshd reads authorized keys as the user logging in: keep them where every user can read them.
            Path keys = Files.createTempDirectory("cutover-sshd-keys-");
            Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path authorized = keys.resolve("authorized_keys");
            Files.copy(dir.resolve("client_key.pub"), authorized);
            Files.setPosixFilePermissions(authorized, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            int port = Programs.freePort();
            Files.writeString(dir.resolve("sshd_config"), """
                    Port %1$d
                    ListenAddress 127.0.0.1
                    HostKey %2$s/host_key
                    PidFile %2$s/sshd.pid
                    AuthorizedKeysFile %3$s
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    PermitRootLogin prohibit-password
                    UsePAM no
                    StrictModes no
                    MaxSessions 50
                    MaxStartups 50
                    Subsystem sftp internal-sftp
                    LogLevel VERBOSE
                    """.formatted(port, dir, authorized));
            String hostKey = Files.readString(dir.resolve("host_key.pub")).trim();
            String[] parts = hostKey.split(" ");
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
            Path log = dir.resolve("sshd.log");
            Process process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Programs.awaitPort(port, Duration.ofSeconds(15), process, log);
            return new SshServer(dir, authorized, port, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    public Path authorizedKeys() {
        return authorizedKeys;
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the per-connection sshd processes: every open SSH connection drops, the server keeps listening. */
    public void dropConnections() {
        process.toHandle().children().forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
