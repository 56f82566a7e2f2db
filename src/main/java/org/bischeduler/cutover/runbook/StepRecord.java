package org.bischeduler.cutover.runbook;

import java.util.List;
import java.util.Map;

/**
 * What one run of a step did, kept as a process variable for the audit.
 *
 * @param facts   what the step found or made (paths, checksums, which signal stopped the old app)
 * @param sequence the order in which the run's steps started, undo steps included
 * @param outcome {@code completed}, {@code unchanged} (the goal was already met), {@code failed}
 */
public record StepRecord(long sequence, String activityId, String stepName, String kind, long startedAt, long endedAt, int attempts,
                         String outcome, String message, List<CommandRecord> commands, Map<String, String> facts) {
}
