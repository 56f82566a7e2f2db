package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.target.CommandResult;
import org.bischeduler.cutover.target.InvalidParameterException;
import org.bischeduler.cutover.target.TargetException;
import org.bischeduler.cutover.target.TargetShell;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;

/**
 * A service task of the runbook. Runs {@link #perform} against the run's target, retries it a
 * few times when the connection fails (steps are idempotent, so a second run is safe), records
 * what it did for the audit, and hands a failure to the process as a BPMN error the operator sees.
 * An undo step (a compensation handler) that fails raises an incident instead: nothing catches an
 * error during compensation, and the operator retries it from Cockpit once the cause is fixed.
 */
public abstract class RunbookStep implements JavaDelegate {

    public static final String ERROR_STEP_FAILED = "Error_StepFailed";
    private static final int OPERATOR_TEXT_LIMIT = 3500;
    private static final Logger LOG = LoggerFactory.getLogger(RunbookStep.class);

    private final StepSupport support;

    protected RunbookStep(StepSupport support) {
        this.support = support;
    }

    /** Does the step's work; throws {@link StepFailedException} when the goal cannot be reached. */
    protected abstract void perform(StepContext step);

    /** The commands this step will run, as the plan shows them to the approving manager. */
    public abstract List<String> plannedCommands(TargetConfig target, String runStamp);

    /** A label for plans and the audit. */
    public abstract String stepName();

    protected boolean isUndo() {
        return false;
    }

    /** Whether a failure goes to the operator's retry-or-roll-back task (steps inside a phase do). */
    protected boolean failsToOperator() {
        return !isUndo();
    }

    @Override
    public final void execute(DelegateExecution execution) {
        String activityId = execution.getCurrentActivityId();
        MDC.put("run", execution.getProcessInstanceId());
        MDC.put("step", activityId);
        try {
            run(execution, activityId);
        } finally {
            MDC.remove("run");
            MDC.remove("step");
        }
    }

    private void run(DelegateExecution execution, String activityId) {
        String targetName = (String) execution.getVariable(ProcessVariables.TARGET);
        CutoverProperties properties = support.properties();
        TargetConfig target = properties.target(targetName);
        OutputScrubber scrubber = support.scrubberFor(targetName, target);
        CutoverProperties.Timings timings = properties.timings();
        long startedAt = System.currentTimeMillis();
        long sequence = nextSequence(execution);
        for (int attempt = 1; ; attempt++) {
            TargetShell shell = support.shells().forTarget(targetName);
            StepContext step = new StepContext(execution, targetName, target, shell, scrubber);
            try {
                perform(step);
                String outcome = step.unchanged() ? "unchanged" : "completed";
                record(execution, activityId, sequence, step, startedAt, attempt, outcome, "");
                step.alwaysOutputs().forEach(execution::setVariable);
                step.outputs().forEach(execution::setVariable);
                LOG.info("{} {} on {} after {} attempt(s)", stepName(), outcome, targetName, attempt);
                return;
            } catch (TargetException e) {
                if (e.kind().transientFault() && attempt < timings.stepAttempts()) {
                    LOG.warn("{} attempt {} on {}: {}; trying again", stepName(), attempt, targetName, scrubber.scrub(e.getMessage()));
                    pause(timings.stepRetryBackoff());
                    continue;
                }
                fail(execution, activityId, sequence, step, startedAt, attempt, e, scrubber.scrub(e.getMessage()), step.lastResult());
            } catch (StepFailedException e) {
                if (e.outcomeUnknown() && attempt < timings.stepAttempts()) {
                    LOG.warn("{} attempt {} on {}: connection lost mid-command; trying again", stepName(), attempt, targetName);
                    pause(timings.stepRetryBackoff());
                    continue;
                }
                fail(execution, activityId, sequence, step, startedAt, attempt, e, scrubber.scrub(e.getMessage()), e.result());
            } catch (InvalidParameterException e) {
                fail(execution, activityId, sequence, step, startedAt, attempt, e, "refused before it reached the host: " + e.getMessage(), null);
            }
        }
    }

    /** The BPMN error a failure raises; verification overrides it. */
    protected String errorCodeFor(RuntimeException failure) {
        return ERROR_STEP_FAILED;
    }

    private void fail(DelegateExecution execution, String activityId, long sequence, StepContext step, long startedAt,
                      int attempts, RuntimeException failure, String message, CommandResult result) {
        record(execution, activityId, sequence, step, startedAt, attempts, "failed", message);
        step.alwaysOutputs().forEach(execution::setVariable);
        String command = result == null ? "(no command: " + message + ")" : step.scrub(result.commandLine());
        String output = result == null ? message : step.scrub(result.describe());
        LOG.warn("{} failed on {}: {}", stepName(), step.targetName(), message);
        if (!failsToOperator()) {
            throw new StepIncidentException(stepName() + " failed on target " + step.targetName() + ": " + message
                    + "\n" + limit(output));
        }
        execution.setVariable(ProcessVariables.FAILED_STEP, activityId);
        execution.setVariable(ProcessVariables.FAILED_STEP_NAME, stepName());
        execution.setVariable(ProcessVariables.FAILED_COMMAND, limit(command));
        execution.setVariable(ProcessVariables.FAILED_EXIT_CODE, result == null ? "none"
                : result.timedOut() ? "timed out" : result.exitKnown() ? String.valueOf(result.exitCode()) : "unknown");
        execution.setVariable(ProcessVariables.FAILED_OUTPUT, limit(message + "\n\n" + output));
        throw new BpmnError(errorCodeFor(failure), limit(stepName() + ": " + message));
    }

    /** Numbers the run's steps as they start: compensation handlers of one rollback share a transaction and a millisecond. */
    private static long nextSequence(DelegateExecution execution) {
        Object current = execution.getVariable(ProcessVariables.STEP_SEQUENCE);
        long next = current instanceof Number number ? number.longValue() + 1 : 1;
        execution.setVariable(ProcessVariables.STEP_SEQUENCE, next);
        return next;
    }

    private void record(DelegateExecution execution, String activityId, long sequence, StepContext step, long startedAt,
                        int attempts, String outcome, String message) {
        StepRecord record = new StepRecord(sequence, activityId, stepName(), isUndo() ? "undo" : "forward", startedAt,
                System.currentTimeMillis(), attempts, outcome, message, step.commands(), step.facts());
        try {
            byte[] json = support.json().writeValueAsBytes(record);
            execution.setVariable(ProcessVariables.STEP_RECORD_PREFIX + activityId, Variables.byteArrayValue(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record step " + activityId, e);
        }
    }

    private static String limit(String text) {
        return text.length() <= OPERATOR_TEXT_LIMIT ? text
                : text.substring(0, OPERATOR_TEXT_LIMIT) + "\n… (cut; the full output is in the run's record)";
    }

    private static void pause(java.time.Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
