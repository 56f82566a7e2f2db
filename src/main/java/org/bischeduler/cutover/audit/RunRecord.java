package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.UsersSaw;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.runbook.CommandRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the audit knows about one cutover, built from the engine's history alone, so it
 * reads the same months after the run ended. Holds no secret: it is built from scrubbed records
 * and scrubbed once more before it leaves the app.
 *
 * @param fleetRunId  the fleet run that started this run, or null for a run of its own
 * @param undoesRunId for a fleet's undo run, the completed cutover whose steps it undid
 */
public record RunRecord(RunSummary summary, List<TimelineEntry> timeline, List<StepEntry> steps,
                        List<Backup> backups, String plan, String nginxDiff, Downtime downtime,
                        Rollback rollback, List<Criterion> successCriteria, List<Finding> preflight,
                        List<Finding> verification, List<String> warnings, List<String> notifications,
                        String fleetRunId, String undoesRunId) {

    /**
     * One line of the run list.
     *
     * @param outcome  completed, rolled back, rejected, expired, preflight failed, checked, cancelled, running
     * @param waitingOn for a running cutover: whose task it waits on, or empty
     */
    public record RunSummary(String id, String target, String changeReference, String requestedBy, Instant startedAt,
                             Instant endedAt, String outcome, String waitingOn, Long downtimeMillis) {
    }

    /** A step or a user task as it happened; for user tasks, who completed it and what they decided. */
    public record TimelineEntry(String activityId, String name, String type, Instant startedAt, Instant endedAt,
                                Long durationMillis, String completedBy, Map<String, String> decision) {
    }

    /**
     * One run of a step: its commands with exit codes and output excerpts, how many attempts it
     * took, the job failures and incidents it caused.
     */
    public record StepEntry(long sequence, String activityId, String name, String kind, Instant startedAt,
                            Instant endedAt, int attempts, String outcome, String message,
                            List<CommandRecord> commands, Map<String, String> facts, List<String> failures) {

        public long durationMillis() {
            return endedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }

    public record Backup(String what, String source, String path, long size, String sha256) {
    }

    /**
     * The estimate from step times, and what the prober on the host measured.
     *
     * @param servedAgainBy "new service" after a cutover, "old service" after a rollback
     * @param millis        the estimate: the stretches added up; null while the last one has no end
     * @param stretches     each time neither app answered, by the steps' timestamps, in order
     * @param inCutover     what the prober saw from the nginx switch to verification; null when it did not report
     * @param inRollback    what the prober saw during the rollback's undos; null when there was none or it did not report
     */
    public record Downtime(Instant oldServiceStopped, Instant serviceAnsweredAgain, String servedAgainBy,
                           Long millis, List<Stretch> stretches, UsersSaw inCutover, UsersSaw inRollback) {

        /** The downtime a run is counted with: what the prober measured, where it did, else the estimate. */
        public Long countedMillis() {
            if (inCutover == null && inRollback == null) {
                return millis;
            }
            return (inCutover == null ? 0 : inCutover.longestMillis()) + (inRollback == null ? 0 : inRollback.longestMillis());
        }

        /** "Users saw at most 120 ms without a 200 during the cutover (503 ×4); …", or empty where the prober did not report. */
        public String measured() {
            List<String> windows = new java.util.ArrayList<>();
            if (inCutover != null) {
                windows.add(inCutover.summary("the cutover"));
            }
            if (inRollback != null) {
                windows.add(inRollback.summary("the rollback"));
            }
            return windows.isEmpty() ? "" : "Users saw " + String.join("; ", windows) + ", as the prober on the host measured";
        }

        /** What the prober measured, then {@code estimate} (from step times) labelled as such; the estimate alone where nothing stopped. */
        public String withEstimate(String estimate) {
            String measured = measured();
            if (measured.isEmpty() && oldServiceStopped == null) {
                return estimate;
            }
            return (measured.isEmpty() ? "not measured on the host" : measured) + ". Estimate from step times: " + estimate;
        }
    }

    /** A stretch when neither app answered users: from one step's timestamp to another's; {@code to} null while it lasts. */
    public record Stretch(Instant from, Instant to, String endedBy) {

        public Long millis() {
            return to == null ? null : to.toEpochMilli() - from.toEpochMilli();
        }
    }

    /** What a rollback undid, in the order it ran, and what the rollback check found. */
    public record Rollback(boolean happened, List<String> compensatedSteps, Boolean checkPassed, List<Finding> checks) {
    }

    /** One of the runbook's success criteria, with what ticks it or why it is not ticked. */
    public record Criterion(String name, boolean met, String evidence) {
    }
}
