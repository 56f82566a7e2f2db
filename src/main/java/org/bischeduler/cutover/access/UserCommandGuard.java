package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.FleetRequest;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.StartRequest;
import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractDeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractProcessInstanceModificationCommand;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteDeploymentCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetProcessDefinitionVersionCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.batch.CorrelateAllMessageBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.DeleteProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityLinkEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stands in front of every engine command, whichever API it came through (Tasklist, Cockpit,
 * {@code /engine-rest}, Java), and checks those a logged-in user issued:
 * <ul>
 *   <li>changing a run's course or state outside its forms (start instructions, instance
 *   modification, restart, migration, deleting or cancelling, messages and signals, BPMN errors
 *   and escalations thrown at a task, writing or removing variables, deployments) is for the
 *   admin group alone;</li>
 *   <li>a start or a task completion may submit its form's fields and nothing else, each within
 *   its options and pattern, read-only fields only as they were shown (answered 400);</li>
 *   <li>a manager's decision is taken by a manager who did not start the run (answered 403).</li>
 * </ul>
 * Commands the engine runs for itself (the job executor, commands nested in another) carry no
 * user input and pass unchecked. None of this is what keeps a host safe (steps read only the run
 * store and check the run's admission); it keeps the engine's state and the record truthful.
 */
final class UserCommandGuard extends CommandInterceptor {

    private static final List<Class<?>> ADMIN_ONLY = List.of(
            StartProcessInstanceAtActivitiesCmd.class, ModifyProcessInstanceCmd.class, ModifyProcessInstanceAsyncCmd.class,
            AbstractModificationCmd.class, AbstractProcessInstanceModificationCommand.class, AbstractRestartProcessInstanceCmd.class,
            AbstractMigrationCmd.class, SetProcessDefinitionVersionCmd.class,
            AbstractDeleteProcessInstanceCmd.class, DeleteProcessInstanceBatchCmd.class,
            AbstractSetVariableCmd.class, AbstractPatchVariablesCmd.class, AbstractRemoveVariableCmd.class,
            SetVariablesToProcessInstancesBatchCmd.class,
            AbstractCorrelateMessageCmd.class, CorrelateAllMessageBatchCmd.class, MessageEventReceivedCmd.class,
            SignalCmd.class, SignalEventReceivedCmd.class,
            HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class, ResolveTaskCmd.class,
            DeployCmd.class, DeleteDeploymentCmd.class);

    private final TaskForms forms;
    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final RunStore runs;
    private final SeparationOfDuties separation;
    private ProcessEngineConfigurationImpl engine;

    UserCommandGuard(TaskForms forms, CutoverProperties properties, TargetLocks locks, RunStore runs) {
        this.forms = forms;
        this.properties = properties;
        this.locks = locks;
        this.runs = runs;
        this.separation = new SeparationOfDuties(properties.access());
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

    private void check(Command<?> command, Authentication user) {
        if (!isAdmin(user)) {
            for (Class<?> forbidden : ADMIN_ONLY) {
                if (forbidden.isInstance(command)) {
                    throw new AuthorizationException(user.getUserId() + " may not " + describe(command)
                            + ": changing a cutover's course or its variables outside its forms, or deleting it,"
                            + " is for the admin group");
                }
            }
        }
        if (command instanceof StartProcessInstanceCmd) {
            ProcessInstantiationBuilderImpl start = field(command, "instantiationBuilder");
            checkStart(start.getProcessDefinitionKey(), start.getProcessDefinitionId(), start.getVariables());
        } else if (command instanceof SubmitStartFormCmd) {
            checkStart(null, field(command, "processDefinitionId"), field(command, "variables"));
        } else {
            TaskCompletion.of(command).ifPresent(completion -> checkCompletion(user, completion.taskId(), completion.values()));
        }
    }

    private void checkStart(String key, String definitionId, Map<String, Object> submitted) {
        String processKey = key != null ? key : internally(context ->
                context.getProcessEngineConfiguration().getDeploymentCache().findDeployedProcessDefinitionById(definitionId).getKey());
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
        for (String target : targets) {
            locks.holder(target).ifPresent(holder -> {
                throw new TargetBusyException(TargetLocks.busyMessage(target, holder));
            });
        }
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
            boolean managersDecision = task.getIdentityLinks().stream().map(IdentityLinkEntity::getGroupId)
                    .anyMatch(Groups.MANAGERS::equals);
            if (!managersDecision) {
                return Optional.empty();
            }
            return separation.refusal(user, runs.identity(task.getProcessInstanceId()), task.getName())
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
        return engine.getCommandExecutorTxRequired().execute(context -> {
            context.disableAuthorizationCheck();
            try {
                return lookup.apply(context);
            } finally {
                context.enableAuthorizationCheck();
            }
        });
    }

    private boolean isAdmin(Authentication user) {
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        List<String> adminGroups = engine.getAdminGroups() == null ? List.of() : engine.getAdminGroups();
        List<String> adminUsers = engine.getAdminUsers() == null ? List.of() : engine.getAdminUsers();
        return groups.stream().anyMatch(adminGroups::contains) || adminUsers.contains(user.getUserId());
    }

    static Map<String, Object> plain(Map<String, Object> variables) {
        Map<String, Object> plain = new LinkedHashMap<>();
        if (variables != null) {
            for (String name : variables.keySet()) {
                Object value = variables.get(name);
                plain.put(name, value instanceof TypedValue typed ? typed.getValue() : value);
            }
        }
        return plain;
    }

    /** "ModifyProcessInstanceCmd" as "modify process instance". */
    private static String describe(Command<?> command) {
        String name = command.getClass().getSimpleName().replaceAll("Cmd$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
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
