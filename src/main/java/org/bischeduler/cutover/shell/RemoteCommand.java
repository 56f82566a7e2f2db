package org.bischeduler.cutover.shell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command for the target: an argument vector, never a shell string. Every argument is
 * quoted when the command line is built, so no value is ever interpreted by the remote shell.
 *
 * @param argv     the program and its arguments
 * @param stdin    bytes fed to the command's standard input (a script, never a secret on the line)
 * @param timeout  after this the command is killed on the host too
 * @param needsRoot runs through {@code sudo -n} when the login user is not root
 */
public record RemoteCommand(List<String> argv, byte[] stdin, Duration timeout, boolean needsRoot) {

    public RemoteCommand {
        Objects.requireNonNull(timeout, "timeout");
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        stdin = stdin == null ? new byte[0] : stdin.clone();
    }

    public static RemoteCommand of(Duration timeout, String... argv) {
        return new RemoteCommand(List.of(argv), null, timeout, false);
    }

    public RemoteCommand withStdin(String text) {
        return new RemoteCommand(argv, text.getBytes(StandardCharsets.UTF_8), timeout, needsRoot);
    }

    public RemoteCommand asRoot() {
        return new RemoteCommand(argv, stdin, timeout, true);
    }

    /** The command line as the remote shell receives it: every argument single-quoted. */
    public String commandLine() {
        return ShellQuoting.join(argv);
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    @Override
    public String toString() {
        return commandLine();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemoteCommand that && argv.equals(that.argv)
                && java.util.Arrays.equals(stdin, that.stdin) && timeout.equals(that.timeout)
                && needsRoot == that.needsRoot;
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, java.util.Arrays.hashCode(stdin), timeout, needsRoot);
    }
}
