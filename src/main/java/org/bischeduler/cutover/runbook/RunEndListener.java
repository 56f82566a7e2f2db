package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.TargetLocks;
import org.bischeduler.cutover.shell.TargetShells;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a run ends (completed, rolled back, refused, expired or cancelled) its target is free again,
 * or, for a fleet's target run, back with its fleet.
 */
@Component("runEndListener")
class RunEndListener implements ExecutionListener {

    private final TargetLocks locks;
    private final TargetShells shells;
    private final RunStore runs;

    RunEndListener(TargetLocks locks, TargetShells shells, RunStore runs) {
        this.locks = locks;
        this.shells = shells;
        this.runs = runs;
    }

    @Override
    public void notify(DelegateExecution execution) {
        DelegateExecution fleet = execution.getSuperExecution();
        runs.identity(execution.getProcessInstanceId()).ifPresent(run -> {
            if (fleet == null) {
                locks.release(run.target(), run.processInstanceId());
            } else {
                locks.handBack(run.target(), run.processInstanceId(), fleet.getProcessInstanceId());
            }
            shells.close(run.target());
        });
    }
}
