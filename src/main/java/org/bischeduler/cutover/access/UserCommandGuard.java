package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.FleetRequest;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StartRequest;
import org.bischeduler.cutover.run.StepProcess;
import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Stands in front of every engine command, whichever API it came through (Tasklist, Cockpit,
 * {@code /engine-rest}, Java), and checks those a logged-in user issued:
 * <ul>
 *   <li>outside the admin group, a person may send only the commands their part needs
 *   ({@link CommandAllowlist}); every other command is refused here, before the engine runs any
 *   of it, so a refused command changes nothing (no failed-job count, no incident);</li>
 *   <li>a claim is for oneself, and giving a task back sets nobody or oneself as its assignee, on a
 *   task of one's group as the deployed model declares it;</li>
 *   <li>a start or a task completion may submit its form's fields and nothing else, each a plain
 *   value within its options and pattern, read-only fields only as they were shown (answered 400);</li>
 *   <li>a task is completed by a member of its group in the deployed model, and a manager's
 *   decision not by the person who started the run (answered 403), whatever the task's links say.</li>
 * </ul>
 * Commands the engine runs for itself (the job executor, commands nested in another) carry no
 * user input and pass unchecked. None of this is what keeps a host safe (steps read only the run
 * store and check the run's admission); it keeps the engine's state and the record truthful.
 */
final class UserCommandGuard extends CommandInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(UserCommandGuard.class);

    private final TaskForms forms;
    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final RunStore runs;
    private final WhoMayDecide deciders;
    private ProcessEngineConfigurationImpl engine;

    UserCommandGuard(TaskForms forms, CutoverProperties properties, TargetLocks locks, RunStore runs) {
        this.forms = forms;
        this.properties = properties;
        this.locks = locks;
        this.runs = runs;
        this.deciders = new WhoMayDecide(properties.access());
    }

    /** The engine this guard stands in front of; set while the engine is configured. */
    void attach(ProcessEngineConfigurationImpl engine) {
        this.engine = engine;
    }

    @Override
    public <T> T execute(Command<T> command) {
        if (Context.getCommandContext() != null) {
            return next.execute(command);
        }
        Authentication user = engine.getIdentityService().getCurrentAuthentication();
        if (user != null && user.getUserId() != null) {
            check(command, user);
        }
        try {
            return next.execute(command);
        } finally {
            FormSubmission.end();
        }
    }

    /** Refuses what this person may not send; package-private so a test can hold every engine command to it. */
    void check(Command<?> command, Authentication user) {
        if (command instanceof EngineLookup) {
            return;
        }
        if (!isAdmin(user)) {
            CommandAllowlist.refusal(command.getClass(), groupsOf(user)).ifPresent(reason -> {
                LOG.warn("refused {} of {} in {}: not on the allowlist of their groups", command.getClass().getName(),
                        user.getUserId(), groupsOf(user));
                throw new AuthorizationException(user.getUserId() + " may not " + CommandAllowlist.describe(command) + ": " + reason);
            });
        }
        if (command instanceof StartProcessInstanceCmd) {
            ProcessInstantiationBuilderImpl start = field(command, "instantiationBuilder");
            checkStart(start.getProcessDefinitionKey(), start.getProcessDefinitionId(), start.getVariables());
        } else if (command instanceof SubmitStartFormCmd) {
            checkStart(null, field(command, "processDefinitionId"), field(command, "variables"));
        } else if (command instanceof ClaimTaskCmd) {
            checkTakesTask(user, field(command, "taskId"), field(command, "userId"));
        } else if (command instanceof AssignTaskCmd) {
            checkTakesTask(user, field(command, "taskId"), field(command, "userId"));
        } else {
            TaskCompletion.of(command).ifPresent(completion -> checkCompletion(user, completion.taskId(), completion.values()));
        }
    }

    private void checkStart(String key, String definitionId, Map<String, Object> submitted) {
        String processKey = key != null ? key : internally(context ->
                context.getProcessEngineConfiguration().getDeploymentCache().findDeployedProcessDefinitionById(definitionId).getKey());
        if (StepProcess.KEY.equals(processKey)) {
            throw new InputRefusedException("a step runs only when a cutover's step box calls it, never started on its own");
        }
        Optional<TaskForms.Form> form = forms.form(processKey, TaskForms.START);
        if (form.isEmpty()) {
            return;
        }
        Map<String, Object> values = plain(submitted);
        List<String> problems = form.get().problems(values, name -> null);
        if (!problems.isEmpty()) {
            throw new InputRefusedException("a cutover starts with its start form's fields and nothing else: "
                    + String.join("; ", problems));
        }
        List<String> targets;
        try {
            targets = ProcessVariables.FLEET_KEY.equals(processKey)
                    ? properties.fleet(FleetRequest.of(values, properties).fleet()).targets()
                    : List.of(StartRequest.of(values, properties).target());
        } catch (IllegalArgumentException invalid) {
            throw new InputRefusedException(invalid.getMessage());
        }
        // a check-only run looks and changes nothing: it takes no lock, and another run's lock does not stop it
        if (Boolean.TRUE.equals(values.get(ProcessVariables.CHECK_ONLY))) {
            return;
        }
        for (String target : targets) {
            locks.holder(target).ifPresent(holder -> {
                throw new TargetBusyException(TargetLocks.busyMessage(target, holder));
            });
        }
    }

    /**
     * A claim, or a task given back: only for oneself (or nobody), and only on a task of one's
     * group in the deployed model, so nobody hands a task to another person or takes one that the
     * task's links, but not the model, offer them.
     */
    private void checkTakesTask(Authentication user, String taskId, String assignee) {
        if (isAdmin(user)) {
            return;
        }
        if (assignee != null && !assignee.equals(user.getUserId())) {
            throw new AuthorizationException(user.getUserId() + " may claim or give back a task for themself only, not for "
                    + FormField.limitedName(assignee));
        }
        Optional<String> refusal = internally(context -> {
            TaskEntity task = context.getTaskManager().findTaskById(taskId);
            if (task == null) {
                return Optional.<String>empty();
            }
            Set<String> groups = ModelTaskGroups.of(context, task.getProcessDefinitionId(), task.getTaskDefinitionKey());
            List<String> own = groupsOf(user);
            return groups.isEmpty() || own.stream().anyMatch(groups::contains) ? Optional.<String>empty()
                    : Optional.of(user.getUserId() + " is not in " + String.join(" or ", groups.stream().sorted().toList())
                    + ": '" + task.getName() + "' is theirs to take");
        });
        refusal.ifPresent(reason -> {
            throw new AuthorizationException(reason);
        });
    }

    private void checkCompletion(Authentication user, String taskId, Map<String, Object> values) {
        Optional<RuntimeException> refusal = internally(context -> {
            TaskEntity task = context.getTaskManager().findTaskById(taskId);
            if (task == null || task.getProcessDefinitionId() == null) {
                return Optional.empty();
            }
            String processKey = context.getProcessEngineConfiguration().getDeploymentCache()
                    .findDeployedProcessDefinitionById(task.getProcessDefinitionId()).getKey();
            if (!forms.knows(processKey)) {
                return Optional.empty();
            }
            TaskForms.Form form = forms.form(processKey, task.getTaskDefinitionKey())
                    .orElse(new TaskForms.Form("(none)", Map.of()));
            List<String> problems = form.problems(values, task::getVariable);
            if (!problems.isEmpty()) {
                return Optional.of(new InputRefusedException("'" + task.getName() + "' accepts its form's fields and nothing else: "
                        + String.join("; ", problems)));
            }
            Set<String> groups = ModelTaskGroups.of(context, task.getProcessDefinitionId(), task.getTaskDefinitionKey());
            return deciders.refusal(user, groups, runs.identity(StepProcess.runOf(task)), task.getName())
                    .map(AuthorizationException::new);
        });
        refusal.ifPresent(problem -> {
            throw problem;
        });
        FormSubmission.begin(taskId, values);
    }

    private <T> T internally(Function<CommandContext, T> lookup) {
        return internally(engine, lookup);
    }

    /** Runs a look-up as the engine itself, outside the user's authorizations, in its own command. */
    static <T> T internally(ProcessEngineConfigurationImpl engine, Function<CommandContext, T> lookup) {
        return engine.getCommandExecutorTxRequired().execute(new EngineLookup<>(lookup));
    }

    private boolean isAdmin(Authentication user) {
        List<String> adminGroups = engine.getAdminGroups() == null ? List.of() : engine.getAdminGroups();
        List<String> adminUsers = engine.getAdminUsers() == null ? List.of() : engine.getAdminUsers();
        return groupsOf(user).stream().anyMatch(adminGroups::contains) || adminUsers.contains(user.getUserId());
    }

    private static List<String> groupsOf(Authentication user) {
        return user.getGroupIds() == null ? List.of() : user.getGroupIds();
    }

    /**
     * Submitted values as plain Java values. A form field takes text, a number, a date or yes/no;
     * any other type (an object, a file, bytes, JSON) is refused with 400 before the engine reads it.
     */
    static Map<String, Object> plain(Map<String, Object> variables) {
        Map<String, Object> plain = new LinkedHashMap<>();
        if (variables != null) {
            for (String name : variables.keySet()) {
                // a variable map's get() would deserialize an object value; its typed value is read instead
                Object value = variables instanceof VariableMap typedMap ? typedMap.getValueTyped(name) : variables.get(name);
                if (value instanceof TypedValue typed) {
                    // an untyped value has no type yet: its Java value decides below
                    if (typed.getType() != null && !PLAIN_TYPES.contains(typed.getType())) {
                        throw notPlain(name, typed.getType().getName());
                    }
                    value = typed.getValue();
                }
                if (value != null && !(value instanceof String || value instanceof Boolean || value instanceof Number
                        || value instanceof java.util.Date)) {
                    throw notPlain(name, value.getClass().getSimpleName());
                }
                plain.put(name, value);
            }
        }
        return plain;
    }

    private static final Set<ValueType> PLAIN_TYPES = Set.of(ValueType.STRING, ValueType.BOOLEAN, ValueType.INTEGER,
            ValueType.LONG, ValueType.SHORT, ValueType.DOUBLE, ValueType.DATE, ValueType.NULL);

    private static InputRefusedException notPlain(String name, String type) {
        return new InputRefusedException("'" + FormField.limitedName(name) + "' is a value of type " + FormField.limitedName(type)
                + "; a form field takes text, a number, a date or yes/no");
    }

    /** A command's field: the engine's commands keep what they were asked to do in protected fields. */
    @SuppressWarnings("unchecked")
    static <T> T field(Command<?> command, String name) {
        for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return (T) field.get(command);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + name + " of " + command.getClass().getName(), e);
            }
        }
        throw new IllegalStateException(command.getClass().getName() + " has no field " + name
                + "; this engine version is not the one the guard was written for");
    }
}
