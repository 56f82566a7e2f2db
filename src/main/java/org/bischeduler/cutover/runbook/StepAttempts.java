package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.shell.TargetException;

import java.time.Duration;
import java.util.Optional;

/**
 * When a step is tried again on its own, and after how long a pause. A host that cannot be reached
 * (no connection opened, so no command started) is waited for, with pauses that double up to
 * {@link #LONGEST_PAUSE}, for as long as the patience lasts: a blip is not a failure. A fault that
 * may have left a command half done (the connection dropped, the channel closed without an exit
 * status) is tried again a few times: steps read the host's state first and are idempotent, so a
 * second try is safe. Any other failure goes to the operator at once. One instance per step run.
 */
final class StepAttempts {

    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final int attempts;
    private final Duration firstPause;
    private final Duration patience;
    private int faults;
    private int unreachableTries;
    private long unreachableSince = -1;
    private long waitedMillis;

    /**
     * @param attempts   tries against a fault that may have left a command half done
     * @param firstPause the pause after the first fault
     * @param patience   how long an unreachable host is waited for before the operator is asked
     */
    StepAttempts(int attempts, Duration firstPause, Duration patience) {
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.patience = patience;
    }

    /** The pause before the next try, or empty when this failure goes to the operator. */
    Optional<Duration> pauseBefore(RuntimeException failure, long nowMillis) {
        if (failure instanceof TargetException fault && fault.kind() == TargetException.Kind.UNREACHABLE) {
            if (unreachableSince < 0) {
                unreachableSince = nowMillis;
            }
            long left = unreachableSince + patience.toMillis() - nowMillis;
            if (left <= 0) {
                return Optional.empty();
            }
            Duration pause = firstPause.multipliedBy(1L << Math.min(unreachableTries++, 16));
            pause = pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
            pause = pause.toMillis() > left ? Duration.ofMillis(left) : pause;
            waitedMillis += pause.toMillis();
            return Optional.of(pause);
        }
        boolean mayHaveStarted = failure instanceof TargetException fault ? fault.kind().transientFault()
                : failure instanceof StepFailedException failed && failed.outcomeUnknown();
        if (!mayHaveStarted || ++faults >= attempts) {
            return Optional.empty();
        }
        return Optional.of(firstPause);
    }

    /** How long this step has waited for its host so far, and over how many tries; empty if it never had to. */
    Optional<String> waitedForHost() {
        if (unreachableTries == 0) {
            return Optional.empty();
        }
        String waited = waitedMillis < 1000 ? waitedMillis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", waitedMillis / 1000.0);
        return Optional.of(waited + " over " + unreachableTries + " tries");
    }
}
