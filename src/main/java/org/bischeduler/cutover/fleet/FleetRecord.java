package org.bischeduler.cutover.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A fleet run as its record shows it: per target its cutover's outcome, user-visible downtime and
 * run; for the fleet its wall time, the waves, the approval, and the downtime's median and worst.
 *
 * @param outcome completed, stopped at the failure budget (and every target done rolled back), stopped by a manager, canary failed, rejected, preflight failed, cancelled, running
 */
public record FleetRecord(String id, String fleet, String changeReference, String requestedBy, Instant startedAt,
                          Instant endedAt, String outcome, String waitingOn, Long wallTimeMillis, String canary,
                          List<List<String>> waves, int failureBudget, String onFailure, List<String> decisions, List<TargetRow> targets,
                          Long medianDowntimeMillis, Long worstDowntimeMillis) {

    /** How many of its targets' cutovers completed and stayed so. */
    public long targetsCompleted() {
        return targets.stream().filter(row -> row.outcome().equals("completed")).count();
    }

    /**
     * @param stage    canary, wave 1, wave 2, ...
     * @param runId    the target's cutover, or null when it never started
     * @param planRunId the run that made its preflight and plan for the approval
     * @param undoRunId the run that rolled it back with the fleet (on-failure every-target-done), or null
     */
    public record TargetRow(String target, String stage, String outcome, Long downtimeMillis, String runId, String planRunId,
                            String undoRunId) {
    }
}
