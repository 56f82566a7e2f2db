package org.bischeduler.cutover.runbook;

import org.camunda.bpm.model.bpmn.AssociationDirection;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Association;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the steps the runbook declares into the model where they are missing, with the wiring every
 * phase step has (its entry gateway that the retry comes back through, its Error_StepFailed
 * boundary to the phase's decision, for an undo its compensation boundary, handler and association
 * and its throw in the phase's "undo steps, newest first" subprocess) and a layout in the
 * diagram's style: the phase is widened by one step and everything right of the new step moves
 * along, except the rollback lane below. A step goes after the step the declaration puts before it,
 * in a phase that already has its "Step failed" and "Which step?" gateways.
 */
final class RunbookModelWriter {

    private static final double STEP = 250;
    private static final double THROW_STEP = 110;
    /** Shapes below this belong to the rollback lane, which keeps its place. */
    private static final double LANE_TOP = 990;

    private final BpmnModelInstance model;
    private final BpmnPlane plane;

    RunbookModelWriter(BpmnModelInstance model) {
        this.model = model;
        this.plane = model.getModelElementsByType(BpmnPlane.class).iterator().next();
    }

    /** Inserts every declared step the model lacks; returns their activity ids. */
    List<String> insertMissing(List<Runbook.Phase> phases) {
        List<String> inserted = new ArrayList<>();
        for (Runbook.Phase phase : phases) {
            for (int i = 0; i < phase.steps().size(); i++) {
                Runbook.Step step = phase.steps().get(i);
                if (model.getModelElementById(step.activityId()) == null) {
                    if (i == 0) {
                        throw new IllegalStateException(step.activityId() + " is the first step of " + phase.subProcessId()
                                + ": place a phase's first step in Modeler");
                    }
                    insert(phase, phase.steps().get(i - 1), step);
                    inserted.add(step.activityId());
                }
            }
        }
        return inserted;
    }

    private void insert(Runbook.Phase phase, Runbook.Step previous, Runbook.Step step) {
        SubProcess subProcess = model.getModelElementById(phase.subProcessId());
        String phaseName = phase.subProcessId().substring("SubProcess_".length());
        ServiceTask before = required(subProcess, previous.activityId());
        SequenceFlow out = before.getOutgoing().iterator().next();
        Bounds at = shape(before).getBounds();
        double x = at.getX();
        double y = at.getY();
        shiftRightOf(x + 150, STEP);
        Bounds phaseBounds = shape(subProcess).getBounds();
        phaseBounds.setWidth(phaseBounds.getWidth() + STEP);
        if (model.getModelElementById("Gateway_" + phaseName + "StepFailed") == null) {
            stepGateways(subProcess, phaseName, phase.steps().get(0));
        }
        ExclusiveGateway failed = required(subProcess, "Gateway_" + phaseName + "StepFailed");
        ExclusiveGateway retry = required(subProcess, "Gateway_" + phaseName + "RetryStep");

        String name = step.activityId().substring("Task_".length());
        String label = words(name);
        ExclusiveGateway entry = add(subProcess, ExclusiveGateway.class, "Gateway_Enter" + name);
        entry.setName("Run " + label.toLowerCase(java.util.Locale.ROOT));
        ServiceTask task = add(subProcess, ServiceTask.class, step.activityId());
        task.setName(label);
        task.setCamundaDelegateExpression("${" + step.bean() + "}");
        BoundaryEvent failure = add(subProcess, BoundaryEvent.class, "BoundaryEvent_" + name + "Failed");
        failure.setName(label + " failed");
        failure.setAttachedTo(task);
        ErrorEventDefinition error = model.newInstance(ErrorEventDefinition.class);
        error.setError(model.getModelElementById(RunbookStep.ERROR_STEP_FAILED));
        failure.getEventDefinitions().add(error);

        // before → entry → task → what came after before
        FlowNode next = out.getTarget();
        flow(subProcess, "Flow_To" + name + "Entry", before, entry, List.of(x + 100, y + 40, x + 165, y + 40), null);
        flow(subProcess, "Flow_To" + name, entry, task, List.of(x + 215, y + 40, x + 250, y + 40), null);
        before.getOutgoing().remove(out);
        out.setSource(task);
        task.getOutgoing().add(out);
        Bounds target = shape(next).getBounds();
        setWaypoints(edge(out), List.of(x + 350, y + 40, target.getX(), y + 40));

        double failureY = lowestTurn(failed, true) + 6;
        flow(subProcess, "Flow_" + name + "Failed", failure, failed, List.of(x + 280, y - 18, x + 280, failureY,
                centre(failed), failureY, centre(failed), shape(failed).getBounds().getY() + 50), null);
        double retryY = lowestTurn(retry, false) + 6;
        SequenceFlow back = flow(subProcess, "Flow_Retry" + name, retry, entry, List.of(centre(retry),
                shape(retry).getBounds().getY() + 50, centre(retry), retryY, x + 190, retryY, x + 190, y + 15), "retry");
        ConditionExpression condition = model.newInstance(ConditionExpression.class);
        condition.setTextContent("${failedStep == '" + step.activityId() + "'}");
        back.setConditionExpression(condition);

        label(shapeOf(entry, x + 165, y + 15, 50, 50, true), x + 145, y + 69, 90, 27);
        shapeOf(task, x + 250, y, 100, 80, false);
        label(shapeOf(failure, x + 262, y - 18, 36, 36, false), x + 300, y - 50, 90, 27);
        step.undoActivityId().ifPresent(undo -> insertUndo(phase, subProcess, task, name, undo, x + 250, y));
    }

    private void insertUndo(Runbook.Phase phase, SubProcess subProcess, ServiceTask task, String name, String undoId,
                            double x, double y) {
        BoundaryEvent compensate = add(subProcess, BoundaryEvent.class, "BoundaryEvent_Compensate" + name);
        compensate.setName("Undo " + words(name).toLowerCase(java.util.Locale.ROOT));
        compensate.setAttachedTo(task);
        compensate.getEventDefinitions().add(model.newInstance(CompensateEventDefinition.class));
        ServiceTask handler = add(subProcess, ServiceTask.class, undoId);
        handler.setName(words(undoId.substring("Task_".length())));
        handler.setCamundaDelegateExpression("${" + Runbook.beanOf(undoId) + "}");
        handler.setForCompensation(true);
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        Association association = model.newInstance(Association.class);
        association.setId("Association_" + undoId.substring("Task_".length()));
        association.setSource(compensate);
        association.setTarget(handler);
        association.setAssociationDirection(AssociationDirection.One);
        process.addChildElement(association);
        label(shapeOf(compensate, x + 62, y + 62, 36, 36, false), x - 5, y + 98, 80, 27);
        shapeOf(handler, x, y + 130, 100, 80, false);
        BpmnEdge edge = model.newInstance(BpmnEdge.class);
        edge.setId(association.getId() + "_di");
        edge.setBpmnElement(association);
        setWaypoints(edge, List.of(x + 80, y + 98, x + 80, y + 130));
        plane.addChildElement(edge);

        List<String> order = phase.undoneNewestFirst();
        if (order.size() >= 2) {
            throwInUndoSubProcess(subProcess, order, task);
        }
    }

    /** The step's compensation throw, in its place in the phase's "undo steps, newest first" chain. */
    private void throwInUndoSubProcess(SubProcess phase, List<String> order, ServiceTask task) {
        SubProcess undo = phase.getChildElementsByType(SubProcess.class).stream().filter(SubProcess::triggeredByEvent)
                .findFirst().orElse(null);
        if (undo == null) {
            undoSubProcess(phase, order);
            return;
        }
        int position = order.indexOf(task.getId());
        FlowNode before = position == 0 ? undo.getChildElementsByType(StartEvent.class).iterator().next()
                : undo.getChildElementsByType(IntermediateThrowEvent.class).stream()
                .filter(t -> t.getEventDefinitions().stream().anyMatch(d -> d instanceof CompensateEventDefinition c
                        && c.getActivity() != null && c.getActivity().getId().equals(order.get(position - 1))))
                .findFirst().orElseThrow();
        SequenceFlow out = before.getOutgoing().iterator().next();
        Bounds at = shape(before).getBounds();
        // the chain after the new throw moves along, and the subprocess grows by one throw
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (shape.getBpmnElement() instanceof FlowNode node && node.getParentElement() == undo
                    && shape.getBounds().getX() > at.getX()) {
                move(shape, THROW_STEP);
            }
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (edge.getBpmnElement() instanceof SequenceFlow flow && flow.getParentElement() == undo) {
                edge.getWaypoints().stream().filter(point -> point.getX() > at.getX() + 36)
                        .forEach(point -> point.setX(point.getX() + THROW_STEP));
            }
        }
        Bounds undoBounds = shape(undo).getBounds();
        undoBounds.setWidth(undoBounds.getWidth() + THROW_STEP);
        String name = task.getId().substring("Task_".length());
        IntermediateThrowEvent event = add(undo, IntermediateThrowEvent.class, "IntermediateThrowEvent_Undo" + name);
        event.setName("Undo " + words(name).toLowerCase(java.util.Locale.ROOT));
        CompensateEventDefinition definition = model.newInstance(CompensateEventDefinition.class);
        definition.setActivity(task);
        definition.setWaitForCompletion(true);
        event.getEventDefinitions().add(definition);
        double x = at.getX() + THROW_STEP;
        double y = at.getY();
        FlowNode next = out.getTarget();
        before.getOutgoing().remove(out);
        out.setSource(event);
        event.getOutgoing().add(out);
        setWaypoints(edge(out), List.of(x + 36, y + 18, shape(next).getBounds().getX(), y + 18));
        flow(undo, "Flow_AfterUndo" + before.getId().replaceFirst("^[A-Za-z]+_(Undo)?", "") + "To" + name, before, event,
                List.of(at.getX() + 36, y + 18, x, y + 18), null);
        BpmnShape shape = shapeOf(event, x, y, 36, 36, false);
        label(shape, x - 27, y + 40, 90, 27);
    }

    /**
     * A phase with one step sends its failure straight to the decision and its retry straight back
     * to the step; with a second step both go through gateways: "Step failed" gathers the failures
     * in front of the decision, "Which step?" sends the retry back to the step that failed.
     */
    private void stepGateways(SubProcess phase, String phaseName, Runbook.Step only) {
        org.camunda.bpm.model.bpmn.instance.UserTask decide = required(phase, "Task_Decide" + phaseName + "Failure");
        ExclusiveGateway decision = required(phase, "Gateway_" + phaseName + "FailureDecision");
        Bounds task = shape(decide).getBounds();
        Bounds choice = shape(decision).getBounds();
        ExclusiveGateway failed = add(phase, ExclusiveGateway.class, "Gateway_" + phaseName + "StepFailed");
        failed.setName("Step failed");
        double fx = task.getX() - 90;
        double gy = choice.getY();
        label(shapeOf(failed, fx, gy, 50, 50, true), fx - 20, gy - 30, 90, 14);
        for (SequenceFlow failure : new ArrayList<>(decide.getIncoming())) {
            decide.getIncoming().remove(failure);
            failure.setTarget(failed);
            failed.getIncoming().add(failure);
            List<Waypoint> points = new ArrayList<>(edge(failure).getWaypoints());
            double turn = points.size() >= 3 ? points.get(1).getY() : task.getY() + task.getHeight() + 25;
            setWaypoints(edge(failure), List.of(points.get(0).getX(), points.get(0).getY(), points.get(0).getX(), turn,
                    fx + 25, turn, fx + 25, gy + 50));
        }
        flow(phase, "Flow_" + phaseName + "ToDecision", failed, decide, List.of(fx + 50, gy + 25, task.getX(), gy + 25), null);
        SequenceFlow retry = decision.getOutgoing().stream().filter(flow -> flow.getConditionExpression() != null)
                .findFirst().orElseThrow(() -> new IllegalStateException(decision.getId() + " has no retry flow"));
        FlowNode entry = retry.getTarget();
        ExclusiveGateway which = add(phase, ExclusiveGateway.class, "Gateway_" + phaseName + "RetryStep");
        which.setName("Which step?");
        double wx = choice.getX() + 120;
        label(shapeOf(which, wx, gy, 50, 50, true), wx + 40, gy - 20, 90, 14);
        entry.getIncoming().remove(retry);
        retry.setTarget(which);
        which.getIncoming().add(retry);
        setWaypoints(edge(retry), List.of(choice.getX() + 50, gy + 25, wx, gy + 25));
        BpmnLabel retryLabel = edge(retry).getBpmnLabel();
        if (retryLabel != null) {
            retryLabel.getBounds().setX(choice.getX() + 60);
            retryLabel.getBounds().setY(gy + 5);
        } else {
            edgeLabel(edge(retry), choice.getX() + 60, gy + 5, 25, 14);
        }
        Bounds entryBounds = shape(entry).getBounds();
        double back = gy + 105;
        SequenceFlow toStep = flow(phase, "Flow_Retry" + only.activityId().substring("Task_".length()) + "Step", which, entry,
                List.of(wx + 25, gy + 50, wx + 25, back, entryBounds.getX() + 25, back, entryBounds.getX() + 25, entryBounds.getY()),
                "retry");
        ConditionExpression condition = model.newInstance(ConditionExpression.class);
        condition.setTextContent("${failedStep == '" + only.activityId() + "'}");
        toStep.setConditionExpression(condition);
    }

    /**
     * A phase's first "undo steps, newest first" subprocess, for its second undo: a compensation
     * start event and one throw per undone step, newest first, at the phase's top right.
     */
    private void undoSubProcess(SubProcess phase, List<String> order) {
        String phaseName = phase.getId().substring("SubProcess_".length());
        String label = words(phaseName).toLowerCase(java.util.Locale.ROOT);
        SubProcess undo = add(phase, SubProcess.class, "SubProcess_Undo" + phaseName);
        undo.setName("Undo " + label + " steps, newest first");
        undo.setTriggeredByEvent(true);
        StartEvent start = add(undo, StartEvent.class, "StartEvent_Undo" + phaseName);
        start.setName(words(phaseName) + " compensated");
        start.getEventDefinitions().add(model.newInstance(CompensateEventDefinition.class));
        Bounds phaseBounds = shape(phase).getBounds();
        double width = 30 + THROW_STEP * (order.size() + 1) + 36 + 30;
        double x = phaseBounds.getX() + phaseBounds.getWidth() - width - 40;
        double y = phaseBounds.getY() + 20;
        BpmnShape box = shapeOf(undo, x, y, width, 140, false);
        box.setExpanded(true);
        double at = x + 30;
        label(shapeOf(start, at, y + 42, 36, 36, false), at - 27, y + 82, 90, 27);
        FlowNode previous = start;
        for (String undone : order) {
            String name = undone.substring("Task_".length());
            IntermediateThrowEvent event = add(undo, IntermediateThrowEvent.class, "IntermediateThrowEvent_Undo" + name);
            event.setName("Undo " + words(name).toLowerCase(java.util.Locale.ROOT));
            CompensateEventDefinition definition = model.newInstance(CompensateEventDefinition.class);
            definition.setActivity(model.getModelElementById(undone));
            definition.setWaitForCompletion(true);
            event.getEventDefinitions().add(definition);
            flow(undo, "Flow_Undo" + phaseName + "To" + name, previous, event, List.of(at + 36, y + 60, at + THROW_STEP, y + 60), null);
            at += THROW_STEP;
            label(shapeOf(event, at, y + 42, 36, 36, false), at - 27, y + 82, 90, 27);
            previous = event;
        }
        EndEvent end = add(undo, EndEvent.class, "EndEvent_" + phaseName + "Undone");
        end.setName(words(phaseName) + " undone");
        flow(undo, "Flow_" + phaseName + "UndoDone", previous, end, List.of(at + 36, y + 60, at + THROW_STEP, y + 60), null);
        at += THROW_STEP;
        label(shapeOf(end, at, y + 42, 36, 36, false), at - 27, y + 82, 90, 27);
    }

    private void shiftRightOf(double x0, double by) {
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            Bounds b = shape.getBounds();
            Optional<Bounds> box = undoBox(shape.getBpmnElement());
            if (box.map(outer -> outer.getX() >= x0).orElse(b.getX() >= x0) && b.getY() < LANE_TOP) {
                move(shape, by);
            }
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (inLane(edge)) {
                continue;
            }
            Optional<Bounds> box = undoBox(edge.getBpmnElement());
            if (box.isPresent()) {
                // an undo subprocess moves as one piece
                if (box.get().getX() >= x0) {
                    edge.getWaypoints().forEach(point -> point.setX(point.getX() + by));
                }
                continue;
            }
            for (Waypoint point : edge.getWaypoints()) {
                if (point.getX() >= x0) {
                    point.setX(point.getX() + by);
                }
            }
            BpmnLabel label = edge.getBpmnLabel();
            if (label != null && label.getBounds().getX() >= x0 && label.getBounds().getY() < LANE_TOP) {
                label.getBounds().setX(label.getBounds().getX() + by);
            }
        }
    }

    /** The bounds of the compensation event subprocess the element sits in, if it sits in one (before any move). */
    private Optional<Bounds> undoBox(BaseElement element) {
        for (ModelElementInstance parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent instanceof SubProcess sub && sub.triggeredByEvent()) {
                return Optional.of(shape(sub).getBounds());
            }
        }
        return Optional.empty();
    }

    /** An edge between two shapes of the rollback lane. */
    private boolean inLane(BpmnEdge edge) {
        if (!(edge.getBpmnElement() instanceof SequenceFlow flow)) {
            return false;
        }
        return shape(flow.getSource()).getBounds().getY() >= LANE_TOP && shape(flow.getTarget()).getBounds().getY() >= LANE_TOP;
    }

    private static void move(BpmnShape shape, double by) {
        shape.getBounds().setX(shape.getBounds().getX() + by);
        if (shape.getBpmnLabel() != null) {
            shape.getBpmnLabel().getBounds().setX(shape.getBpmnLabel().getBounds().getX() + by);
        }
    }

    /** The lowest turn of the flows into (failures) or out of (retries) the gateway: each new one runs 6 px below. */
    private double lowestTurn(ExclusiveGateway gateway, boolean incoming) {
        double lowest = shape(gateway).getBounds().getY() + 50;
        for (SequenceFlow flow : incoming ? gateway.getIncoming() : gateway.getOutgoing()) {
            List<Waypoint> points = new ArrayList<>(edge(flow).getWaypoints());
            if (points.size() >= 3) {
                lowest = Math.max(lowest, points.get(incoming ? points.size() - 3 : 1).getY());
            }
        }
        return lowest;
    }

    private SequenceFlow flow(ModelElementInstance parent, String id, FlowNode source, FlowNode target, List<Double> points,
                              String name) {
        SequenceFlow flow = model.newInstance(SequenceFlow.class);
        flow.setId(id);
        if (name != null) {
            flow.setName(name);
        }
        parent.addChildElement(flow);
        flow.setSource(source);
        flow.setTarget(target);
        source.getOutgoing().add(flow);
        target.getIncoming().add(flow);
        BpmnEdge edge = model.newInstance(BpmnEdge.class);
        edge.setId(id + "_di");
        edge.setBpmnElement(flow);
        setWaypoints(edge, points);
        if (name != null) {
            // a named flow's label sits beside its last bend, as Modeler places the retry labels
            edgeLabel(edge, points.get(points.size() - 4) - 40, points.get(points.size() - 3) + 4, 25, 14);
        }
        plane.addChildElement(edge);
        return flow;
    }

    private void setWaypoints(BpmnEdge edge, List<Double> xy) {
        edge.getWaypoints().clear();
        for (int i = 0; i < xy.size(); i += 2) {
            Waypoint point = model.newInstance(Waypoint.class);
            point.setX(xy.get(i));
            point.setY(xy.get(i + 1));
            edge.getWaypoints().add(point);
        }
    }

    private BpmnShape shapeOf(BaseElement element, double x, double y, double width, double height, boolean marker) {
        BpmnShape shape = model.newInstance(BpmnShape.class);
        shape.setId(element.getId() + "_di");
        shape.setBpmnElement(element);
        if (marker) {
            shape.setMarkerVisible(true);
        }
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(x);
        bounds.setY(y);
        bounds.setWidth(width);
        bounds.setHeight(height);
        shape.setBounds(bounds);
        plane.addChildElement(shape);
        return shape;
    }

    private void label(BpmnShape shape, double x, double y, double width, double height) {
        BpmnLabel label = model.newInstance(BpmnLabel.class);
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(x);
        bounds.setY(y);
        bounds.setWidth(width);
        bounds.setHeight(height);
        label.setBounds(bounds);
        shape.setBpmnLabel(label);
    }

    private void edgeLabel(BpmnEdge edge, double x, double y, double width, double height) {
        BpmnLabel label = model.newInstance(BpmnLabel.class);
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(x);
        bounds.setY(y);
        bounds.setWidth(width);
        bounds.setHeight(height);
        label.setBounds(bounds);
        edge.setBpmnLabel(label);
    }

    private <T extends BaseElement> T add(ModelElementInstance parent, Class<T> type, String id) {
        T element = model.newInstance(type);
        element.setId(id);
        parent.addChildElement(element);
        return element;
    }

    private <T> T required(SubProcess phase, String id) {
        T element = model.getModelElementById(id);
        if (element == null) {
            throw new IllegalStateException(phase.getId() + " has no " + id + ": a phase with one step gets its \"Step failed\""
                    + " and \"Which step?\" gateways in Modeler before a second step goes in");
        }
        return element;
    }

    private BpmnShape shape(BaseElement element) {
        return model.getModelElementsByType(BpmnShape.class).stream().filter(s -> s.getBpmnElement() == element)
                .findFirst().orElseThrow(() -> new IllegalStateException("no shape for " + element.getId()));
    }

    private BpmnEdge edge(BaseElement element) {
        return model.getModelElementsByType(BpmnEdge.class).stream().filter(e -> e.getBpmnElement() == element)
                .findFirst().orElseThrow(() -> new IllegalStateException("no edge for " + element.getId()));
    }

    private double centre(BaseElement element) {
        Bounds b = shape(element).getBounds();
        return b.getX() + b.getWidth() / 2;
    }

    /** {@code RehearseRelease} → {@code Rehearse release}. */
    static String words(String camel) {
        String spaced = camel.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
