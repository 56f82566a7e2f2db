package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.values.SafeValues;
import org.bischeduler.cutover.values.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach a target over SSH. Holds no secret: the key's passphrase is passed
 * separately as a {@link Secret}.
 *
 * @param keepAliveInterval how often an idle connection is probed
 * @param keepAliveCountMax after this many unanswered probes the connection counts as dropped
 * @param outputCap         the most bytes kept of each of stdout and stderr
 * @param runner            on a narrow target, the one program sudo lets the login run (the cutover's
 *                          runner); empty when sudo lets it run any command
 */
public record SshEndpoint(String host, int port, String user, Path keyFile, Path knownHostsFile,
                          Duration connectTimeout, Duration keepAliveInterval, int keepAliveCountMax,
                          int outputCap, String runner) {

    /** A target whose login may run any command through sudo. */
    public SshEndpoint(String host, int port, String user, Path keyFile, Path knownHostsFile,
                       Duration connectTimeout, Duration keepAliveInterval, int keepAliveCountMax, int outputCap) {
        this(host, port, user, keyFile, knownHostsFile, connectTimeout, keepAliveInterval, keepAliveCountMax, outputCap, "");
    }

    public SshEndpoint {
        SafeValues.hostName("host", host);
        SafeValues.port("port", port);
        SafeValues.userName("user", user);
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (!runner.isEmpty()) {
            SafeValues.path("runner", runner);
        }
    }

    /** Root comes only through the runner: sudo lets the login run nothing else. */
    public boolean narrow() {
        return !runner.isEmpty() && !loginIsRoot();
    }

    public String describe() {
        return user + "@" + host + ":" + port;
    }

    public boolean loginIsRoot() {
        return user.equals("root");
    }
}
