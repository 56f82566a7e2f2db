package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The forms of the deployed models, read from the same resources the engine deploys: for each user
 * task and start event (by activity id, per process key) the form it references and that form's
 * fields. What a form declares is all that a start or a completion may submit.
 */
final class TaskForms {

    /** A start event's form is found under this pseudo activity id. */
    static final String START = "(start)";

    private final Map<String, Map<String, Form>> byProcess;

    private TaskForms(Map<String, Map<String, Form>> byProcess) {
        this.byProcess = byProcess;
    }

    static TaskForms fromClasspath() {
        try {
            PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
            ObjectMapper json = new ObjectMapper();
            Map<String, Form> forms = new HashMap<>();
            for (Resource resource : resources.getResources("classpath*:processes/*.form")) {
                try (InputStream in = resource.getInputStream()) {
                    Form form = Form.parse(json.readTree(in));
                    forms.put(form.id(), form);
                }
            }
            Map<String, Map<String, Form>> byProcess = new HashMap<>();
            for (Resource resource : resources.getResources("classpath*:processes/*.bpmn")) {
                try (InputStream in = resource.getInputStream()) {
                    BpmnModelInstance model = Bpmn.readModelFromStream(in);
                    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                        put(byProcess, processOf(task), task.getId(), task.getCamundaFormRef(), forms);
                    }
                    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
                        if (start.getParentElement() instanceof Process process) {
                            put(byProcess, process.getId(), START, start.getCamundaFormRef(), forms);
                        }
                    }
                }
            }
            return new TaskForms(byProcess);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deployed forms", e);
        }
    }

    private static String processOf(ModelElementInstance element) {
        ModelElementInstance parent = element.getParentElement();
        while (!(parent instanceof Process)) {
            parent = parent.getParentElement();
        }
        return ((Process) parent).getId();
    }

    private static void put(Map<String, Map<String, Form>> byProcess, String processKey, String activityId, String formRef,
                            Map<String, Form> forms) {
        if (formRef == null) {
            return;
        }
        Form form = forms.get(formRef);
        if (form == null) {
            throw new IllegalStateException(activityId + " references form " + formRef + ", which is not deployed");
        }
        byProcess.computeIfAbsent(processKey, k -> new HashMap<>()).put(activityId, form);
    }

    Optional<Form> form(String processKey, String activityId) {
        return Optional.ofNullable(byProcess.getOrDefault(processKey, Map.of()).get(activityId));
    }

    boolean knows(String processKey) {
        return byProcess.containsKey(processKey);
    }

    /** A form's fields by key. */
    record Form(String id, Map<String, FormField> fields) {

        static Form parse(JsonNode form) {
            Map<String, FormField> fields = new LinkedHashMap<>();
            collect(form, fields);
            return new Form(form.path("id").asText(), fields);
        }

        private static void collect(JsonNode node, Map<String, FormField> fields) {
            for (JsonNode component : node.path("components")) {
                if (component.hasNonNull("key")) {
                    FormField field = FormField.parse(component);
                    fields.put(field.key(), field);
                }
                collect(component, fields);
            }
        }

        /**
         * Everything wrong with a submission: a name the form does not declare, a read-only field
         * changed, a value outside a field's options or pattern, a required field left out.
         */
        List<String> problems(Map<String, Object> submitted, Function<String, Object> current) {
            List<String> problems = new ArrayList<>();
            submitted.keySet().stream().filter(name -> !fields.containsKey(name)).sorted()
                    .forEach(name -> problems.add("'" + FormField.limitedName(name) + "' is not a field of this form"));
            fields.values().forEach(field -> {
                if (submitted.containsKey(field.key())) {
                    field.problem(submitted.get(field.key()), field.readOnly() ? current.apply(field.key()) : null)
                            .ifPresent(problems::add);
                } else if (field.required() && !field.readOnly()) {
                    problems.add("'" + field.key() + "' is required");
                }
            });
            return problems;
        }

        /** Editable fields' values as submitted, as text: what the record keeps of a decision. */
        Map<String, String> editableValues(Function<String, Object> values) {
            Map<String, String> shown = new LinkedHashMap<>();
            fields.values().stream().filter(field -> !field.readOnly()).forEach(field -> {
                Object value = values.apply(field.key());
                if (value != null) {
                    shown.put(field.key(), String.valueOf(value));
                }
            });
            return shown;
        }
    }
}
