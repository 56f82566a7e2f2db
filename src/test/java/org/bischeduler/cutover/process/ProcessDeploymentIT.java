package org.bischeduler.cutover.process;

import org.bischeduler.cutover.access.FormDeploymentCheck;
import org.bischeduler.cutover.run.ProcessVariables;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** At start-up the process and every form it references are deployed, and every delegate exists. */
@SpringBootTest
@ActiveProfiles("processtest")
class ProcessDeploymentIT {

    @Autowired
    RepositoryService repository;
    @Autowired
    FormDeploymentCheck forms;
    @Autowired
    ApplicationContext context;
    @Autowired
    IdentityService identity;
    @Autowired
    ProcessEngine engine;

    @Test
    void processAndEveryReferencedFormAreDeployed() {
        ProcessDefinition definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).latestVersion().singleResult();

        assertThat(definition).isNotNull();
        assertThat(definition.getHistoryTimeToLive()).isEqualTo(180);
        assertThat(forms.missingForms()).isEmpty();
        assertThat(repository.getDeploymentResourceNames(definition.getDeploymentId()))
                .filteredOn(name -> name.endsWith(".form")).hasSize(13);
    }

    @Test
    void everyServiceTaskNamesADelegateBeanThatExists() {
        ProcessDefinition definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).latestVersion().singleResult();
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());

        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            String expression = task.getCamundaDelegateExpression();
            assertThat(expression).as(task.getId()).matches("\\$\\{[a-zA-Z]+}");
            assertThat(context.containsBean(expression.substring(2, expression.length() - 1))).as(expression).isTrue();
        }
        assertThat(model.getModelElementsByType(FlowNode.class)).allSatisfy(element ->
                assertThat(element.getName()).as("label of " + element.getId()).isNotBlank());
    }

    @Test
    void groupsExistAndNoDemoUserIsCreated() {
        assertThat(identity.createGroupQuery().groupIdIn("ops", "managers", "auditors").count()).isEqualTo(3);
        assertThat(identity.createUserQuery().userId("demo").count()).isZero();
        assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").count()).isEqualTo(1);
        assertThat(engine.getProcessEngineConfiguration().isAuthorizationEnabled()).isTrue();
    }
}
