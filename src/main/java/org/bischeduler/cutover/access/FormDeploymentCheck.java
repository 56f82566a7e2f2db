package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses to run with a process whose start event or user task references a Camunda Form that
 * was not deployed with it: Tasklist would show an empty task instead.
 */
@Component
public class FormDeploymentCheck {

    private final RepositoryService repository;
    private final ObjectMapper json;

    FormDeploymentCheck(RepositoryService repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @EventListener
    public void onDeployed(ApplicationStartedEvent event) {
        Set<String> missing = missingForms();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("forms referenced by the process but not deployed: " + missing
                    + "; check camunda.bpm.deployment-resource-pattern includes processes/*.form");
        }
    }

    /** Every form id a latest process definition references that its deployment does not hold. */
    public Set<String> missingForms() {
        Set<String> missing = new TreeSet<>();
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            Set<String> deployed = deployedFormIds(definition.getDeploymentId());
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            Set<String> referenced = new HashSet<>();
            model.getModelElementsByType(StartEvent.class).forEach(e -> addIfPresent(referenced, e.getCamundaFormRef()));
            model.getModelElementsByType(UserTask.class).forEach(t -> addIfPresent(referenced, t.getCamundaFormRef()));
            referenced.stream().filter(id -> !deployed.contains(id)).forEach(missing::add);
        }
        return missing;
    }

    private Set<String> deployedFormIds(String deploymentId) {
        Set<String> ids = new HashSet<>();
        for (String name : repository.getDeploymentResourceNames(deploymentId)) {
            if (name.endsWith(".form")) {
                try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
                    JsonNode id = json.readTree(in).get("id");
                    if (id != null) {
                        ids.add(id.asText());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("deployed form " + name + " cannot be read", e);
                }
            }
        }
        return ids;
    }

    private static void addIfPresent(Set<String> into, String value) {
        if (value != null && !value.isBlank()) {
            into.add(value);
        }
    }
}
