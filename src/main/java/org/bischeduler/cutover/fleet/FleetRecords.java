package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.Decision;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads a fleet run back from the engine's history and the run store, like a single run's record. */
@Component
public class FleetRecords {

    private static final Map<String, String> OUTCOMES = Map.of("EndEvent_FleetCompleted", "completed",
            "EndEvent_FleetStopped", "stopped at the failure budget", "EndEvent_CanaryFailed", "canary failed",
            "EndEvent_FleetRejected", "rejected", "EndEvent_FleetPreflightFailed", "preflight failed",
            "EndEvent_FleetStoppedByManager", "stopped by a manager",
            "EndEvent_FleetRolledBack", "stopped at the failure budget, every target done rolled back");

    private final HistoryService history;
    private final TaskService tasks;
    private final RunStore runs;
    private final FleetTargetRuns targetRuns;
    private final CutoverProperties properties;

    FleetRecords(HistoryService history, TaskService tasks, RunStore runs, FleetTargetRuns targetRuns, CutoverProperties properties) {
        this.history = history;
        this.tasks = tasks;
        this.runs = runs;
        this.targetRuns = targetRuns;
        this.properties = properties;
    }

    /** The fleet runs, newest first (the latest 200): each as its record shows it. */
    public List<FleetRecord> list() {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessVariables.FLEET_KEY)
                .orderByProcessInstanceStartTime().desc().listPage(0, 200).stream()
                .flatMap(instance -> record(instance.getId()).stream()).toList();
    }

    public Optional<FleetRecord> record(String id) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.FLEET_KEY).processInstanceId(id).singleResult();
        Optional<RunIdentity> identity = runs.identity(id);
        if (instance == null || identity.isEmpty()) {
            return Optional.empty();
        }
        String name = identity.get().target();
        CutoverProperties.Fleet fleet = properties.fleets().get(name);
        List<FleetTargetRuns.TargetRun> all = targetRuns.of(id);
        List<FleetRecord.TargetRow> rows = new ArrayList<>();
        List<String> order = new ArrayList<>();
        List<List<String>> waves = fleet == null ? List.of() : fleet.waves();
        if (fleet != null) {
            order.add(fleet.canary());
            waves.forEach(order::addAll);
        }
        all.stream().map(run -> run.summary().target()).filter(target -> !order.contains(target)).distinct().forEach(order::add);
        for (String target : order) {
            rows.add(row(fleet, target, latest(all, target, ProcessVariables.STAGE_PLAN),
                    latest(all, target, ProcessVariables.STAGE_RUN), latest(all, target, ProcessVariables.STAGE_UNDO)));
        }
        List<Long> downtimes = rows.stream().map(FleetRecord.TargetRow::downtimeMillis).filter(d -> d != null).sorted().toList();
        String outcome = instance.getEndTime() == null ? "running"
                : HistoricProcessInstance.STATE_COMPLETED.equals(instance.getState())
                ? OUTCOMES.getOrDefault(instance.getEndActivityId(), "ended at " + instance.getEndActivityId()) : "cancelled";
        long notCutOver = rows.stream().filter(row -> !row.outcome().equals("completed")).count();
        if (outcome.equals("completed") && notCutOver > 0) {
            // failures under the budget stop no wave: the fleet ran to its end, not every target with it
            outcome = "completed, " + notCutOver + " of " + rows.size() + " targets not cut over";
        }
        Long wall = instance.getEndTime() == null ? null : instance.getEndTime().getTime() - instance.getStartTime().getTime();
        return Optional.of(new FleetRecord(id, name, identity.get().changeReference(), identity.get().startedBy(),
                instance.getStartTime().toInstant(), instance.getEndTime() == null ? null : instance.getEndTime().toInstant(),
                outcome, waitingOn(id, all), wall, fleet == null ? "" : fleet.canary(), waves, fleet == null ? 0 : fleet.failureBudget(),
                fleet == null ? "" : fleet.onFailure(),
                runs.decisions(id).stream().map(FleetRecords::decision).toList(), rows,
                downtimes.isEmpty() ? null : median(downtimes), downtimes.isEmpty() ? null : downtimes.get(downtimes.size() - 1)));
    }

    private String waitingOn(String id, List<FleetTargetRuns.TargetRun> all) {
        List<String> waiting = new ArrayList<>();
        tasks.createTaskQuery().processInstanceId(id).list().forEach(task -> waiting.add("managers (" + task.getName() + ")"));
        all.stream().filter(run -> run.summary().endedAt() == null && !run.summary().waitingOn().isEmpty())
                .forEach(run -> waiting.add(run.summary().target() + ": " + run.summary().waitingOn()));
        return String.join("; ", waiting);
    }

    /**
     * A target's line: its cutover's outcome, or how its rollback with the fleet went; the downtime
     * users saw, which after that rollback is both outages (the undo run measures from the cutover's stop).
     */
    private static FleetRecord.TargetRow row(CutoverProperties.Fleet fleet, String target, Optional<FleetTargetRuns.TargetRun> plan,
                                             Optional<FleetTargetRuns.TargetRun> cutover, Optional<FleetTargetRuns.TargetRun> undo) {
        String outcome = cutover.map(run -> run.summary().outcome())
                .orElse(plan.map(run -> "not started (" + run.summary().outcome() + ")").orElse("not started"));
        if (undo.isPresent()) {
            outcome = outcome + ", then with the fleet: " + undo.get().summary().outcome();
        }
        Optional<FleetTargetRuns.TargetRun> last = undo.isPresent() ? undo : cutover;
        return new FleetRecord.TargetRow(target, stage(fleet, target), outcome, last.map(run -> run.summary().downtimeMillis()).orElse(null),
                cutover.map(FleetTargetRuns.TargetRun::runId).orElse(null), plan.map(FleetTargetRuns.TargetRun::runId).orElse(null),
                undo.map(FleetTargetRuns.TargetRun::runId).orElse(null));
    }

    private static Optional<FleetTargetRuns.TargetRun> latest(List<FleetTargetRuns.TargetRun> all, String target, String stage) {
        return all.stream().filter(run -> run.summary().target().equals(target) && run.stage().equals(stage)).reduce((a, b) -> b);
    }

    private static String stage(CutoverProperties.Fleet fleet, String target) {
        if (fleet == null) {
            return "";
        }
        if (fleet.canary().equals(target)) {
            return "canary";
        }
        int wave = fleet.waveNumber(target);
        return wave == 0 ? "" : "wave " + wave;
    }

    private static String decision(Decision decision) {
        return decision.userId() + " at " + decision.decidedAt() + ": " + decision.fields().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
