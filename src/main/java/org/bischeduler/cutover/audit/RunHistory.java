package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.run.Decision;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.UsersSaw;
import org.bischeduler.cutover.runbook.Runbook;
import org.bischeduler.cutover.runbook.StepRecord;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.task.IdentityLink;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads cutovers back: what they did and who decided what from the run store (which no user can
 * write), when each activity ran from the engine's history (level full). Nothing here needs the
 * run to be active, and nothing reads a process variable.
 */
@Component
public class RunHistory {

    private static final Map<String, String> OUTCOMES = Map.of(
            ProcessVariables.END_COMPLETED, "completed", ProcessVariables.END_ROLLED_BACK, "rolled back",
            ProcessVariables.END_ROLLED_BACK_BY_HAND, "rolled back by hand",
            ProcessVariables.END_PLAN_REJECTED, "rejected", ProcessVariables.END_APPROVAL_EXPIRED, "expired",
            ProcessVariables.END_PREFLIGHT_FAILED, "preflight failed", ProcessVariables.END_PLANNED_FOR_FLEET, "planned for its fleet",
            ProcessVariables.END_CHECKED, "checked");

    /** A phase step's box calls the step process; checks and undos are service tasks of the run's own model. */
    private static final Set<String> STEP_TYPES = Set.of("callActivity", "serviceTask");

    private final HistoryService history;
    private final TaskService tasks;
    private final RunStore runs;
    private final ObjectMapper json;

    RunHistory(HistoryService history, TaskService tasks, RunStore runs, ObjectMapper json) {
        this.history = history;
        this.tasks = tasks;
        this.runs = runs;
        this.json = json;
    }

    /** The run list, newest first, filtered by target, outcome and start date (each optional). */
    public List<RunRecord.RunSummary> list(RunFilter filter) {
        HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY);
        if (filter.target() != null) {
            List<String> onTarget = runs.runsOn(filter.target());
            if (onTarget.isEmpty()) {
                return List.of();
            }
            query.processInstanceIds(new java.util.HashSet<>(onTarget));
        }
        if (filter.change() != null) {
            query.processInstanceBusinessKeyLike("%" + filter.change() + "%");
        }
        if (filter.from() != null) {
            query.startedAfter(Date.from(filter.from()));
        }
        if (filter.to() != null) {
            query.startedBefore(Date.from(filter.to()));
        }
        return query.orderByProcessInstanceStartTime().desc().listPage(0, 1000).stream()
                .map(instance -> summary(instance, runs.values(instance.getId())))
                .filter(summary -> filter.outcome() == null || summary.outcome().equals(filter.outcome()))
                .toList();
    }

    /** One run's line of the list: its outcome so far and whose task it waits on. */
    public Optional<RunRecord.RunSummary> summary(String id) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).processInstanceId(id).singleResult();
        return Optional.ofNullable(instance).map(found -> summary(found, runs.values(id)));
    }

    /**
     * Where the run is among the runbook's phases, as the model names them: the phase in progress
     * ("Phase 3: decommission, step 2 of 4"), the last one it finished, or that none has begun yet.
     */
    public String phase(String id) {
        List<String> phases = Runbook.PHASES.stream().map(Runbook.Phase::subProcessId).toList();
        List<HistoricActivityInstance> activities = activities(id);
        List<HistoricActivityInstance> reached = activities.stream().filter(a -> phases.contains(a.getActivityId())).toList();
        if (reached.isEmpty()) {
            return "none yet (preflight, plan and approval come first)";
        }
        HistoricActivityInstance last = reached.get(reached.size() - 1);
        String name = last.getActivityName().replaceFirst("^Phase (\\d+)", "Phase $1 of " + phases.size());
        if (last.getEndTime() != null) {
            return name + ", done";
        }
        List<String> steps = Runbook.PHASES.get(phases.indexOf(last.getActivityId())).steps().stream().map(Runbook.Step::activityId).toList();
        long done = activities.stream().filter(a -> a.getEndTime() != null && steps.contains(a.getActivityId())
                && !a.getStartTime().before(last.getStartTime())).map(HistoricActivityInstance::getActivityId).distinct().count();
        return name + ", step " + Math.min(done + 1, steps.size()) + " of " + steps.size();
    }

    public Optional<RunRecord> record(String id) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).processInstanceId(id).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        Map<String, String> values = runs.values(id);
        List<Decision> decisions = runs.decisions(id);
        RunRecord.RunSummary summary = summary(instance, values);
        List<RunRecord.StepEntry> steps = steps(id);
        RunRecord.Rollback rollback = rollback(steps, values);
        List<RunRecord.Backup> backups = backups(values);
        return Optional.of(new RunRecord(summary, timeline(id, decisions), steps, backups,
                text(values.get(ProcessVariables.PLAN_DOCUMENT)), text(values.get(ProcessVariables.NGINX_DIFF)),
                downtime(values), rollback,
                SuccessCriteria.evaluate(summary, steps, values, answers(decisions), rollback, backups),
                Finding.fromJson(values.get(ProcessVariables.PREFLIGHT_CHECKS)),
                Finding.fromJson(values.get(ProcessVariables.VERIFICATION_CHECKS)),
                values.containsKey(ProcessVariables.START_WARNING) ? List.of(values.get(ProcessVariables.START_WARNING)) : List.of(),
                notifications(values), instance.getSuperProcessInstanceId(), values.get(ProcessVariables.UNDOES_RUN)));
    }

    /** The outcome of a run that ended at this end event. */
    static String outcomeAt(String endActivityId) {
        return OUTCOMES.getOrDefault(endActivityId, "ended at " + endActivityId);
    }

    private RunRecord.RunSummary summary(HistoricProcessInstance instance, Map<String, String> values) {
        String outcome;
        String waitingOn = "";
        if (instance.getEndTime() == null) {
            outcome = "running";
            waitingOn = waitingOn(instance.getId());
        } else if (HistoricProcessInstance.STATE_COMPLETED.equals(instance.getState())) {
            outcome = outcomeAt(instance.getEndActivityId());
        } else {
            outcome = "cancelled";
        }
        Optional<RunIdentity> run = runs.identity(instance.getId());
        return new RunRecord.RunSummary(instance.getId(), run.map(RunIdentity::target).orElse(""),
                run.map(RunIdentity::changeReference).orElse(""),
                run.map(RunIdentity::startedBy).orElse(instance.getStartUserId()),
                instant(instance.getStartTime()), instant(instance.getEndTime()), outcome, waitingOn, downtime(values).countedMillis());
    }

    private String waitingOn(String processInstanceId) {
        List<String> waiting = new ArrayList<>();
        List<String> instances = new ArrayList<>(stepInstances(processInstanceId));
        instances.add(processInstanceId);
        for (var task : tasks.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new)).list()) {
            String groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                    .map(IdentityLink::getGroupId).filter(g -> g != null).collect(Collectors.joining(", "));
            String who = task.getAssignee() != null ? task.getAssignee() : groups;
            waiting.add(who + " (" + task.getName() + ")");
        }
        history.createHistoricIncidentQuery().processInstanceId(processInstanceId).open().list()
                .forEach(incident -> waiting.add("an operator to resolve an incident at " + incident.getActivityId()));
        return String.join("; ", waiting);
    }

    /** The step processes a run's step boxes called: they hold the operator's decisions on failed steps. */
    private List<String> stepInstances(String runId) {
        return history.createHistoricProcessInstanceQuery().superProcessInstanceId(runId).list().stream()
                .map(HistoricProcessInstance::getId).toList();
    }

    /** The run's steps (a phase step's box, a check, an undo) and people's tasks, its step processes' decisions among them. */
    private List<RunRecord.TimelineEntry> timeline(String id, List<Decision> decisions) {
        Map<String, Decision> byTask = decisions.stream().collect(Collectors.toMap(Decision::taskId, d -> d, (a, b) -> b));
        List<HistoricActivityInstance> activities = new ArrayList<>(activities(id));
        stepInstances(id).forEach(step -> activities.addAll(activities(step).stream()
                .filter(activity -> "userTask".equals(activity.getActivityType())).toList()));
        activities.sort(Comparator.comparing(HistoricActivityInstance::getStartTime));
        List<RunRecord.TimelineEntry> timeline = new ArrayList<>();
        for (HistoricActivityInstance activity : activities) {
            boolean userTask = "userTask".equals(activity.getActivityType());
            if (!userTask && !STEP_TYPES.contains(activity.getActivityType())) {
                continue;
            }
            Decision decision = userTask && activity.getTaskId() != null ? byTask.get(activity.getTaskId()) : null;
            timeline.add(new RunRecord.TimelineEntry(activity.getActivityId(), activity.getActivityName(),
                    userTask ? "user task" : "step", instant(activity.getStartTime()), instant(activity.getEndTime()),
                    activity.getDurationInMillis(), decision == null ? null : decision.userId(),
                    decision == null ? Map.of() : decision.fields()));
        }
        return timeline;
    }

    private List<HistoricActivityInstance> activities(String processInstanceId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
    }

    /** The people's answers as the run's forms took them: each field's latest value. */
    private static Map<String, String> answers(List<Decision> decisions) {
        Map<String, String> answers = new HashMap<>();
        decisions.forEach(decision -> answers.putAll(decision.fields()));
        return answers;
    }

    private List<RunRecord.StepEntry> steps(String id) {
        Map<String, List<String>> failures = new HashMap<>();
        history.createHistoricJobLogQuery().processInstanceId(id).failureLog().list().forEach(log ->
                failures.computeIfAbsent(log.getActivityId(), k -> new ArrayList<>())
                        .add("job failed at " + instant(log.getTimestamp()) + ": " + log.getJobExceptionMessage()));
        history.createHistoricIncidentQuery().processInstanceId(id).list().forEach(incident ->
                failures.computeIfAbsent(incident.getActivityId(), k -> new ArrayList<>())
                        .add("incident at " + instant(incident.getCreateTime()) + (incident.isOpen() ? " (open)" : " (resolved)")
                                + ": " + incident.getIncidentMessage()));
        List<StepRecord> records = runs.stepRecords(id).stream().map(this::readRecord).toList();
        List<RunRecord.StepEntry> steps = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            StepRecord r = records.get(i);
            boolean lastOfItsStep = records.subList(i + 1, records.size()).stream().noneMatch(o -> o.activityId().equals(r.activityId()));
            steps.add(new RunRecord.StepEntry(r.sequence(), r.activityId(), r.stepName(), r.kind(),
                    Instant.ofEpochMilli(r.startedAt()), Instant.ofEpochMilli(r.endedAt()), r.attempts(), r.outcome(),
                    r.message(), r.commands(), r.facts(),
                    lastOfItsStep ? failures.getOrDefault(r.activityId(), List.of()) : List.of()));
        }
        return steps;
    }

    private List<RunRecord.Backup> backups(Map<String, String> values) {
        List<RunRecord.Backup> backups = new ArrayList<>();
        if (values.get(ProcessVariables.DB_BACKUP_PATH) != null) {
            backups.add(new RunRecord.Backup("database", "mysqldump", values.get(ProcessVariables.DB_BACKUP_PATH),
                    Long.parseLong(values.getOrDefault(ProcessVariables.DB_BACKUP_SIZE, "0")),
                    text(values.get(ProcessVariables.DB_BACKUP_SHA256))));
        }
        String config = text(values.get(ProcessVariables.CONFIG_BACKUPS));
        if (!config.isEmpty()) {
            try {
                Map<String, Map<String, Object>> files = json.readValue(config, new TypeReference<>() { });
                files.forEach((role, file) -> backups.add(new RunRecord.Backup(role, String.valueOf(file.get("source")),
                        String.valueOf(file.get("backup")), ((Number) file.get("size")).longValue(), String.valueOf(file.get("sha256")))));
            } catch (IOException e) {
                throw new IllegalStateException("the configuration backups of this run cannot be read", e);
            }
        }
        return backups;
    }

    /**
     * When users lost the service and when they had it back: from the old app's stop to the new
     * app's first answer; after a rollback, that stretch plus the one from the new app's stop to the
     * old app's answer (the time the new app served users is not downtime), or, when the new app
     * never answered, the whole time from the old app's stop to its return. A rollback whose check
     * failed has not ended the outage, whatever a step reported. That is the estimate; beside it,
     * what the prober on the host measured in each window.
     */
    static RunRecord.Downtime downtime(Map<String, String> values) {
        Long stopped = millis(values, ProcessVariables.OLD_SERVICE_STOPPED_AT);
        Long answered = millis(values, ProcessVariables.NEW_SERVICE_ANSWERED_AT);
        Long newStopped = millis(values, ProcessVariables.NEW_SERVICE_STOPPED_AT);
        Long restored = millis(values, ProcessVariables.OLD_SERVICE_RESTORED_AT);
        UsersSaw inCutover = UsersSaw.fromJson(values.get(ProcessVariables.USERS_SAW_IN_CUTOVER)).orElse(null);
        UsersSaw inRollback = UsersSaw.fromJson(values.get(ProcessVariables.USERS_SAW_IN_ROLLBACK)).orElse(null);
        if (stopped == null) {
            return new RunRecord.Downtime(null, null, "", null, List.of(), inCutover, inRollback);
        }
        boolean notRestored = "false".equals(values.get(ProcessVariables.ROLLBACK_CHECK_PASSED));
        Long backAgain = notRestored ? null : restored;
        List<RunRecord.Stretch> stretches = new ArrayList<>();
        if (answered != null && newStopped != null && newStopped >= answered && answered >= stopped) {
            // the new app served users in between: that time is not downtime
            stretches.add(stretch(stopped, answered, "the new service answered"));
            stretches.add(stretch(newStopped, backAgain, "the old service answered again"));
        } else if (restored != null || notRestored) {
            stretches.add(stretch(stopped, backAgain, "the old service answered again"));
        } else if (answered != null && answered >= stopped) {
            stretches.add(stretch(stopped, answered, "the new service answered"));
        } else {
            stretches.add(stretch(stopped, null, ""));
        }
        RunRecord.Stretch last = stretches.get(stretches.size() - 1);
        Long millis = last.to() == null ? null : stretches.stream().mapToLong(RunRecord.Stretch::millis).sum();
        String servedAgainBy = last.to() == null ? ""
                : stretches.size() == 2 ? "old service (after the rollback; the new service served in between)"
                : restored != null ? "old service (after the rollback)" : "new service";
        return new RunRecord.Downtime(Instant.ofEpochMilli(stopped), last.to(), servedAgainBy, millis, List.copyOf(stretches),
                inCutover, inRollback);
    }

    private static RunRecord.Stretch stretch(long from, Long to, String endedBy) {
        return new RunRecord.Stretch(Instant.ofEpochMilli(from), to == null ? null : Instant.ofEpochMilli(to), endedBy);
    }

    /** What was sent for the run, and what could not be, in the order it happened. */
    private static List<String> notifications(Map<String, String> values) {
        return values.entrySet().stream().filter(value -> value.getKey().startsWith(ProcessVariables.NOTIFICATION))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    private static Long millis(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? null : Long.valueOf(value);
    }

    private static RunRecord.Rollback rollback(List<RunRecord.StepEntry> steps, Map<String, String> values) {
        List<String> undone = steps.stream().filter(s -> "undo".equals(s.kind()))
                .map(s -> s.name() + " (" + s.outcome() + ")").toList();
        String checked = values.get(ProcessVariables.ROLLBACK_CHECK_PASSED);
        boolean happened = checked != null || !undone.isEmpty();
        return new RunRecord.Rollback(happened, undone, checked == null ? null : Boolean.valueOf(checked),
                Finding.fromJson(values.get(ProcessVariables.ROLLBACK_CHECKS)));
    }

    private StepRecord readRecord(String record) {
        try {
            return json.readValue(record, StepRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("a step record of this run cannot be read", e);
        }
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
