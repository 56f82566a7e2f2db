package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.run.ProcessVariables;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.JobQuery;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives cutovers through the real engine as people and the job executor would: starts runs as
 * an ops user, completes tasks as the given user and group (authorization applies), and runs
 * every due job until the process waits.
 */
public final class ProcessDriver {

    /** The phase after the sign-off: a rollback at the sign-off comes before it, so undoes everything but it. */
    static final String CLOSING = "SubProcess_Closing";
    /** Every undo a rollback at the sign-off runs, in its order. */
    static final List<String> FULL_ROLLBACK = Runbook.fullRollback().stream()
            .filter(undo -> !undoesClosing(undo)).toList();
    /** Every step up to the sign-off, in order. */
    static final List<String> UNTIL_SIGN_OFF = Runbook.PHASES.stream().filter(phase -> !phase.subProcessId().equals(CLOSING))
            .flatMap(phase -> phase.steps().stream()).map(Runbook.Step::activityId).toList();
    static final Set<String> UNDO_STEPS = Set.copyOf(FULL_ROLLBACK);
    /** The operator's decision on a failed step, a task of the step process. */
    public static final String DECIDE_FAILED_STEP = "Task_DecideFailedStep";
    /** The notification task's form, filled as an operator would. */
    public static final Map<String, Object> NOTIFIED = Map.of("notificationChannel", "email",
            "notificationMessage", "Scheduler maintenance tonight", "windowConfirmed", true);

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ManagementService management;
    private final HistoryService history;
    private final IdentityService identity;
    private final ObjectMapper json = new ObjectMapper();
    private final JdbcTemplate store;
    private final List<String> jobFailures = new ArrayList<>();

    public ProcessDriver(ProcessEngine engine) {
        this.store = new JdbcTemplate(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource());
        this.runtime = engine.getRuntimeService();
        this.tasks = engine.getTaskService();
        this.management = engine.getManagementService();
        this.history = engine.getHistoryService();
        this.identity = engine.getIdentityService();
    }

    private static boolean undoesClosing(String undo) {
        return Runbook.PHASES.stream().filter(phase -> phase.subProcessId().equals(CLOSING))
                .flatMap(phase -> phase.steps().stream()).anyMatch(step -> step.undoActivityId().filter(undo::equals).isPresent());
    }

    public ProcessInstance start(String target, String change) {
        return start(target, change, Instant.now().minusSeconds(60));
    }

    /** Starts a run as ops1 whose maintenance window opens at the given time. */
    public ProcessInstance start(String target, String change, Instant windowStart) {
        return start(target, change, windowStart, Map.of());
    }

    /** Starts a check-only run as ops1: preflight, plan and nginx diff, then it ends. */
    public ProcessInstance checkOnly(String target, String change) {
        return start(target, change, Instant.now().plusSeconds(3600), Map.of(ProcessVariables.CHECK_ONLY, true));
    }

    private ProcessInstance start(String target, String change, Instant windowStart, Map<String, Object> more) {
        Map<String, Object> variables = new HashMap<>(more);
        variables.put("target", target);
        variables.put("changeReference", change);
        variables.put("maintenanceWindowStart", windowStart.toString());
        identity.setAuthentication("ops1", List.of("ops"));
        ProcessInstance run;
        try {
            run = runtime.startProcessInstanceByKey(ProcessVariables.PROCESS_KEY, change, variables);
        } finally {
            identity.clearAuthentication();
        }
        drive(run);
        return run;
    }

    public ProcessInstance approvedAndNotified(String target, String change) {
        ProcessInstance run = start(target, change);
        complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        complete(run, "Task_NotifyUsers", "ops1", "ops", NOTIFIED);
        return run;
    }

    public void complete(ProcessInstance run, String taskKey, String user, String group, Map<String, Object> variables) {
        Task task = task(run, taskKey);
        identity.setAuthentication(user, List.of(group));
        try {
            tasks.complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
        drive(run);
    }

    /** Fails unless the run ended at this end event, naming where it waits, its jobs and incidents. */
    public void assertEndedAt(ProcessInstance run, String endEvent) {
        List<String> ended = history.createHistoricActivityInstanceQuery().processInstanceId(run.getId()).activityId(endEvent)
                .finished().list().stream().map(end -> end.getActivityId()).toList();
        assertThat(ended).as("%s ended at %s (incidents: %s; waiting at %s; jobs: %s)", run.getId(), endEvent, incidents(run),
                waitingAt(run), jobs(run)).isNotEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(run.getId()).count())
                .as("%s passed %s but has not ended: still active at %s (incidents: %s; jobs: %s; its step processes: %s)", run.getId(),
                        endEvent, waitingAt(run), incidents(run), jobs(run), runtime.createProcessInstanceQuery()
                                .superProcessInstanceId(run.getId()).list().stream().map(step -> step.getId() + " at "
                                        + runtime.getActiveActivityIds(step.getId())).toList())
                .isZero();
    }

    public String taskId(ProcessInstance run, String taskKey) {
        return task(run, taskKey).getId();
    }

    /** A task of the run, or of a step process its step boxes called (the decision on a failed step). */
    Task task(ProcessInstance run, String taskKey) {
        List<String> instances = new ArrayList<>(runtime.createProcessInstanceQuery().superProcessInstanceId(run.getId()).list()
                .stream().map(ProcessInstance::getId).toList());
        instances.add(run.getId());
        Task task = tasks.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new)).taskDefinitionKey(taskKey).singleResult();
        assertThat(task).as("task %s (incidents: %s; waiting at %s; jobs: %s)", taskKey, incidents(run), waitingAt(run), jobs(run))
                .isNotNull();
        return task;
    }

    /**
     * The step process of the run's failed step, waiting for the operator's decision; fails unless
     * the run waits at that step's box.
     */
    public ProcessInstance failedStep(ProcessInstance run, String stepActivityId) {
        ProcessInstance step = runtime.createProcessInstanceQuery().superProcessInstanceId(run.getId()).singleResult();
        assertThat(step).as("a step process of %s waiting for a decision (incidents: %s)", stepActivityId, incidents(run)).isNotNull();
        assertThat(runtime.getActiveActivityIds(run.getId())).as("the run's waiting boxes").contains(stepActivityId);
        assertThat(runtime.getActiveActivityIds(step.getId())).containsExactly(DECIDE_FAILED_STEP);
        return step;
    }

    /** How many times an operator was asked to decide on a failed step of this run. */
    public long decisionsAsked(ProcessInstance run) {
        return history.createHistoricProcessInstanceQuery().superProcessInstanceId(run.getId()).list().stream()
                .mapToLong(step -> history.createHistoricTaskInstanceQuery().processInstanceId(step.getId())
                        .taskDefinitionKey(DECIDE_FAILED_STEP).count()).sum();
    }

    /** Runs every due job (async steps, due timers, retries) until none is left, as the job executor would. */
    public void drive() {
        drive(null);
    }

    /**
     * Runs the due jobs of one run and of everything it called (its steps' processes, a fleet's
     * target runs), so that tests working different targets at once never run each other's jobs.
     */
    public void drive(ProcessInstance run) {
        String root = run == null ? null : run.getRootProcessInstanceId() == null ? run.getId() : run.getRootProcessInstanceId();
        for (int round = 0; round < 500; round++) {
            JobQuery query = management.createJobQuery().executable();
            List<Job> due = (root == null ? query : query.rootProcessInstanceId(root)).list();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException failed) {
                    // the job keeps its retries or its incident; the test asserts on the process state
                    jobFailures.add(job.getId() + " (" + job.getProcessInstanceId() + "): " + failed);
                }
            }
        }
        throw new AssertionError("jobs kept coming after 500 rounds");
    }

    /** Where the run waits; for one that ended, where it and the runs it called ended, with any failed preflight's findings. */
    private List<String> waitingAt(ProcessInstance run) {
        if (runtime.createProcessInstanceQuery().processInstanceId(run.getId()).count() > 0) {
            return runtime.getActiveActivityIds(run.getId());
        }
        List<String> ended = new ArrayList<>();
        for (var instance : history.createHistoricProcessInstanceQuery().rootProcessInstanceId(run.getRootProcessInstanceId()).list()) {
            String findings = store.queryForList("SELECT VALUE_ FROM CUTOVER_RUN_VALUE WHERE PROC_INST_ID_ = ? AND NAME_ = ?",
                    String.class, instance.getId(), ProcessVariables.PREFLIGHT_FINDINGS).stream().findFirst().orElse("");
            ended.add(instance.getProcessDefinitionKey() + " " + instance.getId() + " ended at " + instance.getEndActivityId()
                    + (findings.contains("FAILED") ? " " + findings : ""));
        }
        return ended;
    }

    /** The run's jobs as a reader of a failure needs them: which activity, when due, retries left, the last exception. */
    private List<String> jobs(ProcessInstance run) {
        List<String> jobs = new ArrayList<>(management.createJobQuery().processInstanceId(run.getId()).list().stream()
                .map(job -> job.getId() + " due " + job.getDuedate() + " retries " + job.getRetries() + " root "
                        + job.getRootProcessInstanceId() + " " + job.getExceptionMessage())
                .toList());
        // the last few failures this driver saw (a crash the test simulates among them)
        jobs.add("failures: " + jobFailures.subList(Math.max(0, jobFailures.size() - 3), jobFailures.size()));
        return jobs;
    }

    List<String> incidents(ProcessInstance run) {
        return runtime.createIncidentQuery().processInstanceId(run.getId()).list().stream()
                .map(incident -> incident.getActivityId() + ": " + incident.getIncidentMessage()).toList();
    }

    /** Every record a step left in the run store, in the order the steps started (retries and repeated runs included). */
    List<StepRecord> records(ProcessInstance run) {
        return store.queryForList("SELECT RECORD_ FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ? ORDER BY SEQ_",
                String.class, run.getId()).stream().map(this::read).toList();
    }

    /** Everything the run store holds of a run, as one text: its values, step records and decisions. */
    String storedText(ProcessInstance run) {
        StringBuilder text = new StringBuilder();
        for (String sql : List.of("SELECT VALUE_ FROM CUTOVER_RUN_VALUE WHERE PROC_INST_ID_ = ?",
                "SELECT RECORD_ FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ?",
                "SELECT FIELDS_ FROM CUTOVER_DECISION WHERE PROC_INST_ID_ = ?")) {
            store.queryForList(sql, String.class, run.getId()).forEach(value -> text.append(value).append('\n'));
        }
        return text.toString();
    }

    /** What the run's steps kept in the run store under this name, or null. */
    public String kept(ProcessInstance run, String name) {
        return store.queryForList("SELECT VALUE_ FROM CUTOVER_RUN_VALUE WHERE PROC_INST_ID_ = ? AND NAME_ = ?",
                String.class, run.getId(), name).stream().findFirst().orElse(null);
    }

    /** The last record of a step. */
    Optional<StepRecord> record(ProcessInstance run, String activityId) {
        return records(run).stream().filter(r -> r.activityId().equals(activityId)).reduce((first, second) -> second);
    }

    /** The undo steps that ran, in the order they ran. */
    List<String> undoneSteps(ProcessInstance run) {
        return records(run).stream().map(StepRecord::activityId).filter(UNDO_STEPS::contains).toList();
    }

    public Object historicVariable(ProcessInstance run, String name) {
        return history.createHistoricVariableInstanceQuery().processInstanceId(run.getId()).variableName(name)
                .singleResult().getValue();
    }

    private StepRecord read(String record) {
        try {
            return json.readValue(record, StepRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
