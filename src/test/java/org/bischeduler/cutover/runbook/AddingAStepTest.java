package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a step is its script, its class, one line of the declaration and one box in the model (the
 * README's "Adding a step"). This adds a read-only step after the database backup as that section
 * says: the model check names the missing box, and agrees once the box is drawn.
 */
class AddingAStepTest {

    private static final String NEW_STEP = "Task_CheckDiskSpace";

    @Test
    void aDeclaredStepIsHeldToTheModelUntilItsBoxIsDrawn() {
        List<Runbook.Phase> declared = withNewStepAfter("Task_BackupDatabase");
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("processes/decommission-port-reuse.bpmn"));

        assertThat(RunbookModelCheck.differences(model, declared)).containsExactly("SubProcess_Decommission runs "
                + "[Task_BackupDatabase, Task_DisableAutoStart, Task_ArmNewService, Task_StopOldService], the runbook declares "
                + "[Task_BackupDatabase, Task_CheckDiskSpace, Task_DisableAutoStart, Task_ArmNewService, Task_StopOldService]",
                "no step box (call activity) Task_CheckDiskSpace");

        drawBoxAfter(model, "Task_BackupDatabase");

        assertThat(RunbookModelCheck.differences(model, declared)).isEmpty();
        Bpmn.validateModel(model);
        assertThat(Runbook.beanOf(NEW_STEP)).as("the bean its class is named").isEqualTo("checkDiskSpace");
    }

    @Test
    void aBoxTheDeclarationDoesNotNameIsReported() {
        BpmnModelInstance model = Bpmn.readModelFromFile(new File("processes/decommission-port-reuse.bpmn"));

        drawBoxAfter(model, "Task_BackupDatabase");

        assertThat(RunbookModelCheck.differences(model)).contains(NEW_STEP + " is not declared in the runbook");
    }

    /** The runbook's declaration with one more line: the new step, no undo, after the given step. */
    private static List<Runbook.Phase> withNewStepAfter(String before) {
        List<Runbook.Phase> phases = new ArrayList<>();
        for (Runbook.Phase phase : Runbook.PHASES) {
            List<Runbook.Step> steps = new ArrayList<>();
            for (Runbook.Step step : phase.steps()) {
                steps.add(step);
                if (step.activityId().equals(before)) {
                    steps.add(new Runbook.Step(NEW_STEP, Optional.empty()));
                }
            }
            phases.add(new Runbook.Phase(phase.subProcessId(), List.copyOf(steps)));
        }
        return phases;
    }

    /** What a person does in Modeler: a call activity of the step process, put on the flow that leaves the given step. */
    private static void drawBoxAfter(BpmnModelInstance model, String before) {
        FlowNode previous = model.getModelElementById(before);
        SequenceFlow flow = previous.getOutgoing().iterator().next();
        FlowNode next = flow.getTarget();
        CallActivity box = model.newInstance(CallActivity.class);
        box.setId(NEW_STEP);
        box.setName("Check disk space");
        box.setCalledElement(StepProcess.KEY);
        box.setCamundaCalledElementBinding("deployment");
        previous.getParentElement().addChildElement(box);
        SequenceFlow onward = model.newInstance(SequenceFlow.class);
        onward.setId("Flow_ToDisableAutoStartAfterCheck");
        previous.getParentElement().addChildElement(onward);
        next.getIncoming().remove(flow);
        flow.setTarget(box);
        box.getIncoming().add(flow);
        onward.setSource(box);
        onward.setTarget(next);
        box.getOutgoing().add(onward);
        next.getIncoming().add(onward);
    }
}
