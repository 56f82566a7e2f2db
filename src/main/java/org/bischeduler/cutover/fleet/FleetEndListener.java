package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** When a fleet run ends, however it ends (its target runs have ended before it), its targets are free again. */
@Component("fleetEndListener")
class FleetEndListener implements ExecutionListener {

    private final TargetLocks locks;

    FleetEndListener(TargetLocks locks) {
        this.locks = locks;
    }

    @Override
    public void notify(DelegateExecution execution) {
        locks.releaseAll(execution.getProcessInstanceId());
    }
}
