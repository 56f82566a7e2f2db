package org.bischeduler.cutover.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.camunda.bpm.engine.TaskService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The cutover's metrics, for Prometheus at the management port's {@code /actuator/prometheus}:
 * runs by outcome, step durations by step and outcome, the user-visible downtime of each run, and
 * the approvals waiting (read from the engine's database, so every node of a cluster reports the
 * same number). Counters and timers count what this node did since it started.
 */
@Component
public class CutoverMetrics {

    private final MeterRegistry registry;

    /** The task service comes late: the engine it belongs to is built with the plugins that count here. */
    CutoverMetrics(MeterRegistry registry, ObjectProvider<TaskService> tasks) {
        this.registry = registry;
        Gauge.builder("cutover.approvals.waiting", tasks,
                        t -> t.getObject().createTaskQuery().processDefinitionKeyIn(ProcessVariables.PROCESS_KEY, ProcessVariables.FLEET_KEY)
                                .taskDefinitionKey(ProcessVariables.APPROVE_PLAN_TASK).count())
                .description("Cutover and fleet plans waiting for a manager's approval").strongReference(true).register(registry);
    }

    public void stepEnded(String step, String outcome, Duration took) {
        Timer.builder("cutover.step.duration").description("How long a step took on its target, by step and outcome")
                .tag("step", step).tag("outcome", outcome).register(registry).record(took);
    }

    /** @param downtimeMillis the user-visible downtime, or null when the old service was never stopped */
    public void runEnded(String outcome, Long downtimeMillis) {
        Counter.builder("cutover.runs").description("Cutover runs that ended, by outcome").tag("outcome", outcome)
                .register(registry).increment();
        if (downtimeMillis != null) {
            DistributionSummary.builder("cutover.downtime").baseUnit("seconds").description("User-visible downtime of a run")
                    .tag("outcome", outcome).register(registry).record(downtimeMillis / 1000.0);
        }
    }
}
