package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Every undo of a step that ran (completed or not), newest first: the operator's retry of a
 * rollback that did not restore the service, over this run's steps; and a fleet's rollback of a
 * target it cut over, over the steps of that completed cutover (named in this run's store). Undo
 * steps are idempotent and act on what they find, so those already done change nothing.
 */
@Component("repeatUndoSteps")
class RepeatUndoSteps implements JavaDelegate {

    private final UndoRunner undos;

    RepeatUndoSteps(UndoRunner undos) {
        this.undos = undos;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String runId = execution.getProcessInstanceId();
        String undone = undos.runWhoseStepsAreUndone(runId);
        Set<String> ran = undos.latestOutcomes(undone).keySet();
        if (ran.isEmpty() && !undone.equals(runId)) {
            throw new IllegalStateException("run " + undone + ", which this run rolls back, recorded no step");
        }
        List<String> again = new ArrayList<>(Runbook.steps().stream().filter(step -> ran.contains(step.activityId()))
                .flatMap(step -> step.undoActivityId().stream()).toList());
        Collections.reverse(again);
        undos.run(execution, again);
    }
}
