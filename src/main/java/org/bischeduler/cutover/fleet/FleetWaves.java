package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which targets a fleet run acts on, read from configuration through the fleet named in the run
 * store (never from a process variable): every target, the canary, the waves after it.
 */
@Component("fleetWaves")
public class FleetWaves {

    private final CutoverProperties properties;
    private final RunStore runs;

    FleetWaves(CutoverProperties properties, RunStore runs) {
        this.properties = properties;
        this.runs = runs;
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

    CutoverProperties.Fleet fleet(DelegateExecution execution) {
        return fleetOf(execution.getProcessInstanceId());
    }

    CutoverProperties.Fleet fleetOf(String fleetRunId) {
        String name = runs.identity(fleetRunId).orElseThrow(() ->
                new IllegalStateException("fleet run " + fleetRunId + " is not in the run store")).target();
        return properties.fleet(name);
    }
}
