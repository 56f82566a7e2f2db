package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * First step of a rollback: undoes the step that failed and led to it. Compensation reaches only
 * completed steps, but a failed step may have done half its work (the new unit started, then
 * {@code systemctl enable} failed); its undo acts on what it finds, so running it is always safe.
 */
@Component("undoFailedStep")
class UndoFailedStep implements JavaDelegate {

    private final UndoRunner undos;

    UndoFailedStep(UndoRunner undos) {
        this.undos = undos;
    }

    @Override
    public void execute(DelegateExecution execution) {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> step : undos.latestOutcomes(execution.getProcessInstanceId()).entrySet()) {
            if ("failed".equals(step.getValue())) {
                Runbook.undoOf(step.getKey()).ifPresent(failed::add);
            }
        }
        Collections.reverse(failed);
        undos.run(execution, failed);
    }
}
