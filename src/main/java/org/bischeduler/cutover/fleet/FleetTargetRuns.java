package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.run.ProcessVariables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The target runs a fleet run started, from the engine's history: its planning runs, its cutovers and its undo runs. */
@Component
public class FleetTargetRuns {

    /** @param stage plan (only the target's preflight and plan, for the fleet's approval), run (its cutover) or undo */
    public record TargetRun(String runId, String stage, RunRecord.RunSummary summary) {

        public boolean planOnly() {
            return ProcessVariables.STAGE_PLAN.equals(stage);
        }

        public boolean undo() {
            return ProcessVariables.STAGE_UNDO.equals(stage);
        }

        public boolean completed() {
            return summary.outcome().equals("completed");
        }

        public boolean failed() {
            return summary.endedAt() != null && !completed();
        }
    }

    private final HistoryService history;
    private final RunHistory runs;

    FleetTargetRuns(HistoryService history, RunHistory runs) {
        this.history = history;
        this.runs = runs;
    }

    /** In the order they started. */
    public List<TargetRun> of(String fleetRunId) {
        List<TargetRun> found = new ArrayList<>();
        for (HistoricProcessInstance child : history.createHistoricProcessInstanceQuery().superProcessInstanceId(fleetRunId)
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).orderByProcessInstanceStartTime().asc().list()) {
            HistoricVariableInstance stage = history.createHistoricVariableInstanceQuery().processInstanceId(child.getId())
                    .variableName(ProcessVariables.FLEET_STAGE).singleResult();
            runs.summary(child.getId()).ifPresent(summary ->
                    found.add(new TargetRun(child.getId(), stage == null ? "" : String.valueOf(stage.getValue()), summary)));
        }
        return found;
    }

    /** The cutovers only, without the planning and the undo runs. */
    public List<TargetRun> cutovers(String fleetRunId) {
        return of(fleetRunId).stream().filter(run -> ProcessVariables.STAGE_RUN.equals(run.stage())).toList();
    }
}
