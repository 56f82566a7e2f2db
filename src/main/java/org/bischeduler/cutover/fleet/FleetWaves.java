package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which targets a fleet run acts on, read from configuration through the fleet named in the run
 * store (never from a process variable): every target, the canary, the waves after it, and the
 * targets whose cutover completed, which the policy every-target-done rolls back.
 */
@Component("fleetWaves")
public class FleetWaves {

    private final CutoverProperties properties;
    private final RunStore runs;
    private final FleetTargetRuns targetRuns;

    FleetWaves(CutoverProperties properties, RunStore runs, FleetTargetRuns targetRuns) {
        this.properties = properties;
        this.runs = runs;
        this.targetRuns = targetRuns;
    }

    public List<String> allTargets(DelegateExecution execution) {
        return fleet(execution).targets();
    }

    public String canary(DelegateExecution execution) {
        return fleet(execution).canary();
    }

    /** The waves' numbers, 1 to n: the sequential loop goes over these, each wave's targets are {@link #wave}. */
    public List<Integer> waveNumbers(DelegateExecution execution) {
        return IntStream.rangeClosed(1, fleet(execution).waves().size()).boxed().toList();
    }

    public List<String> wave(DelegateExecution execution, Object number) {
        return fleet(execution).waves().get(((Number) number).intValue() - 1);
    }

    /** Whether a manager decides on the wave after this one: when the fleet asks for it, the budget is not spent, and one is left. */
    public boolean reviewAfter(DelegateExecution execution, Object number) {
        CutoverProperties.Fleet fleet = fleet(execution);
        return fleet.reviewBetweenWaves() && ((Number) number).intValue() < fleet.waves().size()
                && !Boolean.TRUE.equals(execution.getVariable(ProcessVariables.FLEET_STOPPED));
    }

    public boolean rollsBackEveryTargetDone(DelegateExecution execution) {
        return fleet(execution).rollsBackEveryTargetDone();
    }

    /** The targets whose cutover in this fleet run completed, newest first: the order a rollback of them all goes in. */
    public List<String> targetsDone(DelegateExecution execution) {
        List<String> done = new ArrayList<>(targetRuns.cutovers(execution.getProcessInstanceId()).stream()
                .filter(FleetTargetRuns.TargetRun::completed).map(run -> run.summary().target()).toList());
        Collections.reverse(done);
        return done;
    }

    CutoverProperties.Fleet fleet(DelegateExecution execution) {
        return fleetOf(execution.getProcessInstanceId());
    }

    CutoverProperties.Fleet fleetOf(String fleetRunId) {
        String name = runs.identity(fleetRunId).orElseThrow(() ->
                new IllegalStateException("fleet run " + fleetRunId + " is not in the run store")).target();
        return properties.fleet(name);
    }
}
