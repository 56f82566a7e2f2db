package org.bischeduler.cutover.access;

import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.task.TaskDefinition;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The groups a user task is offered to, as its deployed model declares them. Who may work or
 * decide a task is read from here, never from the task's live candidate links, which people who
 * may work the task can add or remove.
 */
final class ModelTaskGroups {

    private ModelTaskGroups() {
    }

    /** The task's candidate groups in the model of its process definition; empty for a task outside any process. */
    static Set<String> of(CommandContext context, String processDefinitionId, String taskDefinitionKey) {
        if (processDefinitionId == null || taskDefinitionKey == null) {
            return Set.of();
        }
        ProcessDefinitionEntity definition = context.getProcessEngineConfiguration().getDeploymentCache()
                .findDeployedProcessDefinitionById(processDefinitionId);
        TaskDefinition task = definition.getTaskDefinitions().get(taskDefinitionKey);
        if (task == null) {
            return Set.of();
        }
        return task.getCandidateGroupIdExpressions().stream().map(Expression::getExpressionText)
                .flatMap(text -> java.util.Arrays.stream(text.split(","))).map(String::strip)
                .filter(group -> !group.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
