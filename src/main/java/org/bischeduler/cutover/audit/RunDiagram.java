package org.bischeduler.cutover.audit;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Association;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The process diagram as the record draws it: every shape and flow of the model's own layout,
 * with the path the run took, the step that failed and the steps in progress marked.
 *
 * @param focus the shape to scroll to: a failed step, else one in progress, else the last one reached
 */
record RunDiagram(double width, double height, List<Shape> shapes, List<Edge> edges, String focus) {

    /** How far the run got at one element. */
    enum State { NONE, VISITED, CURRENT, FAILED }

    /** One line of a task's name, where it is drawn. */
    record Line(double x, double y, String text) {
    }

    /** @param kind task, subprocess, event, end, gateway */
    record Shape(String id, String kind, double x, double y, double width, double height, List<Line> label, State state) {

        public String css() {
            return kind + " " + state.name().toLowerCase(java.util.Locale.ROOT);
        }

        public double centreX() {
            return x + width / 2;
        }

        public double centreY() {
            return y + height / 2;
        }

        /** A gateway's diamond. */
        public String diamond() {
            return centreX() + "," + y + " " + (x + width) + "," + centreY() + " " + centreX() + "," + (y + height) + " " + x + "," + centreY();
        }
    }

    record Edge(String points, boolean taken) {
    }

    /**
     * When each activity of the run started and ended, as the engine's history has them.
     *
     * @param ended null while the activity runs
     */
    record Visit(String activityId, Instant started, Instant ended) {
    }

    private static final double MARGIN = 20;
    private static final int LABEL_WIDTH = 14;

    static RunDiagram of(BpmnModelInstance model, List<Visit> visits, Set<String> failed, boolean running) {
        Map<String, List<Visit>> byActivity = visits.stream().collect(Collectors.groupingBy(Visit::activityId));
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            Bounds b = shape.getBounds();
            minX = Math.min(minX, b.getX());
            minY = Math.min(minY, b.getY());
            maxX = Math.max(maxX, b.getX() + b.getWidth());
            maxY = Math.max(maxY, b.getY() + b.getHeight());
        }
        double dx = MARGIN - minX;
        double dy = MARGIN - minY;
        List<Shape> shapes = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            BaseElement element = shape.getBpmnElement();
            String kind = kind(element);
            if (kind == null) {
                continue;
            }
            Bounds b = shape.getBounds();
            String name = element instanceof FlowElement flow ? flow.getName() : null;
            State state = state(element.getId(), byActivity, failed, running);
            double x = b.getX() + dx;
            double y = b.getY() + dy;
            shapes.add(new Shape(element.getId(), kind, x, y, b.getWidth(), b.getHeight(),
                    kind.equals("task") ? label(name, x, y, b.getWidth(), b.getHeight())
                            : kind.equals("subprocess") && name != null ? List.of(new Line(x + 10, y + 18, name)) : List.of(), state));
        }
        // containers first, so the steps inside them are drawn on top
        shapes.sort((a, b) -> Boolean.compare(!a.kind().equals("subprocess"), !b.kind().equals("subprocess")));
        List<Edge> edges = new ArrayList<>();
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            String points = edge.getWaypoints().stream().map(p -> (p.getX() + dx) + "," + (p.getY() + dy))
                    .collect(Collectors.joining(" "));
            edges.add(new Edge(points, taken(edge.getBpmnElement(), byActivity)));
        }
        return new RunDiagram(maxX - minX + 2 * MARGIN, maxY - minY + 2 * MARGIN, shapes, edges, focus(shapes, visits));
    }

    private static String kind(BaseElement element) {
        if (element instanceof SubProcess) {
            return "subprocess";
        }
        if (element instanceof Activity) {
            return "task";
        }
        if (element instanceof org.camunda.bpm.model.bpmn.instance.EndEvent) {
            return "end";
        }
        if (element instanceof Event) {
            return "event";
        }
        if (element instanceof Gateway) {
            return "gateway";
        }
        return null;
    }

    private static State state(String id, Map<String, List<Visit>> visits, Set<String> failed, boolean running) {
        if (failed.contains(id)) {
            return State.FAILED;
        }
        List<Visit> at = visits.getOrDefault(id, List.of());
        if (running && at.stream().anyMatch(v -> v.ended() == null)) {
            return State.CURRENT;
        }
        return at.isEmpty() ? State.NONE : State.VISITED;
    }

    /** A flow was taken when its target was reached after its source was. */
    private static boolean taken(BaseElement element, Map<String, List<Visit>> visits) {
        String source;
        String target;
        if (element instanceof SequenceFlow flow) {
            source = flow.getSource().getId();
            target = flow.getTarget().getId();
        } else if (element instanceof Association association) {
            source = association.getSource().getId();
            target = association.getTarget().getId();
        } else {
            return false;
        }
        List<Visit> from = visits.getOrDefault(source, List.of());
        List<Visit> to = visits.getOrDefault(target, List.of());
        return !from.isEmpty() && to.stream().anyMatch(t -> from.stream().anyMatch(f -> !t.started().isBefore(f.started())));
    }

    private static String focus(List<Shape> shapes, List<Visit> visits) {
        for (State wanted : List.of(State.FAILED, State.CURRENT)) {
            for (Shape shape : shapes) {
                if (shape.state() == wanted && !shape.kind().equals("subprocess")) {
                    return shape.id();
                }
            }
        }
        Set<String> drawn = shapes.stream().filter(s -> !s.kind().equals("subprocess")).map(Shape::id).collect(Collectors.toSet());
        return visits.stream().filter(v -> drawn.contains(v.activityId())).map(Visit::activityId).reduce((a, b) -> b).orElse("");
    }

    /** A task's name in lines that fit its box. */
    static List<String> wrap(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : name.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > LABEL_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines.size() <= 4 ? lines : List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(3) + " …");
    }

    /** The label's lines, centred on the box. */
    private static List<Line> label(String name, double x, double y, double width, double height) {
        List<String> lines = wrap(name);
        List<Line> placed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            placed.add(new Line(x + width / 2, y + height / 2 - (lines.size() - 1) * 7 + i * 14 + 4, lines.get(i)));
        }
        return placed;
    }
}
