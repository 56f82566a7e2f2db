package org.bischeduler.cutover.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a run was rolled back, in one sentence for the top of its record: the step that failed and
 * who chose the rollback, or who rejected the sign-off and what they wrote; then whether the
 * rollback check found the old app serving again.
 */
final class RollbackReason {

    private RollbackReason() {
    }

    static Optional<String> of(RunRecord record) {
        if (!record.rollback().happened()) {
            return Optional.empty();
        }
        String why = null;
        List<RunRecord.TimelineEntry> people = record.timeline().stream().filter(t -> !t.decision().isEmpty()).toList();
        for (int i = people.size() - 1; i >= 0 && why == null; i--) {
            RunRecord.TimelineEntry task = people.get(i);
            Map<String, String> answered = task.decision();
            if ("rollback".equals(answered.get("failureDecision"))) {
                why = record.steps().stream().filter(step -> "failed".equals(step.outcome())).reduce((first, last) -> last)
                        .map(step -> step.name() + " failed" + (step.message().isBlank() ? "" : ": " + step.message()))
                        .orElse("A step failed") + "; " + by(task) + " chose to roll back";
            } else if ("reject".equals(answered.get("signOffDecision"))) {
                String comment = answered.getOrDefault("signOffComment", "").strip();
                why = by(task) + " rejected the sign-off" + (comment.isEmpty() ? "" : ": \u201c" + comment + "\u201d");
            }
        }
        if (why == null) {
            why = record.undoesRunId() != null ? "Its fleet rolled it back after another target failed" : "The rollback was started";
        }
        Boolean checked = record.rollback().checkPassed();
        String after = checked == null ? "" : checked ? "; the rollback check found the old app serving again"
                : "; the rollback check did not pass (see Rollback below)";
        return Optional.of(why + after + ".");
    }

    private static String by(RunRecord.TimelineEntry task) {
        return task.completedBy() == null || task.completedBy().isBlank() ? "an operator" : task.completedBy();
    }
}
