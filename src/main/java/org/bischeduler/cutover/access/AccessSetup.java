package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.SecretReference;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Creates the groups, their rights and their Tasklist filters when absent: ops start and operate
 * cutovers, managers approve them, auditors read their history. With authorization on, a user
 * sees and works only the tasks of the groups they belong to.
 */
@Component
class AccessSetup {

    private static final Logger LOG = LoggerFactory.getLogger(AccessSetup.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;
    private final CutoverProperties properties;

    AccessSetup(IdentityService identity, AuthorizationService authorizations, FilterService filters,
                TaskService tasks, CutoverProperties properties) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
        this.properties = properties;
    }

    @EventListener
    public void onDeployed(ApplicationStartedEvent event) {
        createGroup(Groups.OPS, "Operations");
        createGroup(Groups.MANAGERS, "Change managers");
        createGroup(Groups.AUDITORS, "Auditors");
        // Tasklist only: Cockpit's commands are for the admin group (CommandAllowlist); the record is the app's own pages
        for (String group : Groups.ALL) {
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        }
        revoke(Resources.APPLICATION, "cockpit", Groups.ALL);
        for (String process : List.of(ProcessVariables.PROCESS_KEY, ProcessVariables.FLEET_KEY)) {
            grant(Groups.OPS, Resources.PROCESS_DEFINITION, process,
                    ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE,
                    ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                    ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_TASK);
            grant(Groups.MANAGERS, Resources.PROCESS_DEFINITION, process,
                    ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                    ProcessDefinitionPermissions.READ_TASK);
            grant(Groups.AUDITORS, Resources.PROCESS_DEFINITION, process,
                    ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY);
        }
        // a step's decision belongs to its run: the same reading rights, but nobody starts a step process on its own
        grant(Groups.OPS, Resources.PROCESS_DEFINITION, StepProcess.KEY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.READ_TASK);
        grant(Groups.MANAGERS, Resources.PROCESS_DEFINITION, StepProcess.KEY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.READ_TASK);
        grant(Groups.AUDITORS, Resources.PROCESS_DEFINITION, StepProcess.KEY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY);
        grant(Groups.OPS, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
        grant(Groups.OPS, Resources.DEPLOYMENT, "*", Permissions.READ);
        grant(Groups.MANAGERS, Resources.DEPLOYMENT, "*", Permissions.READ);
        createFilter("Cutover: operations tasks", Groups.OPS, 10);
        createFilter("Cutover: manager approvals", Groups.MANAGERS, 20);
        properties.users().forEach(this::createUser);
    }

    private void createGroup(String id, String name) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identity.saveGroup(group);
            LOG.info("created group {}", id);
        }
    }

    private void createUser(String id, CutoverProperties.User config) {
        if (identity.createUserQuery().userId(id).count() > 0) {
            return;
        }
        var password = SecretReference.resolve("cutover.users." + id + ".password", config.password());
        if (!password.isPresent()) {
            throw new IllegalStateException("cutover.users." + id + ".password: a password reference is required");
        }
        User user = identity.newUser(id);
        user.setFirstName(config.firstName().isEmpty() ? id : config.firstName());
        user.setLastName(config.lastName());
        user.setEmail(config.email());
        user.setPassword(password.reveal());
        identity.saveUser(user);
        for (String group : config.groups()) {
            if (!group.isEmpty()) {
                identity.createMembership(id, group);
            }
        }
        LOG.info("created user {} in {}", id, config.groups());
    }

    /**
     * A group's Tasklist filter; it keeps a task someone claimed (a candidate-group query alone
     * drops it the moment it is claimed). An existing filter of that name gets the same query.
     */
    private void createFilter(String name, String group, int priority) {
        TaskQuery query = tasks.createTaskQuery().taskCandidateGroup(group).includeAssignedTasks()
                .processDefinitionKeyIn(ProcessVariables.PROCESS_KEY, ProcessVariables.FLEET_KEY, StepProcess.KEY);
        Filter existing = filters.createFilterQuery().filterName(name).singleResult();
        if (existing != null) {
            filters.saveFilter(existing.setQuery(query));
            return;
        }
        Filter filter = filters.newTaskFilter(name).setQuery(query)
                .setProperties(Map.of("priority", priority, "description", "Cutover tasks for " + group, "refresh", true));
        filters.saveFilter(filter);
        grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
    }

    /** Removes the grants these groups had on a resource (an earlier version gave them Cockpit). */
    private void revoke(Resource resource, String resourceId, List<String> groups) {
        authorizations.createAuthorizationQuery().groupIdIn(groups.toArray(String[]::new)).resourceType(resource)
                .resourceId(resourceId).list().forEach(authorization -> authorizations.deleteAuthorization(authorization.getId()));
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        boolean present = authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(resource)
                .resourceId(resourceId).count() > 0;
        if (present) {
            return;
        }
        Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(group);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizations.saveAuthorization(authorization);
    }
}
