package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.target.InvalidParameterException;
import org.bischeduler.cutover.target.SafeValues;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Runs when a cutover starts, before anything touches a host: refuses an unknown target, a bad
 * change reference or window, and a target that already has a cutover in progress (its lock is
 * taken in the transaction that starts the run); then fixes the run's stamp and its deadlines.
 */
@Component("runStartListener")
class RunStartListener implements ExecutionListener {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final Clock clock;

    RunStartListener(CutoverProperties properties, TargetLocks locks) {
        this.properties = properties;
        this.locks = locks;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void notify(DelegateExecution execution) {
        String targetName = text(execution, ProcessVariables.TARGET);
        SafeValues.name(ProcessVariables.TARGET, targetName);
        TargetConfig target = properties.target(targetName);
        String change = SafeValues.name(ProcessVariables.CHANGE_REFERENCE, text(execution, ProcessVariables.CHANGE_REFERENCE));
        String window = windowStart(text(execution, ProcessVariables.MAINTENANCE_WINDOW_START));
        locks.acquire(targetName, execution.getProcessInstanceId(), change);
        execution.setVariable(ProcessVariables.MAINTENANCE_WINDOW_START, window);
        execution.setVariable(ProcessVariables.RUN_STAMP, STAMP.format(LocalDateTime.now(clock)));
        CutoverProperties.Timings timings = properties.timings();
        execution.setVariable(ProcessVariables.APPROVAL_DEADLINE, timings.approvalDeadline().toString());
        execution.setVariable(ProcessVariables.PREPARATION_BUDGET, timings.preparationBudget().toString());
        execution.setVariable(ProcessVariables.DECOMMISSION_BUDGET, timings.decommissionBudget().toString());
        execution.setVariable(ProcessVariables.INFRASTRUCTURE_BUDGET, timings.infrastructureBudget().toString());
        execution.setVariable(ProcessVariables.DEPLOYMENT_BUDGET, timings.deploymentBudget().toString());
        execution.setVariable(ProcessVariables.VERIFICATION_BUDGET, timings.verificationBudget().toString());
        execution.setVariable(ProcessVariables.FAILURE_DECISION, ProcessVariables.DECISION_NONE);
        execution.setVariable(ProcessVariables.VERIFICATION_PASSED, false);
        execution.setVariable(ProcessVariables.STEP_SEQUENCE, 0L);
        execution.setVariable(ProcessVariables.RUN_RECORD_URL, "/cutover/runs/" + execution.getProcessInstanceId());
    }

    /** Accepts an ISO date-time with or without an offset (then UTC) and returns it with its offset. */
    static String windowStart(String value) {
        try {
            return OffsetDateTime.parse(value).toString();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).atZone(ZoneId.of("UTC")).toOffsetDateTime()
                        .withOffsetSameInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                throw new InvalidParameterException(ProcessVariables.MAINTENANCE_WINDOW_START,
                        "must be an ISO date and time such as 2026-12-01T22:00:00Z, got '" + value + "'");
            }
        }
    }

    private static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value == null || value.toString().isBlank()) {
            throw new InvalidParameterException(name, "is required to start a cutover");
        }
        return value.toString().strip();
    }
}
