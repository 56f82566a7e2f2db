package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.bischeduler.cutover.run.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs undo steps outside compensation, for what compensation cannot reach: the undo of a step
 * that started but failed (the engine compensates only completed activities), and every undo
 * again when a rollback did not restore the service. Which forward steps ran comes from the run
 * store's step records, never from a process variable.
 */
@Component
class UndoRunner {

    private final Map<String, RunbookStep> steps;
    private final StepSupport support;

    UndoRunner(Map<String, RunbookStep> steps, StepSupport support) {
        this.steps = steps;
        this.support = support;
    }

    /** Each forward step's latest outcome in this run, in the order the steps first started. */
    Map<String, String> latestOutcomes(String runId) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (String json : support.runs().stepRecords(runId)) {
            StepRecord record = read(json);
            if ("forward".equals(record.kind())) {
                latest.put(record.activityId(), record.outcome());
            }
        }
        return latest;
    }

    /** This run, or for a fleet's undo run the completed cutover it rolls back, as its run store says. */
    String runWhoseStepsAreUndone(String runId) {
        String undoes = support.runs().values(runId).get(ProcessVariables.UNDOES_RUN);
        return undoes == null ? runId : undoes;
    }

    /** Runs these undo steps in the order given, each recorded under its own activity id. */
    void run(DelegateExecution execution, List<String> undoActivityIds) {
        for (String undo : undoActivityIds) {
            RunbookStep step = steps.get(Runbook.beanOf(undo));
            if (step == null) {
                throw new IllegalStateException("the runbook declares the undo " + undo + " but no step bean " + Runbook.beanOf(undo));
            }
            step.runAs(execution, undo);
        }
    }

    private StepRecord read(String json) {
        try {
            return support.json().readValue(json, StepRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step record of this run cannot be read", e);
        }
    }
}
