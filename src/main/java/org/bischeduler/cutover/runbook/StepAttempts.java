package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.TargetException;

/**
 * When a step is tried again on its own: after a fault of the connection (it dropped, the host did
 * not answer) or a command whose outcome is unknown (the channel closed without an exit status),
 * as long as tries are left. Steps are idempotent, so a second try is safe; any other failure goes
 * to the operator at once.
 */
record StepAttempts(int attempts) {

    boolean tryAgain(RuntimeException failure, int attempt) {
        if (attempt >= attempts) {
            return false;
        }
        if (failure instanceof TargetException fault) {
            return fault.kind().transientFault();
        }
        return failure instanceof StepFailedException failed && failed.outcomeUnknown();
    }
}
