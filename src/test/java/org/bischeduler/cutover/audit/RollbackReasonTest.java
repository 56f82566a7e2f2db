package org.bischeduler.cutover.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentence at the top of a rolled-back run's record. */
class RollbackReasonTest {

    private static final Instant T0 = Instant.parse("2026-12-07T22:00:00Z");

    @Test
    void aRejectedSignOffSaysWhoRejectedItWithTheirWordsAndWhatTheRollbackCheckFound() {
        RunRecord run = record(List.of(task("Task_SignOff", "ops1", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"))),
                List.of(), true);

        assertThat(RollbackReason.of(run)).contains("ops1 rejected the sign-off: \u201creports broken\u201d;"
                + " the rollback check found the old app serving again.");
    }

    @Test
    void aFailedStepNamesTheStepAndWhoChoseTheRollbackAndAFailedCheckSaysSo() {
        RunRecord.StepEntry failed = new RunRecord.StepEntry(7, "Task_StartNewService", "Start new service", "forward", T0, T0, 1,
                "failed", "the new app exited before it answered", List.of(), Map.of(), List.of());
        RunRecord run = record(List.of(task("Task_DecideFailedStep", "ops2", Map.of("failureDecision", "rollback"))), List.of(failed), false);

        assertThat(RollbackReason.of(run)).contains("Start new service failed: the new app exited before it answered; ops2 chose to roll back;"
                + " the rollback check did not pass (see Rollback below).");
        assertThat(RollbackReason.of(record(List.of(), List.of(), null))).as("no rollback").isEmpty();
    }

    private static RunRecord.TimelineEntry task(String id, String by, Map<String, String> answered) {
        return new RunRecord.TimelineEntry(id, id, "user task", T0, T0, 0L, by, answered);
    }

    private static RunRecord record(List<RunRecord.TimelineEntry> timeline, List<RunRecord.StepEntry> steps, Boolean checkPassed) {
        RunRecord.RunSummary summary = new RunRecord.RunSummary("run-1", "web-01", "CHG-1", "ops1", T0, T0, "rolled back", "", null);
        RunRecord.Rollback rollback = new RunRecord.Rollback(checkPassed != null, List.of(), checkPassed, List.of());
        return new RunRecord(summary, timeline, steps, List.of(), "", "", null, rollback, List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null);
    }
}
