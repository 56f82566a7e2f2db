package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Association;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Holds the BPMN models to the {@link Runbook} declaration: each phase calls the step process for
 * the declared steps in the declared order, each step with an undo has exactly that compensation
 * handler and no other, a phase leaves for the rollback when the operator chooses it in a step, the
 * rollback undoes the phases newest first, and the model has no step the runbook does not declare.
 * The step process runs the step, hands its failure to the operator and ends with
 * {@code Error_RollBack} when they choose to roll back. The app refuses to start with a deployed
 * model that differs.
 */
@Component
public class RunbookModelCheck {

    static final String STEP_FAILED = "Error_StepFailed";
    static final String ROLL_BACK = "Error_RollBack";

    private final RepositoryService repository;

    RunbookModelCheck(RepositoryService repository) {
        this.repository = repository;
    }

    @EventListener
    public void onDeployed(ApplicationStartedEvent event) {
        List<String> differences = new ArrayList<>(differences(latest(ProcessVariables.PROCESS_KEY)));
        differences.addAll(stepProcessDifferences(latest(StepProcess.KEY)));
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the deployed cutover model differs from the runbook declaration (Runbook.java): "
                    + String.join("; ", differences));
        }
    }

    private BpmnModelInstance latest(String key) {
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        if (definition == null) {
            throw new IllegalStateException("no process " + key + " is deployed");
        }
        return repository.getBpmnModelInstance(definition.getId());
    }

    /** Every way the cutover model differs from the declaration; empty when they agree. */
    public static List<String> differences(BpmnModelInstance model) {
        return differences(model, Runbook.PHASES);
    }

    /** Every way the cutover model differs from these phases (the runbook's, or a test's variant of them). */
    public static List<String> differences(BpmnModelInstance model, List<Runbook.Phase> phases) {
        List<String> differences = new ArrayList<>();
        Set<String> declared = new HashSet<>(Runbook.CHECKS);
        for (Runbook.Phase phase : phases) {
            SubProcess subProcess = model.getModelElementById(phase.subProcessId());
            if (subProcess == null) {
                differences.add("no subprocess " + phase.subProcessId());
                continue;
            }
            List<String> expected = phase.steps().stream().map(Runbook.Step::activityId).toList();
            List<String> runs = stepsInOrder(subProcess);
            if (!runs.equals(expected)) {
                differences.add(phase.subProcessId() + " runs " + runs + ", the runbook declares " + expected);
            }
            if (!leavesForRollback(subProcess)) {
                differences.add(phase.subProcessId() + " has no event subprocess that catches " + ROLL_BACK
                        + " and leaves the phase for the rollback");
            }
            for (Runbook.Step step : phase.steps()) {
                declared.add(step.activityId());
                step.undoActivityId().ifPresent(declared::add);
                checkStep(model, step, differences);
            }
        }
        for (String check : Runbook.CHECKS) {
            checkDelegate(model.getModelElementById(check), check, differences);
        }
        for (String rollbackStep : Runbook.ROLLBACK_STEPS) {
            declared.add(rollbackStep);
            checkDelegate(model.getModelElementById(rollbackStep), rollbackStep, differences);
        }
        checkUndoOrder(model, phases, differences);
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            if (!declared.contains(task.getId())) {
                differences.add(task.getId() + " is not declared in the runbook");
            }
        }
        for (CallActivity box : model.getModelElementsByType(CallActivity.class)) {
            if (!declared.contains(box.getId())) {
                differences.add(box.getId() + " is not declared in the runbook");
            }
        }
        return differences;
    }

    /**
     * Every way the step process differs from what the step boxes rely on: its one service task runs
     * the step that called it, a failure goes to the operator, and "roll back" ends it with
     * {@code Error_RollBack}.
     */
    public static List<String> stepProcessDifferences(BpmnModelInstance model) {
        List<String> differences = new ArrayList<>();
        List<ServiceTask> tasks = List.copyOf(model.getModelElementsByType(ServiceTask.class));
        if (tasks.size() != 1 || !"${runStep}".equals(tasks.get(0).getCamundaDelegateExpression())) {
            differences.add(StepProcess.KEY + " must have one service task, calling ${runStep}");
            return differences;
        }
        ServiceTask task = tasks.get(0);
        if (!catches(model, task, STEP_FAILED)) {
            differences.add(StepProcess.KEY + " hands no " + STEP_FAILED + " to the operator");
        }
        boolean endsForRollback = model.getModelElementsByType(EndEvent.class).stream()
                .anyMatch(end -> end.getEventDefinitions().stream().anyMatch(definition -> isError(definition, ROLL_BACK)));
        if (!endsForRollback) {
            differences.add(StepProcess.KEY + " has no end event that throws " + ROLL_BACK);
        }
        return differences;
    }

    private static void checkStep(BpmnModelInstance model, Runbook.Step step, List<String> differences) {
        ModelElementInstance element = model.getModelElementById(step.activityId());
        if (!(element instanceof CallActivity box)) {
            differences.add("no step box (call activity) " + step.activityId());
            return;
        }
        if (!StepProcess.KEY.equals(box.getCalledElement()) || !"deployment".equals(box.getCamundaCalledElementBinding())) {
            differences.add(step.activityId() + " calls " + box.getCalledElement() + " (binding " + box.getCamundaCalledElementBinding()
                    + "), expected " + StepProcess.KEY + " from its own deployment");
        }
        Optional<String> undo = model.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(boundary -> boundary.getAttachedTo() == box)
                .filter(boundary -> boundary.getEventDefinitions().stream().anyMatch(CompensateEventDefinition.class::isInstance))
                .flatMap(boundary -> model.getModelElementsByType(Association.class).stream()
                        .filter(association -> association.getSource() == boundary))
                .map(association -> association.getTarget().getId()).findFirst();
        if (!undo.equals(step.undoActivityId())) {
            differences.add(step.activityId() + " is undone by " + undo.orElse("nothing") + ", the runbook declares "
                    + step.undoActivityId().orElse("nothing"));
        }
        step.undoActivityId().ifPresent(undoId -> {
            ServiceTask handler = model.getModelElementById(undoId);
            if (checkDelegate(handler, undoId, differences) && !handler.isForCompensation()) {
                differences.add(undoId + " is not marked for compensation");
            }
        });
    }

    /** An interrupting event subprocess of the phase catches the step process's "roll back" and ends the phase. */
    private static boolean leavesForRollback(SubProcess phase) {
        return phase.getChildElementsByType(SubProcess.class).stream().filter(SubProcess::triggeredByEvent)
                .flatMap(handler -> handler.getChildElementsByType(StartEvent.class).stream())
                .anyMatch(start -> start.isInterrupting()
                        && start.getEventDefinitions().stream().anyMatch(definition -> isError(definition, ROLL_BACK)));
    }

    private static boolean catches(BpmnModelInstance model, Activity activity, String errorCode) {
        return model.getModelElementsByType(BoundaryEvent.class).stream().filter(boundary -> boundary.getAttachedTo() == activity)
                .anyMatch(boundary -> boundary.getEventDefinitions().stream().anyMatch(definition -> isError(definition, errorCode)));
    }

    private static boolean isError(EventDefinition definition, String errorCode) {
        return definition instanceof ErrorEventDefinition error && error.getError() != null
                && errorCode.equals(error.getError().getErrorCode());
    }
    /**
     * The rollback states its order instead of leaving it to the engine (which orders compensation
     * by completion time, in milliseconds): after the failed step's undo, one compensation throw per
     * phase, newest phase first; inside a phase with more than one undo, a compensation event
     * subprocess throws for each step, newest first.
     */
    private static void checkUndoOrder(BpmnModelInstance model, List<Runbook.Phase> declaredPhases, List<String> differences) {
        FlowNode first = model.getModelElementById(Runbook.ROLLBACK_STEPS.get(0));
        if (first == null) {
            return;
        }
        List<String> phases = throwChain(first);
        List<String> expected = Runbook.phasesUndoneNewestFirst(declaredPhases);
        if (!phases.equals(expected)) {
            differences.add("the rollback compensates " + phases + " in turn, the runbook declares " + expected);
        }
        for (Runbook.Phase phase : declaredPhases) {
            SubProcess subProcess = model.getModelElementById(phase.subProcessId());
            if (subProcess == null || phase.undoneNewestFirst().size() < 2) {
                continue;
            }
            List<String> undone = subProcess.getChildElementsByType(SubProcess.class).stream()
                    .filter(SubProcess::triggeredByEvent)
                    .flatMap(handler -> handler.getChildElementsByType(StartEvent.class).stream())
                    .filter(start -> start.getEventDefinitions().stream().anyMatch(CompensateEventDefinition.class::isInstance))
                    .findFirst().map(RunbookModelCheck::throwChain).orElse(List.of());
            if (!undone.equals(phase.undoneNewestFirst())) {
                differences.add(phase.subProcessId() + " undoes " + undone + " in turn, the runbook declares " + phase.undoneNewestFirst());
            }
        }
    }

    /** The activities that the compensation throws following {@code from} name, in order. */
    private static List<String> throwChain(FlowNode from) {
        List<String> refs = new ArrayList<>();
        FlowNode node = from.getOutgoing().size() == 1 ? from.getOutgoing().iterator().next().getTarget() : null;
        while (node instanceof IntermediateThrowEvent event && node.getOutgoing().size() <= 1) {
            event.getEventDefinitions().stream().filter(CompensateEventDefinition.class::isInstance)
                    .map(definition -> ((CompensateEventDefinition) definition).getActivity())
                    .forEach(activity -> refs.add(activity == null ? "(every completed step)" : activity.getId()));
            node = node.getOutgoing().isEmpty() ? null : node.getOutgoing().iterator().next().getTarget();
        }
        return refs;
    }

    private static boolean checkDelegate(Object element, String activityId, List<String> differences) {
        if (!(element instanceof ServiceTask task)) {
            differences.add("no service task " + activityId);
            return false;
        }
        String expected = "${" + Runbook.beanOf(activityId) + "}";
        if (!expected.equals(task.getCamundaDelegateExpression())) {
            differences.add(activityId + " calls " + task.getCamundaDelegateExpression() + ", expected " + expected);
        }
        return true;
    }

    /** The step boxes on the path from the phase's start event to its end, in order. */
    private static List<String> stepsInOrder(SubProcess phase) {
        List<String> steps = new ArrayList<>();
        FlowNode node = phase.getChildElementsByType(StartEvent.class).stream().findFirst().orElse(null);
        Set<FlowNode> seen = new HashSet<>();
        while (node != null && !(node instanceof EndEvent) && seen.add(node)) {
            if (node instanceof CallActivity) {
                steps.add(node.getId());
            }
            node = node.getOutgoing().size() == 1 ? node.getOutgoing().iterator().next().getTarget() : null;
        }
        return steps;
    }
}
