package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.TargetException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A step tries again on its own only after a connection fault or an unknown outcome, and only while tries are left. */
class StepAttemptsTest {

    private final StepAttempts threeTries = new StepAttempts(3);

    @Test
    void aDroppedConnectionOrAnUnknownOutcomeIsTriedAgainWhileTriesAreLeft() {
        TargetException dropped = new TargetException(TargetException.Kind.CONNECTION_DROPPED, "web-01", "lost");
        StepFailedException unknown = new StepFailedException("lost", result(CommandResult.UNKNOWN_EXIT, false));

        assertThat(threeTries.tryAgain(dropped, 1)).isTrue();
        assertThat(threeTries.tryAgain(unknown, 2)).isTrue();
        assertThat(threeTries.tryAgain(dropped, 3)).as("the third try was the last").isFalse();
    }

    @Test
    void aRealFailureGoesToTheOperatorAtOnce() {
        assertThat(threeTries.tryAgain(new TargetException(TargetException.Kind.CHANGED_HOST_KEY, "web-01", "key"), 1)).isFalse();
        assertThat(threeTries.tryAgain(new TargetException(TargetException.Kind.SUDO_REFUSED, "web-01", "sudo"), 1)).isFalse();
        assertThat(threeTries.tryAgain(new StepFailedException("nginx -t failed", result(1, false)), 1)).isFalse();
        assertThat(threeTries.tryAgain(new StepFailedException("timed out", result(CommandResult.UNKNOWN_EXIT, true)), 1))
                .as("a command that timed out is not retried blindly").isFalse();
        assertThat(threeTries.tryAgain(new StepFailedException("site changed since the plan"), 1)).isFalse();
    }

    private static CommandResult result(int exitCode, boolean timedOut) {
        return new CommandResult("bash -s", exitCode, "", "", Duration.ofMillis(5), timedOut, false);
    }
}
