package org.bischeduler.cutover.access;

import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.ProcessDefinitionQueryImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.AuthorizationCheckCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CreateGroupQueryCmd;
import org.camunda.bpm.engine.impl.cmd.CreateUserQueryCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteFilterCountCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteFilterListCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteFilterListPageCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeployedProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeploymentProcessModelCmd;
import org.camunda.bpm.engine.impl.cmd.GetFilterCmd;
import org.camunda.bpm.engine.impl.cmd.GetFormKeyCmd;
import org.camunda.bpm.engine.impl.cmd.GetIdentityLinksForTaskCmd;
import org.camunda.bpm.engine.impl.cmd.GetStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.GetStartFormVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.GetTaskFormVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.IsIdentityServiceReadOnlyCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.filter.FilterQueryImpl;
import org.camunda.bpm.engine.impl.identity.db.DbGroupQueryImpl;
import org.camunda.bpm.engine.impl.identity.db.DbUserQueryImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine commands a person outside the admin group may send, each with the groups whose part
 * needs it and why. Everything else is refused before the engine runs any of it, whichever API it
 * came through: the engine's several hundred other commands (job execution, variables, identity
 * links, profiles, instance changes, deployments, ...) are for the admin group. A command listed
 * here still passes the engine's own authorization, and the guard's checks of what it carries
 * (a claim for oneself, a completion's form and who may decide).
 */
final class CommandAllowlist {

    /** One command a person may send, for the groups whose part needs it. */
    record Allowed(Class<?> command, Set<String> groups, String reason) {
    }

    private static final Set<String> EVERYONE = Set.of(Groups.OPS, Groups.MANAGERS, Groups.AUDITORS);
    private static final Set<String> TASK_WORKERS = Set.of(Groups.OPS, Groups.MANAGERS);
    private static final Set<String> STARTERS = Set.of(Groups.OPS);

    static final List<Allowed> ALLOWED = List.of(
            // Tasklist itself, for anyone who logs in to it (an auditor logs in for the record)
            new Allowed(FilterQueryImpl.class, EVERYONE, "Tasklist lists the person's filters (each is granted to one group)"),
            new Allowed(GetFilterCmd.class, EVERYONE, "Tasklist opens one of those filters"),
            new Allowed(ExecuteFilterCountCmd.class, EVERYONE, "Tasklist counts a filter's tasks (only those the engine lets the person read)"),
            new Allowed(ExecuteFilterListCmd.class, EVERYONE, "Tasklist lists a filter's tasks (only those the engine lets the person read)"),
            new Allowed(ExecuteFilterListPageCmd.class, EVERYONE, "Tasklist lists a page of a filter's tasks"),
            new Allowed(TaskQueryImpl.class, EVERYONE, "Tasklist reads a task it shows (only those the engine lets the person read)"),
            new Allowed(ProcessDefinitionQueryImpl.class, EVERYONE, "Tasklist's start menu (only what the person may start)"),
            new Allowed(CreateUserQueryCmd.class, EVERYONE, "Tasklist shows the person's own name and a task's assignee"),
            new Allowed(DbUserQueryImpl.class, EVERYONE, "Tasklist shows the person's own name and a task's assignee"),
            new Allowed(CreateGroupQueryCmd.class, EVERYONE, "Tasklist shows the names of a task's groups"),
            new Allowed(DbGroupQueryImpl.class, EVERYONE, "Tasklist shows the names of a task's groups"),
            new Allowed(AuthorizationCheckCmd.class, EVERYONE, "Tasklist asks which of its actions to show the person"),
            new Allowed(IsIdentityServiceReadOnlyCmd.class, EVERYONE, "Tasklist asks whether to offer profile editing (refused here anyway)"),
            // a task of the person's group
            new Allowed(GetTaskFormCmd.class, TASK_WORKERS, "the form of a task the person works"),
            new Allowed(GetDeployedTaskFormCmd.class, TASK_WORKERS, "the form of a task the person works"),
            new Allowed(GetTaskFormVariablesCmd.class, TASK_WORKERS, "the values that form shows"),
            new Allowed(GetFormKeyCmd.class, TASK_WORKERS, "which form a task or a start has"),
            new Allowed(GetIdentityLinksForTaskCmd.class, TASK_WORKERS, "Tasklist shows whom a task is offered to"),
            new Allowed(GetDeployedProcessDefinitionCmd.class, TASK_WORKERS, "the process a task or a start belongs to"),
            new Allowed(GetDeploymentProcessModelCmd.class, TASK_WORKERS, "Tasklist's Diagram tab draws that process"),
            new Allowed(ClaimTaskCmd.class, TASK_WORKERS,
                    "claim a task for oneself; only a task whose group in the deployed model is the person's"),
            new Allowed(AssignTaskCmd.class, TASK_WORKERS,
                    "give back a task one claimed (the assignee set to nobody, or to oneself), on a task of one's group"),
            new Allowed(CompleteTaskCmd.class, TASK_WORKERS,
                    "complete a task of one's group with its form's fields; a manager's decision not on a run one started"),
            new Allowed(SubmitTaskFormCmd.class, TASK_WORKERS, "the same completion, as Tasklist submits a form"),
            // a new cutover or fleet
            new Allowed(GetStartFormCmd.class, STARTERS, "the start form"),
            new Allowed(GetDeployedStartFormCmd.class, STARTERS, "the start form"),
            new Allowed(GetStartFormVariablesCmd.class, STARTERS, "the values the start form shows"),
            new Allowed(StartProcessInstanceCmd.class, STARTERS,
                    "start a run with the start form's fields and nothing else (no start instructions, no skipped listeners)"),
            new Allowed(SubmitStartFormCmd.class, STARTERS, "the same start, as Tasklist submits the start form"));

    private CommandAllowlist() {
    }

    /** Why a person in these groups may not send this command, or empty when one of their groups may. */
    static Optional<String> refusal(Class<?> command, Collection<String> groups) {
        Optional<Allowed> allowed = allowed(command);
        if (allowed.isEmpty()) {
            return Optional.of("it is for the admin group: " + describe(command) + " is not among the engine commands a cutover's"
                    + " people need (deny by default)");
        }
        if (groups.stream().noneMatch(allowed.get().groups()::contains)) {
            return Optional.of("it is for " + String.join(" or ", allowed.get().groups().stream().sorted().toList())
                    + ": " + allowed.get().reason());
        }
        return Optional.empty();
    }

    /** The entry for exactly this class: a subclass is a command of its own and is decided on its own. */
    static Optional<Allowed> allowed(Class<?> command) {
        return ALLOWED.stream().filter(entry -> entry.command().equals(command)).findFirst();
    }

    /** "ModifyProcessInstanceCmd" as "modify process instance". */
    static String describe(Class<?> command) {
        String name = command.getSimpleName().isEmpty() ? command.getName() : command.getSimpleName();
        name = name.replaceAll("(Cmd|Impl)$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    /** For describing a refused command instance. */
    static String describe(Command<?> command) {
        return describe(command.getClass());
    }
}
