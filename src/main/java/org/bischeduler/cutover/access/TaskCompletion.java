package org.bischeduler.cutover.access;

import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;

import java.util.Map;
import java.util.Optional;

/**
 * A task completion as an engine command asks for it, by either API path (Java and REST's
 * complete, or Tasklist's submit-form): the task and the submitted values, typed values unwrapped.
 */
record TaskCompletion(String taskId, Map<String, Object> values) {

    static Optional<TaskCompletion> of(Command<?> command) {
        if (command instanceof CompleteTaskCmd) {
            return Optional.of(new TaskCompletion(UserCommandGuard.field(command, "taskId"),
                    UserCommandGuard.plain(UserCommandGuard.field(command, "variables"))));
        }
        if (command instanceof SubmitTaskFormCmd) {
            return Optional.of(new TaskCompletion(UserCommandGuard.field(command, "taskId"),
                    UserCommandGuard.plain(UserCommandGuard.field(command, "properties"))));
        }
        return Optional.empty();
    }
}
