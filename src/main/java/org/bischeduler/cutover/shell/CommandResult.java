package org.bischeduler.cutover.shell;

import java.time.Duration;

/**
 * What a command did on the target.
 *
 * @param commandLine the command as it ran (quoted), for messages and the audit
 * @param exitCode    the exit status, or {@link #UNKNOWN_EXIT} when the channel never delivered one
 * @param timedOut    the command outlived its timeout and was killed on the host
 * @param truncated   stdout or stderr was longer than the cap and was cut
 */
public record CommandResult(String commandLine, int exitCode, String stdout, String stderr,
                            Duration duration, boolean timedOut, boolean truncated) {

    /** The channel closed without an exit status: the outcome is not known. */
    public static final int UNKNOWN_EXIT = -1;

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    public boolean exitKnown() {
        return exitCode != UNKNOWN_EXIT;
    }

    /** One paragraph for an operator: the command, how it ended, and both streams. */
    public String describe() {
        String ending = timedOut ? "timed out after " + duration.toMillis() + " ms and was killed"
                : exitKnown() ? "exit code " + exitCode
                : "no exit status (connection lost; outcome unknown)";
        return commandLine + " -> " + ending
                + (stdout.isBlank() ? "" : "\nstdout:\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr.strip())
                + (truncated ? "\n(output truncated)" : "");
    }
}
