package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.bischeduler.cutover.target.TargetShells;
import org.springframework.stereotype.Component;

/** When a run ends (completed, rolled back, refused, expired or cancelled) its target is free again. */
@Component("runEndListener")
class RunEndListener implements ExecutionListener {

    private final TargetLocks locks;
    private final TargetShells shells;

    RunEndListener(TargetLocks locks, TargetShells shells) {
        this.locks = locks;
        this.shells = shells;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Object target = execution.getVariable(ProcessVariables.TARGET);
        if (target != null) {
            locks.release(target.toString(), execution.getProcessInstanceId());
            shells.close(target.toString());
        }
    }
}
