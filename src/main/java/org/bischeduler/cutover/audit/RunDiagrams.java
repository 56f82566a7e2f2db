package org.bischeduler.cutover.audit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Draws a run's diagram from the model it ran on and the engine's history of it. */
@Component
class RunDiagrams {

    private final RepositoryService repository;
    private final HistoryService history;

    RunDiagrams(RepositoryService repository, HistoryService history) {
        this.repository = repository;
        this.history = history;
    }

    RunDiagram draw(RunRecord record) {
        String id = record.summary().id();
        HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
        List<RunDiagram.Visit> visits = history.createHistoricActivityInstanceQuery().processInstanceId(id)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
                .map(a -> new RunDiagram.Visit(a.getActivityId(), a.getStartTime().toInstant(),
                        a.getEndTime() == null ? null : a.getEndTime().toInstant()))
                .toList();
        return RunDiagram.of(repository.getBpmnModelInstance(instance.getProcessDefinitionId()), visits, failed(record, id),
                instance.getEndTime() == null);
    }

    /** Steps whose latest run failed, and where an incident is open. */
    private Set<String> failed(RunRecord record, String id) {
        Map<String, String> latest = new LinkedHashMap<>();
        record.steps().forEach(step -> latest.put(step.activityId(), step.outcome()));
        Set<String> failed = new HashSet<>();
        latest.forEach((activity, outcome) -> {
            if (outcome.equals("failed")) {
                failed.add(activity);
            }
        });
        history.createHistoricIncidentQuery().processInstanceId(id).open().list()
                .forEach(incident -> failed.add(incident.getActivityId()));
        return failed;
    }
}
