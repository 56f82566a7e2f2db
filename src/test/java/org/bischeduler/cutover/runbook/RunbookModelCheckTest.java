package org.bischeduler.cutover.runbook;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Association;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/** The model in processes/ and the runbook declaration agree, and the check notices when they do not. */
class RunbookModelCheckTest {

    private static BpmnModelInstance model() {
        return Bpmn.readModelFromFile(new File("processes/decommission-port-reuse.bpmn"));
    }

    private static BpmnModelInstance stepProcess() {
        return Bpmn.readModelFromFile(new File("processes/run-step.bpmn"));
    }

    @Test
    void theModelRunsExactlyTheDeclaredStepsWithTheirUndos() {
        assertThat(RunbookModelCheck.differences(model())).isEmpty();
    }

    @Test
    void aModelMissingOneStepAndItsUndoIsReported() {
        BpmnModelInstance model = model();
        ServiceTask undo = model.getModelElementById("Task_StartOldService");
        for (Association association : model.getModelElementsByType(Association.class)) {
            if (association.getTarget() == undo) {
                remove(association.getSource());
                remove(association);
            }
        }
        remove(undo);

        assertThat(RunbookModelCheck.differences(model))
                .contains("Task_StopOldService is undone by nothing, the runbook declares Task_StartOldService",
                        "no service task Task_StartOldService");
    }

    @Test
    void anUndeclaredUndoAndAMiswiredStepBoxAreReported() {
        BpmnModelInstance model = model();
        CallActivity backup = model.getModelElementById("Task_BackupDatabase");
        backup.setCalledElement("Process_DecommissionPortReuse");
        ServiceTask extra = model.newInstance(ServiceTask.class);
        extra.setId("Task_DropDatabase");
        extra.setCamundaDelegateExpression("${dropDatabase}");
        extra.setForCompensation(true);
        backup.getParentElement().addChildElement(extra);
        BoundaryEvent compensation = model.newInstance(BoundaryEvent.class);
        compensation.setId("BoundaryEvent_CompensateBackupDatabase");
        compensation.setAttachedTo(backup);
        compensation.getEventDefinitions().add(model.newInstance(CompensateEventDefinition.class));
        backup.getParentElement().addChildElement(compensation);
        Association association = model.newInstance(Association.class);
        association.setId("Association_DropDatabase");
        association.setSource(compensation);
        association.setTarget(extra);
        model.getModelElementById("Process_DecommissionPortReuse").addChildElement(association);

        assertThat(RunbookModelCheck.differences(model)).contains(
                "Task_BackupDatabase calls Process_DecommissionPortReuse (binding deployment), expected Process_RunStep from its own deployment",
                "Task_BackupDatabase is undone by Task_DropDatabase, the runbook declares nothing",
                "Task_DropDatabase is not declared in the runbook");
    }

    @Test
    void aPhaseThatCannotLeaveForTheRollbackIsReported() {
        BpmnModelInstance model = model();
        remove(model.getModelElementById("SubProcess_DeploymentRollBackChosen"));

        assertThat(RunbookModelCheck.differences(model)).containsExactly("SubProcess_Deployment has no event subprocess that catches "
                + "Error_RollBack and leaves the phase for the rollback");
    }

    @Test
    void theStepProcessRunsTheStepAndHandsItsFailureToTheOperator() {
        assertThat(RunbookModelCheck.stepProcessDifferences(stepProcess())).isEmpty();

        BpmnModelInstance withoutDecision = stepProcess();
        remove(withoutDecision.getModelElementById("BoundaryEvent_StepFailed"));
        assertThat(RunbookModelCheck.stepProcessDifferences(withoutDecision))
                .containsExactly("Process_RunStep hands no Error_StepFailed to the operator");

        BpmnModelInstance otherBean = stepProcess();
        ((ServiceTask) otherBean.getModelElementById("Task_RunStep")).setCamundaDelegateExpression("${stopOldService}");
        assertThat(RunbookModelCheck.stepProcessDifferences(otherBean))
                .containsExactly("Process_RunStep must have one service task, calling ${runStep}");
    }

    @Test
    void theFullRollbackUndoesEveryChangeNewestFirstAndStartsTheOldAppBeforeNginxIsRestored() {
        assertThat(Runbook.fullRollback()).containsExactly("Task_MakeRedirectTemporary", "Task_RemoveMonitoring", "Task_RestoreOldApp",
                "Task_StopNewService", "Task_StartOldService", "Task_DisarmNewService", "Task_RestoreAutoStart",
                "Task_RestoreNginxConfig", "Task_RemoveServiceUnit");
        assertThat(Runbook.beanOf("Task_StopOldService")).isEqualTo("stopOldService");
    }

    private static void remove(ModelElementInstance element) {
        element.getParentElement().removeChildElement(element);
    }
}
