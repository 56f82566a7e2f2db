package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.CommandResult;

/** One command as the audit keeps it: output cut to an excerpt, never a secret (see {@link OutputScrubber}). */
public record CommandRecord(String command, int exitCode, long durationMillis, boolean timedOut, boolean truncated,
                            String stdoutExcerpt, String stderrExcerpt) {

    static final int EXCERPT = 2000;

    static CommandRecord of(CommandResult result, OutputScrubber scrubber, String stdinSource) {
        String command = result.commandLine() + (stdinSource == null ? "" : "  < " + stdinSource);
        return new CommandRecord(scrubber.scrub(command), result.exitCode(), result.duration().toMillis(),
                result.timedOut(), result.truncated(), excerpt(scrubber.scrub(result.stdout())),
                excerpt(scrubber.scrub(result.stderr())));
    }

    /** A file written or read over SFTP: recorded like a command so the audit shows it in order. */
    static CommandRecord fileOperation(String description, long durationMillis) {
        return new CommandRecord(description, 0, durationMillis, false, false, "", "");
    }

    static String excerpt(String text) {
        if (text.length() <= EXCERPT) {
            return text;
        }
        return text.substring(0, EXCERPT / 2) + "\n… (" + (text.length() - EXCERPT) + " characters left out) …\n"
                + text.substring(text.length() - EXCERPT / 2);
    }
}
