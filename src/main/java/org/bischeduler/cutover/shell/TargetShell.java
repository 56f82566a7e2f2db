package org.bischeduler.cutover.shell;

import java.util.Optional;

/**
 * The one seam between the runbook and a target host: run a command, read and write a file.
 * Implemented over SSH, on the local machine, and by a scripted stand-in in process tests.
 */
public interface TargetShell extends AutoCloseable {

    /** Runs the command; never returns a result whose unknown exit status looks like success. */
    CommandResult run(RemoteCommand command);

    /**
     * Runs the command and hands its output to the tap as it arrives. A shell that cannot stream
     * hands the whole output over when the command has ended.
     */
    default CommandResult run(RemoteCommand command, OutputTap tap) {
        CommandResult result = run(command);
        byte[] out = result.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] err = result.stderr().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        tap.received(false, out, 0, out.length);
        tap.received(true, err, 0, err.length);
        return result;
    }

    /** Reads a whole file, or empty when it does not exist. */
    Optional<byte[]> readFile(String path);

    /**
     * Writes a file atomically: the content goes to a temporary name beside the target and is
     * renamed over it, so a reader sees the old content or the new, never a mix. An existing
     * file's mode is kept; a new file gets {@code newFileMode}.
     */
    void writeFile(String path, byte[] content, int newFileMode);

    /**
     * Opens a local port that reaches {@code remoteHost:remotePort} as seen from the target,
     * for example the target's database on its loopback address.
     */
    PortForward forward(String remoteHost, int remotePort);

    /** A short description for messages: user, host and port, never a secret. */
    String describe();

    @Override
    void close();
}
