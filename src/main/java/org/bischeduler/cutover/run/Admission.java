package org.bischeduler.cutover.run;

import java.util.Optional;

/**
 * What a run passed, as the run store recorded it: its start event (its identity, present), the
 * target lock, preflight and a manager's approval. A host step checks it before it acts. A
 * check-only run holds no lock: it may only look (the steps that need no approval).
 */
public record Admission(Optional<RunIdentity> run, boolean lockHeld, boolean preflightPassed, String approvedBy, boolean checkOnly) {

    /** Why a step may not touch the host yet, or empty when it may. */
    public Optional<String> refusal(boolean needsApproval) {
        if (run.isEmpty()) {
            return Optional.of("this run did not pass its start event, so it has no admitted target");
        }
        if (checkOnly && needsApproval) {
            return Optional.of("a check-only run changes nothing on its target");
        }
        if (!lockHeld && !checkOnly) {
            return Optional.of("this run does not hold its target's lock");
        }
        if (needsApproval && !preflightPassed) {
            return Optional.of("this run did not pass preflight");
        }
        if (needsApproval && approvedBy == null) {
            return Optional.of("no manager approved this run's plan");
        }
        return Optional.empty();
    }
}
