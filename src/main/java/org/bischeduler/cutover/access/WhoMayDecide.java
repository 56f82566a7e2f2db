package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.RunIdentity;
import org.camunda.bpm.engine.impl.identity.Authentication;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may work a user task of a run: a member of a group its deployed model offers it to; and for
 * a manager's decision (an approval, an overrun review), with separation of duties on (the
 * default), not the person who started the run, as the run store records them. Neither reads the
 * task's live candidate links, which people who may work the task could change.
 */
final class WhoMayDecide {

    private final CutoverProperties.Access access;

    WhoMayDecide(CutoverProperties.Access access) {
        this.access = access;
    }

    /** Why this user may not work this task, or empty when they may. */
    Optional<String> refusal(Authentication user, Set<String> modelGroups, Optional<RunIdentity> run, String taskName) {
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        if (!modelGroups.isEmpty() && groups.stream().noneMatch(modelGroups::contains)) {
            return Optional.of(user.getUserId() + " is not in " + String.join(" or ", modelGroups.stream().sorted().toList())
                    + ": '" + taskName + "' is theirs to decide");
        }
        boolean managersDecision = modelGroups.contains(Groups.MANAGERS);
        if (managersDecision && access.separationOfDuties() && run.isPresent() && user.getUserId().equals(run.get().startedBy())) {
            return Optional.of(user.getUserId() + " started this run and so may not also decide '" + taskName
                    + "': another manager does (separation of duties, cutover.access.separation-of-duties)");
        }
        return Optional.empty();
    }
}
