package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The operator's retry of a rollback that did not restore the service: every undo of a step that
 * ran in this run (completed or not), newest first, again. Undo steps are idempotent and act on
 * what they find, so those already done change nothing.
 */
@Component("repeatUndoSteps")
class RepeatUndoSteps implements JavaDelegate {

    private final UndoRunner undos;

    RepeatUndoSteps(UndoRunner undos) {
        this.undos = undos;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Set<String> ran = undos.latestOutcomes(execution.getProcessInstanceId()).keySet();
        List<String> again = new ArrayList<>(Runbook.steps().stream().filter(step -> ran.contains(step.activityId()))
                .flatMap(step -> step.undoActivityId().stream()).toList());
        Collections.reverse(again);
        undos.run(execution, again);
    }
}
