package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.Admission;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunNotAdmittedException;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShell;
import org.bischeduler.cutover.values.InvalidParameterException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service task of the runbook. Checks the run's admission first (started, holding its target's
 * lock, and for every step after the plan: preflight passed and a manager's approval recorded),
 * all read from the run store; process variables never decide what runs. Then runs
 * {@link #perform} against the run's target, retries it a
 * few times when the connection fails (steps are idempotent, so a second run is safe), records
 * what it did for the audit, and hands a failure to the process as a BPMN error the operator sees.
 * An undo step that fails does not stop the rollback (nothing could catch an error during
 * compensation, and the next undo still helps): its failure is recorded, the rollback check
 * reports it, and the operator decides there.
 */
public abstract class RunbookStep implements JavaDelegate {

    public static final String ERROR_STEP_FAILED = "Error_StepFailed";
    private static final int OPERATOR_TEXT_LIMIT = 3500;
    private static final Logger LOG = LoggerFactory.getLogger(RunbookStep.class);

    private final Step declared;
    private StepSupport support;

    protected RunbookStep() {
        declared = getClass().getAnnotation(Step.class);
        if (declared == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no @Step");
        }
    }

    /** Injected here, not through each step's constructor, so that a step class holds only its own logic. */
    @Autowired
    final void useSupport(StepSupport support) {
        this.support = support;
    }

    /**
     * Does the step's work; throws {@link StepFailedException} when the goal cannot be reached. By
     * default: runs its script, which reports {@code @state=unchanged} when the goal was already met,
     * and keeps what {@link #keep} picks from the script's facts.
     */
    protected void perform(StepContext step) {
        Map<String, String> facts = runScript(step);
        step.markUnchangedIf(facts);
        keep(step, facts);
    }

    /** Keeps what the script reported that a later step or an undo needs (by default, nothing). */
    protected void keep(StepContext step, Map<String, String> facts) {
    }

    /** The script the step runs, stated once for the plan and the run; null for a step that runs none. */
    protected ScriptCall script(StepScope scope) {
        return null;
    }

    /** Runs this step's script with the run's recorded values; fails the step unless it exits 0. Returns its facts. */
    protected final Map<String, String> runScript(StepContext step) {
        return step.runScript(script(step.scope()));
    }

    /** The commands this step will run, as the plan shows them to the approving manager: by default its script. */
    public List<String> plannedCommands(StepScope scope) {
        ScriptCall call = script(scope);
        return call == null ? List.of() : List.of(call.planned());
    }

    /** A label for plans and the audit. */
    public final String stepName() {
        return declared.name();
    }

    /** A check or an undo: a task of the cutover's own model. */
    @Override
    public final void execute(DelegateExecution execution) {
        runAs(execution, execution.getCurrentActivityId());
    }

    /** Runs this step for an activity other than the current one: an undo run again, or run for a step that failed. */
    final void runAs(DelegateExecution execution, String activityId) {
        runFor(execution, execution, activityId);
    }

    /**
     * Runs this step for the run that {@code run} belongs to. A phase's step runs in its own step
     * process ({@code stepExecution}), which shows its failure to the operator; what the step shows
     * to the run's forms and gateways goes to {@code run}.
     */
    final void runFor(DelegateExecution run, DelegateExecution stepExecution, String activityId) {
        MDC.put("run", run.getProcessInstanceId());
        MDC.put("step", activityId);
        try {
            run(run, stepExecution, activityId);
        } finally {
            MDC.remove("run");
            MDC.remove("step");
        }
    }

    private void run(DelegateExecution execution, DelegateExecution stepExecution, String activityId) {
        String runId = execution.getProcessInstanceId();
        RunStore runs = support.runs();
        // what earlier steps kept does not change while this step tries: read once
        Map<String, String> kept = runs.values(runId);
        Admission admission = runs.admission(runId, kept);
        admission.refusal(declared.needsApproval()).ifPresent(reason -> {
            LOG.warn("{} refused: {}", stepName(), reason);
            throw new RunNotAdmittedException(stepName(), reason);
        });
        RunIdentity run = admission.run().orElseThrow();
        String targetName = run.target();
        CutoverProperties properties = support.properties();
        TargetConfig target = properties.target(targetName);
        OutputScrubber scrubber = support.scrubberFor(targetName, target);
        CutoverProperties.Timings timings = properties.timings();
        long startedAt = System.currentTimeMillis();
        long sequence = runs.nextStepSequence(runId);
        StepAttempts attempts = new StepAttempts(timings.stepAttempts(), timings.stepRetryBackoff(), timings.hostUnreachablePatience());
        for (int attempt = 1; ; attempt++) {
            TargetShell shell = support.shells().forTarget(targetName);
            StepContext step = new StepContext(run, kept, target, shell, scrubber, support.live(), stepName());
            support.live().stepStarted(runId, stepName());
            try {
                perform(step);
                attempts.waitedForHost().ifPresent(waited -> step.fact("waitedForHost", waited));
                String outcome = step.unchanged() ? "unchanged" : "completed";
                record(runId, activityId, sequence, step, startedAt, attempt, outcome, "");
                support.live().stepEnded(runId, stepName(), outcome);
                keepUndoOutcome(runId, activityId, outcome);
                publish(execution, runId, step.alwaysOutputs());
                publish(execution, runId, step.outputs());
                LOG.info("{} {} on {} after {} attempt(s)", stepName(), outcome, targetName, attempt);
                return;
            } catch (TargetException | StepFailedException e) {
                String why = e instanceof TargetException ? scrubber.scrub(e.getMessage()) : "connection lost mid-command";
                Optional<Duration> pause = attempts.pauseBefore(e, System.currentTimeMillis());
                if (pause.isPresent()) {
                    LOG.warn("{} attempt {} on {}: {}; trying again in {} ms", stepName(), attempt, targetName, why, pause.get().toMillis());
                    long millis = pause.get().toMillis();
                    support.live().stepWaiting(runId, stepName(), why + "; trying again in " + (millis < 1000 ? millis + " ms" : millis / 1000 + " s"));
                    pause(pause.get());
                    continue;
                }
                attempts.waitedForHost().ifPresent(waited -> step.fact("waitedForHost", waited));
                CommandResult result = e instanceof StepFailedException failed ? failed.result() : step.lastResult();
                fail(execution, stepExecution, activityId, sequence, step, startedAt, attempt, e, scrubber.scrub(e.getMessage()), result);
                return;
            } catch (InvalidParameterException e) {
                fail(execution, stepExecution, activityId, sequence, step, startedAt, attempt, e, "refused before it reached the host: " + e.getMessage(), null);
                return;
            }
        }
    }

    /** Keeps a step's outputs in the run store; those a form shows or a gateway reads also become process variables. */
    private void publish(DelegateExecution execution, String runId, Map<String, StepContext.Output> outputs) {
        Map<String, String> kept = new LinkedHashMap<>();
        outputs.forEach((name, output) -> {
            kept.put(name, output.text());
            if (output.shown()) {
                execution.setVariable(name, output.value());
            }
        });
        support.runs().keep(runId, kept);
    }

    /** The BPMN error a failure raises; verification overrides it. */
    protected String errorCodeFor(RuntimeException failure) {
        return ERROR_STEP_FAILED;
    }

    /** Hands a failure on: an undo's is recorded and the rollback goes on; any other step's raises an error or an incident. */
    private void fail(DelegateExecution execution, DelegateExecution stepExecution, String activityId, long sequence, StepContext step, long startedAt,
                      int attempts, RuntimeException failure, String message, CommandResult result) {
        String runId = execution.getProcessInstanceId();
        record(runId, activityId, sequence, step, startedAt, attempts, "failed", message);
        support.live().stepEnded(runId, stepName(), "failed: " + message);
        publish(execution, runId, step.alwaysOutputs());
        String command = result == null ? "(no command: " + message + ")" : step.scrub(result.commandLine());
        String output = result == null ? message : step.scrub(result.describe());
        LOG.warn("{} failed on {}: {}", stepName(), step.targetName(), message);
        if (Runbook.isUndo(activityId)) {
            String why = result == null || result.stderr().isBlank() ? message : message + ": " + step.scrub(result.stderr().strip());
            keepUndoOutcome(runId, activityId, "failed: " + (why.length() <= 500 ? why : why.substring(0, 500) + " …"));
            return;
        }
        if (!declared.failsToOperator()) {
            throw new StepIncidentException(stepName() + " failed on target " + step.targetName() + ": " + message
                    + "\n" + limit(output));
        }
        // which step of the run failed last: a fleet's wave answer finds the same failure in the other runs
        execution.setVariable(ProcessVariables.FAILED_STEP, activityId);
        // shown to the operator by the failed-step decision; no form can write them
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(ProcessVariables.FAILED_STEP, activityId);
        shown.put(ProcessVariables.FAILED_STEP_NAME, stepName());
        shown.put(ProcessVariables.FAILED_COMMAND, limit(command));
        shown.put(ProcessVariables.FAILED_EXIT_CODE, result == null ? "none"
                : result.timedOut() ? "timed out" : result.exitKnown() ? String.valueOf(result.exitCode()) : "unknown");
        shown.put(ProcessVariables.FAILED_OUTPUT, limit(message + "\n\n" + output));
        for (String fromRun : List.of(ProcessVariables.TARGET, ProcessVariables.RUN_RECORD_URL, ProcessVariables.FLEET_WAVE)) {
            shown.put(fromRun, execution.getVariable(fromRun));
        }
        // on the step process itself: the failed task's own scope ends as the decision starts
        stepExecution.getProcessInstance().setVariablesLocal(shown);
        throw new BpmnError(errorCodeFor(failure), limit(stepName() + ": " + message));
    }

    /** The latest outcome of each undo, read by the rollback check: a failed undo is a failed rollback. */
    private void keepUndoOutcome(String runId, String activityId, String outcome) {
        if (Runbook.isUndo(activityId)) {
            support.runs().keep(runId, Map.of(ProcessVariables.UNDO_OUTCOME + activityId, outcome));
        }
    }

    private void record(String runId, String activityId, long sequence, StepContext step, long startedAt,
                        int attempts, String outcome, String message) {
        long endedAt = System.currentTimeMillis();
        StepRecord record = new StepRecord(sequence, activityId, stepName(), Runbook.isUndo(activityId) ? "undo" : "forward", startedAt,
                endedAt, attempts, outcome, message, step.commands(), step.facts());
        support.metrics().stepEnded(stepName(), outcome, Duration.ofMillis(endedAt - startedAt));
        try {
            support.runs().addStepRecord(runId, sequence, activityId, support.json().writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record step " + activityId, e);
        }
    }

    private static String limit(String text) {
        return text.length() <= OPERATOR_TEXT_LIMIT ? text
                : text.substring(0, OPERATOR_TEXT_LIMIT) + "\n… (cut; the full output is in the run's record)";
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
