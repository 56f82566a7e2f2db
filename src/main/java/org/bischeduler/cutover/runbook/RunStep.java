package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The one service task of the step process ({@code Process_RunStep}): runs the step whose box in
 * the cutover called it. Which step and which run come from the engine's own link between the two
 * instances (the calling box's activity id, its process instance), never from a variable a user
 * could write.
 */
@Component("runStep")
class RunStep implements JavaDelegate {

    private final Map<String, RunbookStep> steps;

    RunStep(Map<String, RunbookStep> steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution stepExecution) {
        DelegateExecution box = stepExecution.getProcessInstance().getSuperExecution();
        if (box == null) {
            throw new IllegalStateException(StepProcess.KEY + " runs a step only when a cutover's step box calls it");
        }
        String activityId = box.getCurrentActivityId();
        RunbookStep step = steps.get(Runbook.beanOf(activityId));
        if (step == null) {
            throw new IllegalStateException("the step box " + activityId + " has no step bean " + Runbook.beanOf(activityId));
        }
        step.runFor(box, stepExecution, activityId);
    }
}
