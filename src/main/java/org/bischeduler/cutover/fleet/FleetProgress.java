package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.ProcessVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What the fleet's gateways read, decided from the target runs' outcomes in the engine's history:
 * whether the canary completed, and whether failures reached the fleet's budget (then no further
 * wave starts; the targets of the wave that reached it have finished or rolled back as their own
 * runs decided).
 */
@Component("fleetProgress")
public class FleetProgress {

    private final FleetTargetRuns targets;
    private final FleetWaves waves;

    FleetProgress(FleetTargetRuns targets, FleetWaves waves) {
        this.targets = targets;
        this.waves = waves;
    }

    public void checkCanary(DelegateExecution execution) {
        String canary = waves.canary(execution);
        boolean completed = targets.cutovers(execution.getProcessInstanceId()).stream()
                .filter(run -> run.summary().target().equals(canary)).reduce((first, second) -> second)
                .map(FleetTargetRuns.TargetRun::completed).orElse(false);
        execution.setVariable(ProcessVariables.CANARY_COMPLETED, completed);
    }

    public void countFailures(DelegateExecution execution) {
        List<FleetTargetRuns.TargetRun> failed = targets.cutovers(execution.getProcessInstanceId()).stream()
                .filter(FleetTargetRuns.TargetRun::failed).toList();
        boolean stopped = failed.size() >= waves.fleet(execution).failureBudget();
        execution.getProcessInstance().setVariable(ProcessVariables.FLEET_STOPPED, stopped);
    }
}
