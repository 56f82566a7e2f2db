package org.bischeduler.cutover.run;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What lets a step touch a host: a check-only run looks without the target's lock and never acts. */
class AdmissionTest {

    private static final Optional<RunIdentity> RUN = Optional.of(new RunIdentity("run-1", "web-01", "CHG-1",
            "2026-12-07T22:00Z", "20261207-220000-abcdef12", "ops1", Instant.parse("2026-12-07T21:00:00Z")));

    @Test
    void aCheckOnlyRunMayLookWithoutTheLockButNeverAct() {
        Admission checkOnly = new Admission(RUN, false, true, null, true);
        assertThat(checkOnly.refusal(false)).as("preflight and plan").isEmpty();
        assertThat(checkOnly.refusal(true)).as("a step that acts").contains("a check-only run changes nothing on its target");
        // an approval does not turn it into a cutover
        assertThat(new Admission(RUN, true, true, "manager1", true).refusal(true)).isPresent();
    }

    @Test
    void aCutoverNeedsItsLockPreflightAndApproval() {
        assertThat(new Admission(RUN, false, true, "manager1", false).refusal(false)).contains("this run does not hold its target's lock");
        assertThat(new Admission(RUN, true, false, "manager1", false).refusal(true)).contains("this run did not pass preflight");
        assertThat(new Admission(RUN, true, true, null, false).refusal(true)).contains("no manager approved this run's plan");
        assertThat(new Admission(RUN, true, true, "manager1", false).refusal(true)).isEmpty();
        assertThat(new Admission(Optional.empty(), true, true, "manager1", false).refusal(false)).isPresent();
    }
}
