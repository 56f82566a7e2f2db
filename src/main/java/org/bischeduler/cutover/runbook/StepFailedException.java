package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.CommandResult;

/** A step could not reach its goal; carries the command that showed it, for the operator. */
public class StepFailedException extends RuntimeException {

    private final transient CommandResult result;

    public StepFailedException(String message, CommandResult result) {
        super(message);
        this.result = result;
    }

    public StepFailedException(String message) {
        this(message, null);
    }

    /** The command whose answer failed the step, or null when the step failed on its own check. */
    public CommandResult result() {
        return result;
    }

    /** No exit status came back: the connection dropped mid-command, so trying again is reasonable. */
    public boolean outcomeUnknown() {
        return result != null && !result.exitKnown() && !result.timedOut();
    }
}
