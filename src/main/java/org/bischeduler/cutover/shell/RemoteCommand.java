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
 * @param script    the runbook script fed on stdin to {@code bash -s -- ARGS}, or null: a narrow
 *                  target runs its installed copy of that script instead
 */
public record RemoteCommand(List<String> argv, byte[] stdin, Duration timeout, boolean needsRoot, String script) {

    public RemoteCommand(List<String> argv, byte[] stdin, Duration timeout, boolean needsRoot) {
        this(argv, stdin, timeout, needsRoot, null);
    }

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
        return new RemoteCommand(argv, text.getBytes(StandardCharsets.UTF_8), timeout, needsRoot, script);
    }

    public RemoteCommand withStdin(byte[] bytes) {
        return new RemoteCommand(argv, bytes, timeout, needsRoot, script);
    }

    public RemoteCommand asRoot() {
        return new RemoteCommand(argv, stdin, timeout, true, script);
    }

    /** The script's arguments: what follows {@code --} in {@code bash -s -- ARGS}. */
    public List<String> scriptArguments() {
        if (script == null) {
            throw new IllegalStateException(commandLine() + " runs no runbook script");
        }
        return argv.subList(argv.indexOf("--") + 1, argv.size());
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
                && needsRoot == that.needsRoot && Objects.equals(script, that.script);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, java.util.Arrays.hashCode(stdin), timeout, needsRoot, script);
    }
}
