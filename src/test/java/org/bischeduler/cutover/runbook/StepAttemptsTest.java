package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.TargetException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step tries again on its own after a connection fault or an unknown outcome while tries are
 * left, waits for an unreachable host as long as its patience lasts, and hands anything else to the
 * operator at once.
 */
class StepAttemptsTest {

    private static final TargetException UNREACHABLE = new TargetException(TargetException.Kind.UNREACHABLE, "web-01", "refused");
    private final StepAttempts attempts = new StepAttempts(3, Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void aDroppedConnectionOrAnUnknownOutcomeIsTriedAgainWhileTriesAreLeft() {
        TargetException dropped = new TargetException(TargetException.Kind.CONNECTION_DROPPED, "web-01", "lost");
        StepFailedException unknown = new StepFailedException("lost", result(CommandResult.UNKNOWN_EXIT, false));

        assertThat(attempts.pauseBefore(dropped, 0)).contains(Duration.ofSeconds(2));
        assertThat(attempts.pauseBefore(unknown, 0)).contains(Duration.ofSeconds(2));
        assertThat(attempts.pauseBefore(dropped, 0)).as("the third try was the last").isEmpty();
    }

    @Test
    void anUnreachableHostIsWaitedForWithPausesThatDoubleUntilThePatienceIsSpent() {
        long now = 0;
        StringBuilder pauses = new StringBuilder();
        Optional<Duration> pause;
        while ((pause = attempts.pauseBefore(UNREACHABLE, now)).isPresent()) {
            pauses.append(pause.get().toSeconds()).append(' ');
            now += pause.get().toMillis() + 1000;
        }

        assertThat(pauses.toString().strip()).isEqualTo("2 4 8 16 30 30 30 30 30 30 30 30 18");
        assertThat(attempts.waitedForHost()).contains("288.0 s over 13 tries");
    }

    @Test
    void waitingForTheHostUsesNoneOfTheTriesADroppedConnectionHas() {
        TargetException dropped = new TargetException(TargetException.Kind.CONNECTION_DROPPED, "web-01", "lost");
        for (int i = 0; i < 5; i++) {
            assertThat(attempts.pauseBefore(UNREACHABLE, i * 1000L)).isPresent();
        }
        assertThat(attempts.pauseBefore(dropped, 6000)).isPresent();
        assertThat(attempts.pauseBefore(dropped, 7000)).isPresent();
        assertThat(attempts.pauseBefore(dropped, 8000)).isEmpty();
    }

    @Test
    void aRealFailureGoesToTheOperatorAtOnce() {
        assertThat(attempts.pauseBefore(new TargetException(TargetException.Kind.CHANGED_HOST_KEY, "web-01", "key"), 0)).isEmpty();
        assertThat(attempts.pauseBefore(new TargetException(TargetException.Kind.SUDO_REFUSED, "web-01", "sudo"), 0)).isEmpty();
        assertThat(attempts.pauseBefore(new StepFailedException("nginx -t failed", result(1, false)), 0)).isEmpty();
        assertThat(attempts.pauseBefore(new StepFailedException("timed out", result(CommandResult.UNKNOWN_EXIT, true)), 0))
                .as("a command that timed out is not retried blindly").isEmpty();
        assertThat(attempts.pauseBefore(new StepFailedException("site changed since the plan"), 0)).isEmpty();
        assertThat(attempts.waitedForHost()).isEmpty();
    }

    private static CommandResult result(int exitCode, boolean timedOut) {
        return new CommandResult("bash -s", exitCode, "", "", Duration.ofMillis(5), timedOut, false);
    }
}
