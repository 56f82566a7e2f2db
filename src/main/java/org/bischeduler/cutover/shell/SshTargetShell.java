package org.bischeduler.cutover.shell;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import org.bischeduler.cutover.values.SafeValues;
import org.bischeduler.cutover.values.Secret;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The target over one SSH connection (JSch), reused for every command of a run and opened
 * again after a drop. Host keys are always checked strictly against the pinned known_hosts file.
 */
public final class SshTargetShell implements TargetShell {

    /** Time the host-side {@code timeout} gets to kill a command before we stop waiting for it. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    private static final String SUDO_WRITE_SCRIPT = """
            set -eu
            umask 077
            src=$1 dst=$2 mode=$3
            tmp="$(dirname -- "$dst")/.$(basename -- "$dst").cutover-$$"
            if [ -e "$dst" ]; then
              cp --attributes-only --preserve=mode,ownership -- "$dst" "$tmp"
              cat -- "$src" > "$tmp"
            else
              install -m "$mode" -- "$src" "$tmp"
            fi
            mv -f -- "$tmp" "$dst"
            rm -f -- "$src"
            """;

    private final SshEndpoint endpoint;
    private final Secret passphrase;
    private Session session;

    public SshTargetShell(SshEndpoint endpoint, Secret passphrase) {
        this.endpoint = endpoint;
        this.passphrase = passphrase;
        if (!Files.isReadable(endpoint.knownHostsFile())) {
            throw new TargetException(TargetException.Kind.UNKNOWN_HOST_KEY, endpoint.describe(),
                    "known_hosts file " + endpoint.knownHostsFile() + " is missing or unreadable");
        }
    }

    @Override
    public CommandResult run(RemoteCommand command) {
        return run(command, OutputTap.NONE);
    }

    @Override
    public CommandResult run(RemoteCommand command, OutputTap tap) {
        RemoteCommand sent = throughRunner(command);
        String line = commandLine(sent);
        ChannelExec channel = openExec(line);
        OutputCollector out = new OutputCollector(endpoint.outputCap(), tap, false);
        OutputCollector err = new OutputCollector(endpoint.outputCap(), tap, true);
        channel.setOutputStream(out, true);
        channel.setErrStream(err, true);
        channel.setInputStream(new ByteArrayInputStream(sent.stdin()));
        long started = System.nanoTime();
        long giveUp = started + command.timeout().plus(KILL_GRACE).toNanos();
        boolean abandoned = false;
        try {
            channel.connect((int) endpoint.connectTimeout().toMillis());
            while (!channel.isClosed()) {
                if (System.nanoTime() > giveUp) {
                    abandoned = true;
                    break;
                }
                Thread.sleep(1);
            }
        } catch (JSchException e) {
            dropSession();
            throw new TargetException(TargetException.Kind.CONNECTION_DROPPED, endpoint.describe(),
                    "could not start " + line + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
        } finally {
            channel.disconnect();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int exit = abandoned ? CommandResult.UNKNOWN_EXIT : channel.getExitStatus();
        if (exit == CommandResult.UNKNOWN_EXIT && !sessionAlive()) {
            dropSession();
        }
        boolean timedOut = abandoned || (took.compareTo(command.timeout()) >= 0 && (exit == 124 || exit == 137));
        CommandResult result = new CommandResult(line, exit, out.text(), err.text(), took, timedOut,
                out.truncated() || err.truncated());
        refuseMissingSudo(command, result);
        refuseRunner(command, result);
        return result;
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        SafeValues.path("path", path);
        ChannelSftp sftp = openSftp();
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            sftp.get(path, content);
            return Optional.of(content.toByteArray());
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED && !endpoint.loginIsRoot()) {
                return readWithSudo(path);
            }
            throw transferFailed("reading " + path, e);
        } finally {
            sftp.disconnect();
        }
    }

    @Override
    public void writeFile(String path, byte[] content, int newFileMode) {
        SafeValues.path("path", path);
        if (endpoint.narrow()) {
            CommandResult result = run(runner(Duration.ofSeconds(30), "put", path, "0" + Integer.toOctalString(newFileMode))
                    .withStdin(content));
            if (!result.succeeded()) {
                throw new TargetException(TargetException.Kind.FILE_TRANSFER, endpoint.describe(), result.describe());
            }
        } else if (endpoint.loginIsRoot()) {
            writeAsRoot(path, content, newFileMode);
        } else {
            writeThroughSudo(path, content, newFileMode);
        }
    }

    @Override
    public PortForward forward(String remoteHost, int remotePort) {
        SafeValues.hostName("remoteHost", remoteHost);
        SafeValues.port("remotePort", remotePort);
        Session current = session();
        try {
            int localPort = current.setPortForwardingL("127.0.0.1", 0, remoteHost, remotePort);
            return new SshPortForward(current, localPort);
        } catch (JSchException e) {
            throw new TargetException(TargetException.Kind.CONNECTION_DROPPED, endpoint.describe(),
                    "could not forward a local port to " + remoteHost + ":" + remotePort + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public synchronized void close() {
        dropSession();
    }

    /**
     * The command as a narrow target runs it: a runbook script that needs root becomes its installed
     * copy, run by the runner; anything else that needs root is refused here, before it is sent.
     */
    private RemoteCommand throughRunner(RemoteCommand command) {
        if (!command.needsRoot() || !endpoint.narrow()) {
            return command;
        }
        if (command.script() == null) {
            throw new TargetException(TargetException.Kind.RUNNER_REFUSED, endpoint.describe(),
                    command.commandLine() + ": on a narrow target only the cutover's steps run as root");
        }
        List<String> arguments = new ArrayList<>(List.of("step", command.script()));
        arguments.addAll(command.scriptArguments());
        return runner(command.timeout(), arguments.toArray(String[]::new));
    }

    /** The runner with its operation, through sudo: the one command a narrow target's sudo rule allows. */
    private RemoteCommand runner(Duration timeout, String... operation) {
        List<String> argv = new ArrayList<>(List.of("sudo", "-n", "--", endpoint.runner(), "--timeout", seconds(timeout)));
        argv.addAll(List.of(operation));
        return new RemoteCommand(argv, null, timeout, false);
    }

    private String commandLine(RemoteCommand command) {
        List<String> argv = new ArrayList<>();
        if (command.needsRoot() && !endpoint.loginIsRoot()) {
            argv.addAll(List.of("sudo", "-n", "--"));
        }
        // coreutils timeout kills the command's whole process group on the host when it overruns;
        // closing our channel alone would leave it running there.
        argv.addAll(List.of("timeout", "-k", "2", seconds(command.timeout())));
        argv.addAll(command.argv());
        return ShellQuoting.join(argv);
    }

    private static String seconds(Duration timeout) {
        return String.format(java.util.Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
    }

    private void refuseMissingSudo(RemoteCommand command, CommandResult result) {
        boolean throughSudo = command.needsRoot() && !endpoint.loginIsRoot() || isRunner(command);
        if (throughSudo && result.exitCode() == 1 && result.stderr().startsWith("sudo:")) {
            throw new TargetException(TargetException.Kind.SUDO_REFUSED, endpoint.describe(),
                    command.commandLine() + ": " + result.stderr().strip());
        }
    }

    /** A command this shell built for the runner (a file written or read through it). */
    private boolean isRunner(RemoteCommand command) {
        return endpoint.narrow() && command.argv().size() > 4
                && command.argv().subList(0, 4).equals(List.of("sudo", "-n", "--", endpoint.runner()));
    }

    private void refuseRunner(RemoteCommand command, CommandResult result) {
        boolean throughRunner = command.needsRoot() && endpoint.narrow() || isRunner(command);
        if (throughRunner && result.exitCode() == 126 && result.stderr().startsWith("cutover-run:")) {
            throw new TargetException(TargetException.Kind.RUNNER_REFUSED, endpoint.describe(),
                    command.commandLine() + ": " + result.stderr().strip());
        }
    }

    private ChannelExec openExec(String line) {
        for (int attempt = 1; ; attempt++) {
            try {
                ChannelExec channel = (ChannelExec) channel("exec");
                channel.setCommand(line);
                return channel;
            } catch (JSchException e) {
                // Nothing ran yet, so opening again on a fresh connection is safe.
                dropSession();
                if (attempt == 2) {
                    throw new TargetException(TargetException.Kind.CONNECTION_DROPPED, endpoint.describe(),
                            "could not open a channel for " + line + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** JSch answers null, not an exception, when the connection closes while it opens a channel. */
    private Channel channel(String type) throws JSchException {
        Channel channel = session().openChannel(type);
        if (channel == null) {
            throw new JSchException("the connection closed while a " + type + " channel was opened");
        }
        return channel;
    }

    private ChannelSftp openSftp() {
        for (int attempt = 1; ; attempt++) {
            try {
                ChannelSftp sftp = (ChannelSftp) channel("sftp");
                sftp.connect((int) endpoint.connectTimeout().toMillis());
                return sftp;
            } catch (JSchException e) {
                dropSession();
                if (attempt == 2) {
                    throw new TargetException(TargetException.Kind.CONNECTION_DROPPED, endpoint.describe(),
                            "could not open an SFTP channel: " + e.getMessage(), e);
                }
            }
        }
    }

    private void writeAsRoot(String path, byte[] content, int newFileMode) {
        String temporary = siblingTemporary(path);
        createPrivate(temporary);
        ChannelSftp sftp = openSftp();
        try {
            Optional<SftpATTRS> existing = stat(sftp, path);
            sftp.put(new ByteArrayInputStream(content), temporary, ChannelSftp.OVERWRITE);
            sftp.chmod(existing.map(a -> a.getPermissions() & 07777).orElse(newFileMode), temporary);
            if (existing.isPresent()) {
                sftp.chown(existing.get().getUId(), temporary);
                sftp.chgrp(existing.get().getGId(), temporary);
            }
            sftp.rename(temporary, path);
        } catch (SftpException e) {
            removeQuietly(sftp, temporary);
            throw transferFailed("writing " + path, e);
        } finally {
            sftp.disconnect();
        }
    }

    private void writeThroughSudo(String path, byte[] content, int newFileMode) {
        String upload = "/tmp/.cutover-upload-" + UUID.randomUUID();
        createPrivate(upload);
        ChannelSftp sftp = openSftp();
        try {
            sftp.put(new ByteArrayInputStream(content), upload, ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            removeQuietly(sftp, upload);
            throw transferFailed("uploading " + path, e);
        } finally {
            sftp.disconnect();
        }
        RemoteCommand install = new RemoteCommand(
                List.of("sh", "-s", "--", upload, path, Integer.toOctalString(newFileMode)),
                null, Duration.ofSeconds(30), true).withStdin(SUDO_WRITE_SCRIPT);
        CommandResult result = run(install);
        if (!result.succeeded()) {
            throw new TargetException(TargetException.Kind.FILE_TRANSFER, endpoint.describe(), result.describe());
        }
    }

    /** A file only root may read: base64 through sudo, so binary content survives and a cut is noticed. */
    private Optional<byte[]> readWithSudo(String path) {
        CommandResult result = run(endpoint.narrow() ? runner(Duration.ofSeconds(30), "read", path)
                : new RemoteCommand(List.of("sh", "-c", "[ -e \"$1\" ] || exit 3; base64 -w0 -- \"$1\"", "read", path),
                null, Duration.ofSeconds(30), true));
        if (result.exitCode() == 3) {
            return Optional.empty();
        }
        if (!result.succeeded() || result.truncated()) {
            throw new TargetException(TargetException.Kind.FILE_TRANSFER, endpoint.describe(), "reading " + path + " through sudo: "
                    + (result.truncated() ? "larger than the output cap" : result.describe()));
        }
        return Optional.of(java.util.Base64.getDecoder().decode(result.stdout().strip()));
    }

    private static Optional<SftpATTRS> stat(ChannelSftp sftp, String path) throws SftpException {
        try {
            return Optional.of(sftp.stat(path));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void removeQuietly(ChannelSftp sftp, String path) {
        try {
            sftp.rm(path);
        } catch (SftpException ignored) {
            // the temporary file was never created
        }
    }

    /**
     * Creates an empty file only its owner may read, for SFTP to fill: SFTP creates files with the
     * server's umask, so an option file with a password would be readable by all for a moment.
     */
    private void createPrivate(String path) {
        CommandResult result = run(new RemoteCommand(List.of("sh", "-c", "umask 077 && : > \"$1\"", "create", path),
                null, Duration.ofSeconds(30), false));
        if (!result.succeeded()) {
            throw new TargetException(TargetException.Kind.FILE_TRANSFER, endpoint.describe(),
                    "creating " + path + ": " + result.describe());
        }
    }

    private static String siblingTemporary(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".cutover-" + UUID.randomUUID();
    }

    private TargetException transferFailed(String what, SftpException e) {
        return new TargetException(TargetException.Kind.FILE_TRANSFER, endpoint.describe(),
                what + " over SFTP: " + e.getMessage(), e);
    }

    private synchronized boolean sessionAlive() {
        return session != null && session.isConnected();
    }

    private synchronized void dropSession() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    private synchronized Session session() {
        if (session == null || !session.isConnected()) {
            session = connect();
        }
        return session;
    }

    private Session connect() {
        JSch jsch = new JSch();
        try {
            jsch.setKnownHosts(endpoint.knownHostsFile().toString());
        } catch (JSchException e) {
            throw new TargetException(TargetException.Kind.UNKNOWN_HOST_KEY, endpoint.describe(),
                    "known_hosts file " + endpoint.knownHostsFile() + " cannot be read", e);
        }
        try {
            jsch.addIdentity(endpoint.keyFile().toString(), passphrase.isPresent() ? passphrase.bytes() : null);
        } catch (JSchException e) {
            throw new TargetException(TargetException.Kind.AUTHENTICATION_REFUSED, endpoint.describe(),
                    "the key file " + endpoint.keyFile() + " cannot be loaded (missing, unreadable or wrong passphrase)");
        }
        try {
            Session fresh = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
            // Strict, always: an unknown or changed host key ends the connection before any command.
            fresh.setConfig("StrictHostKeyChecking", "yes");
            fresh.setConfig("HashKnownHosts", "no");
            fresh.setConfig("PreferredAuthentications", "publickey");
            fresh.setServerAliveInterval((int) endpoint.keepAliveInterval().toMillis());
            fresh.setServerAliveCountMax(endpoint.keepAliveCountMax());
            fresh.connect((int) endpoint.connectTimeout().toMillis());
            return fresh;
        } catch (JSchUnknownHostKeyException e) {
            throw new TargetException(TargetException.Kind.UNKNOWN_HOST_KEY, endpoint.describe(),
                    "not in " + endpoint.knownHostsFile(), e);
        } catch (JSchChangedHostKeyException e) {
            throw new TargetException(TargetException.Kind.CHANGED_HOST_KEY, endpoint.describe(),
                    "the key offered differs from the one in " + endpoint.knownHostsFile(), e);
        } catch (JSchException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Auth fail")) {
                throw authRefused(e);
            }
            if (message.startsWith("UnknownHostKey")) {
                throw new TargetException(TargetException.Kind.UNKNOWN_HOST_KEY, endpoint.describe(),
                        "not in " + endpoint.knownHostsFile(), e);
            }
            if (message.startsWith("HostKey has been changed")) {
                throw new TargetException(TargetException.Kind.CHANGED_HOST_KEY, endpoint.describe(),
                        "the key offered differs from the one in " + endpoint.knownHostsFile(), e);
            }
            throw new TargetException(TargetException.Kind.UNREACHABLE, endpoint.describe(), message, e);
        }
    }

    private TargetException authRefused(JSchException e) {
        return new TargetException(TargetException.Kind.AUTHENTICATION_REFUSED, endpoint.describe(),
                "public key " + endpoint.keyFile() + " was not accepted", e);
    }

    private record SshPortForward(Session session, int localPort) implements PortForward {

        @Override
        public String localHost() {
            return "127.0.0.1";
        }

        @Override
        public void close() {
            try {
                session.delPortForwardingL("127.0.0.1", localPort);
            } catch (JSchException ignored) {
                // the connection is gone, and the forward with it
            }
        }
    }
}
