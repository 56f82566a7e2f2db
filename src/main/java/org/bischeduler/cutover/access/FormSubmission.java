package org.bischeduler.cutover.access;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a completion submitted, handed from the {@link UserCommandGuard} that checked them to
 * the {@link DecisionRecorder} that records them, on the thread of that one command: a decision is
 * recorded as it was submitted, not as the variables happen to read afterwards (a field left out
 * would otherwise show an earlier task's value).
 */
final class FormSubmission {

    private static final ThreadLocal<Submitted> CURRENT = new ThreadLocal<>();

    private record Submitted(String taskId, Map<String, Object> fields) {
    }

    private FormSubmission() {
    }

    static void begin(String taskId, Map<String, Object> fields) {
        CURRENT.set(new Submitted(taskId, Collections.unmodifiableMap(new LinkedHashMap<>(fields))));
    }

    static void end() {
        CURRENT.remove();
    }

    /** What was submitted for this task in the running command, if the guard saw the submission. */
    static Optional<Map<String, Object>> of(String taskId) {
        Submitted submitted = CURRENT.get();
        return submitted != null && submitted.taskId().equals(taskId) ? Optional.of(submitted.fields()) : Optional.empty();
    }
}
