package org.bischeduler.cutover.runbook;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Not part of the suite: {@code scripts/write-model.sh} runs it to put the steps that
 * {@code Runbook.java} declares and the model lacks into {@code processes/decommission-port-reuse.bpmn}.
 */
class WriteModelFromRunbook {

    @Test
    void writeTheDeclaredStepsIntoTheModel() {
        BpmnModelInstance model = Bpmn.readModelFromFile(RunbookModelWriterTest.MODEL.toFile());
        List<String> inserted = new RunbookModelWriter(model).insertMissing(Runbook.PHASES);
        if (inserted.isEmpty()) {
            System.out.println("the model has every step the runbook declares; nothing written");
            return;
        }
        Bpmn.writeModelToFile(RunbookModelWriterTest.MODEL.toFile(), model);
        System.out.println("written into " + RunbookModelWriterTest.MODEL + ": " + inserted
                + " (check the layout in Camunda Modeler; the model check and the linter run with the tests)");
    }
}
