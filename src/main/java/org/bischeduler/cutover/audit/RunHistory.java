package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.runbook.ProcessVariables;
import org.bischeduler.cutover.runbook.StepRecord;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.IdentityLink;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads cutovers back from the engine's history (level full): the run list and each run's
 * record. Nothing here needs the run to be active.
 */
@Component
public class RunHistory {

    /** The variables each user task's form sets, shown as that task's decision. */
    private static final Map<String, List<String>> DECISIONS = Map.of(
            "Task_ApprovePlan", List.of("approvalDecision", "approvalComment"),
            "Task_NotifyUsers", List.of("notificationChannel", "notificationMessage", "windowConfirmed"),
            "Task_SignOff", List.of("signOffDecision", "signOffComment", "webInterfaceOk", "apiEndpointsOk", "dataOk", "reportsOk"),
            "Task_CloseChange", List.of("usersInformed", "closingNote"),
            "Task_ConfirmRollback", List.of("usersInformedOfRollback", "rollbackNote"));
    private static final Map<String, String> OUTCOMES = Map.of(
            "EndEvent_Completed", "completed", "EndEvent_RolledBack", "rolled back",
            "EndEvent_PlanRejected", "rejected", "EndEvent_ApprovalExpired", "expired",
            "EndEvent_PreflightFailed", "preflight failed");

    private final HistoryService history;
    private final TaskService tasks;
    private final ObjectMapper json;

    RunHistory(HistoryService history, TaskService tasks, ObjectMapper json) {
        this.history = history;
        this.tasks = tasks;
        this.json = json;
    }

    /** The run list, newest first, filtered by target, outcome and start date (each optional). */
    public List<RunRecord.RunSummary> list(RunFilter filter) {
        HistoricProcessInstanceQuery query = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY);
        if (filter.target() != null) {
            query.variableValueEquals(ProcessVariables.TARGET, filter.target());
        }
        if (filter.from() != null) {
            query.startedAfter(Date.from(filter.from()));
        }
        if (filter.to() != null) {
            query.startedBefore(Date.from(filter.to()));
        }
        return query.orderByProcessInstanceStartTime().desc().listPage(0, 1000).stream()
                .map(instance -> summary(instance, variables(instance.getId())))
                .filter(summary -> filter.outcome() == null || summary.outcome().equals(filter.outcome()))
                .toList();
    }

    public Optional<RunRecord> record(String id) {
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).processInstanceId(id).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        Map<String, Object> variables = variables(id);
        List<HistoricVariableUpdate> updates = variableUpdates(id);
        RunRecord.RunSummary summary = summary(instance, variables);
        List<RunRecord.StepEntry> steps = steps(id, updates);
        RunRecord.Rollback rollback = rollback(steps, variables);
        List<RunRecord.Backup> backups = backups(variables);
        return Optional.of(new RunRecord(summary, timeline(id, updates), steps, backups,
                text(variables.get(ProcessVariables.PLAN_DOCUMENT)), text(variables.get(ProcessVariables.NGINX_DIFF)),
                downtime(variables), rollback,
                SuccessCriteria.evaluate(summary, steps, variables, rollback, backups),
                text(variables.get(ProcessVariables.PREFLIGHT_FINDINGS)),
                text(variables.get(ProcessVariables.VERIFICATION_REPORT))));
    }

    private RunRecord.RunSummary summary(HistoricProcessInstance instance, Map<String, Object> variables) {
        String outcome;
        String waitingOn = "";
        if (instance.getEndTime() == null) {
            outcome = "running";
            waitingOn = waitingOn(instance.getId());
        } else if (HistoricProcessInstance.STATE_COMPLETED.equals(instance.getState())) {
            outcome = OUTCOMES.getOrDefault(instance.getEndActivityId(), "ended at " + instance.getEndActivityId());
        } else {
            outcome = "cancelled";
        }
        return new RunRecord.RunSummary(instance.getId(), text(variables.get(ProcessVariables.TARGET)),
                text(variables.get(ProcessVariables.CHANGE_REFERENCE)), instance.getStartUserId(),
                instant(instance.getStartTime()), instant(instance.getEndTime()), outcome, waitingOn, downtime(variables).millis());
    }

    private String waitingOn(String processInstanceId) {
        List<String> waiting = new ArrayList<>();
        for (var task : tasks.createTaskQuery().processInstanceId(processInstanceId).list()) {
            String groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                    .map(IdentityLink::getGroupId).filter(g -> g != null).collect(Collectors.joining(", "));
            String who = task.getAssignee() != null ? task.getAssignee() : groups;
            waiting.add(who + " (" + task.getName() + ")");
        }
        history.createHistoricIncidentQuery().processInstanceId(processInstanceId).open().list()
                .forEach(incident -> waiting.add("an operator to resolve an incident at " + incident.getActivityId()));
        return String.join("; ", waiting);
    }

    private List<RunRecord.TimelineEntry> timeline(String id, List<HistoricVariableUpdate> updates) {
        Map<String, HistoricTaskInstance> tasksById = history.createHistoricTaskInstanceQuery().processInstanceId(id)
                .list().stream().collect(Collectors.toMap(HistoricTaskInstance::getId, t -> t));
        Map<String, String> completers = history.createUserOperationLogQuery().processInstanceId(id)
                .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
                .filter(entry -> entry.getTaskId() != null && entry.getUserId() != null)
                .collect(Collectors.toMap(UserOperationLogEntry::getTaskId, UserOperationLogEntry::getUserId, (a, b) -> a));
        List<RunRecord.TimelineEntry> timeline = new ArrayList<>();
        for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery().processInstanceId(id)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list()) {
            boolean userTask = "userTask".equals(activity.getActivityType());
            if (!userTask && !"serviceTask".equals(activity.getActivityType())) {
                continue;
            }
            String completedBy = null;
            Map<String, String> decision = Map.of();
            if (userTask && activity.getTaskId() != null) {
                HistoricTaskInstance task = tasksById.get(activity.getTaskId());
                completedBy = completers.getOrDefault(activity.getTaskId(), task == null ? null : task.getAssignee());
                decision = decision(activity, updates);
            }
            timeline.add(new RunRecord.TimelineEntry(activity.getActivityId(), activity.getActivityName(),
                    userTask ? "user task" : "step", instant(activity.getStartTime()), instant(activity.getEndTime()),
                    activity.getDurationInMillis(), completedBy, decision));
        }
        return timeline;
    }

    /** The values a task's form set: the last update of each of its fields up to the moment it ended. */
    private Map<String, String> decision(HistoricActivityInstance activity, List<HistoricVariableUpdate> updates) {
        if (activity.getEndTime() == null) {
            return Map.of();
        }
        List<String> fields = activity.getActivityId().startsWith("Task_Decide") ? List.of("failureDecision", "failureComment")
                : activity.getActivityId().startsWith("Task_Review") ? List.of("overrunComment")
                : DECISIONS.getOrDefault(activity.getActivityId(), List.of());
        long from = activity.getStartTime().getTime();
        long until = activity.getEndTime().getTime() + 1000;
        Map<String, String> decision = new LinkedHashMap<>();
        for (String field : fields) {
            updates.stream()
                    .filter(u -> u.getVariableName().equals(field) && u.getTime().getTime() >= from && u.getTime().getTime() <= until)
                    .max(Comparator.comparing(HistoricDetail::getTime))
                    .ifPresent(u -> decision.put(field, String.valueOf(u.getValue())));
        }
        return decision;
    }

    private List<RunRecord.StepEntry> steps(String id, List<HistoricVariableUpdate> updates) {
        Map<String, List<String>> failures = new HashMap<>();
        history.createHistoricJobLogQuery().processInstanceId(id).failureLog().list().forEach(log ->
                failures.computeIfAbsent(log.getActivityId(), k -> new ArrayList<>())
                        .add("job failed at " + instant(log.getTimestamp()) + ": " + log.getJobExceptionMessage()));
        history.createHistoricIncidentQuery().processInstanceId(id).list().forEach(incident ->
                failures.computeIfAbsent(incident.getActivityId(), k -> new ArrayList<>())
                        .add("incident at " + instant(incident.getCreateTime()) + (incident.isOpen() ? " (open)" : " (resolved)")
                                + ": " + incident.getIncidentMessage()));
        List<StepRecord> records = updates.stream()
                .filter(u -> u.getVariableName().startsWith(ProcessVariables.STEP_RECORD_PREFIX))
                .map(u -> readRecord((byte[]) u.getValue()))
                .sorted(Comparator.comparingLong(StepRecord::sequence)).toList();
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

    private List<RunRecord.Backup> backups(Map<String, Object> variables) {
        List<RunRecord.Backup> backups = new ArrayList<>();
        if (variables.get(ProcessVariables.DB_BACKUP_PATH) != null) {
            backups.add(new RunRecord.Backup("database " + text(variables.get(ProcessVariables.TARGET)), "mysqldump",
                    text(variables.get(ProcessVariables.DB_BACKUP_PATH)),
                    ((Number) variables.getOrDefault(ProcessVariables.DB_BACKUP_SIZE, 0L)).longValue(),
                    text(variables.get(ProcessVariables.DB_BACKUP_SHA256))));
        }
        String config = text(variables.get(ProcessVariables.CONFIG_BACKUPS));
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
     * app's first answer, or, once a rollback started the old app again, to the old app's answer.
     */
    private static RunRecord.Downtime downtime(Map<String, Object> variables) {
        Long stopped = (Long) variables.get(ProcessVariables.OLD_SERVICE_STOPPED_AT);
        Long restored = (Long) variables.get(ProcessVariables.OLD_SERVICE_RESTORED_AT);
        Long answered = restored != null ? restored : (Long) variables.get(ProcessVariables.NEW_SERVICE_ANSWERED_AT);
        if (stopped == null) {
            return new RunRecord.Downtime(null, null, "", null);
        }
        if (answered == null) {
            return new RunRecord.Downtime(Instant.ofEpochMilli(stopped), null, "", null);
        }
        return new RunRecord.Downtime(Instant.ofEpochMilli(stopped), Instant.ofEpochMilli(answered),
                restored != null ? "old service (after the rollback)" : "new service", answered - stopped);
    }

    private static RunRecord.Rollback rollback(List<RunRecord.StepEntry> steps, Map<String, Object> variables) {
        List<String> undone = steps.stream().filter(s -> "undo".equals(s.kind()))
                .map(s -> s.name() + " (" + s.outcome() + ")").toList();
        boolean happened = variables.containsKey(ProcessVariables.ROLLBACK_CHECK_PASSED) || !undone.isEmpty();
        return new RunRecord.Rollback(happened, undone, (Boolean) variables.get(ProcessVariables.ROLLBACK_CHECK_PASSED),
                text(variables.get(ProcessVariables.ROLLBACK_CHECK_REPORT)));
    }

    private Map<String, Object> variables(String id) {
        Map<String, Object> variables = new HashMap<>();
        for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery().processInstanceId(id)
                .disableCustomObjectDeserialization().list()) {
            if (variable.getValue() != null) {
                variables.put(variable.getName(), variable.getValue());
            }
        }
        return variables;
    }

    private List<HistoricVariableUpdate> variableUpdates(String id) {
        return history.createHistoricDetailQuery().processInstanceId(id).variableUpdates()
                .disableCustomObjectDeserialization().list().stream()
                .map(detail -> (HistoricVariableUpdate) detail).toList();
    }

    private StepRecord readRecord(byte[] bytes) {
        try {
            return json.readValue(bytes, StepRecord.class);
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
