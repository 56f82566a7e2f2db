package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.StartRequest;
import org.camunda.bpm.engine.delegate.DelegateExecution;

import java.util.Optional;

/**
 * What a cutover started by a fleet takes from its fleet when it starts. The fleet package answers
 * (it sees the runbook; the runbook does not see it); a run of its own has no membership.
 */
public interface FleetMembership {

    /** Finds the run's fleet, if a fleet started it, and checks the run may be one of its runs. */
    interface Finder {

        /** Empty for a run started on its own; refuses a run started by anything but a fleet, or for a target not the fleet's. */
        Optional<FleetMembership> of(DelegateExecution execution, StartRequest request);
    }

    /** Who the run is started for: the person who started the fleet. */
    String startedBy();

    /** For the fleet's rollback of a target it cut over: that completed cutover, whose stamp and values the run takes over. */
    Optional<RunIdentity> undoes();

    /** Takes the target's lock over from the fleet, which holds it from its start to its end; returns any warning. */
    Optional<String> takeLock(String runId, String changeReference);

    /** Once the run is open in the run store: what the fleet hands it (its approval, an undo's values, the wave its forms show). */
    void opened(DelegateExecution execution, String runId);
}
