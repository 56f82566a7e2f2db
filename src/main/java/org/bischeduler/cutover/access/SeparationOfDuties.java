package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.RunIdentity;
import org.camunda.bpm.engine.impl.identity.Authentication;

import java.util.List;
import java.util.Optional;

/**
 * Who may take a manager's decision on a run (its plan's approval, an overrun review): a member
 * of managers, and, with separation of duties on (the default), not the person who started it.
 */
final class SeparationOfDuties {

    private final CutoverProperties.Access access;

    SeparationOfDuties(CutoverProperties.Access access) {
        this.access = access;
    }

    /** Why this user may not take this manager's decision, or empty when they may. */
    Optional<String> refusal(Authentication user, Optional<RunIdentity> run, String taskName) {
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        if (!groups.contains(Groups.MANAGERS)) {
            return Optional.of(user.getUserId() + " is not in " + Groups.MANAGERS + ": '" + taskName + "' is a manager's decision");
        }
        if (access.separationOfDuties() && run.isPresent() && user.getUserId().equals(run.get().startedBy())) {
            return Optional.of(user.getUserId() + " started this run and so may not also decide '" + taskName
                    + "': another manager does (separation of duties, cutover.access.separation-of-duties)");
        }
        return Optional.empty();
    }
}
