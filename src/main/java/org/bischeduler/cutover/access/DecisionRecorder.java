package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.Decision;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completes every user task of a cutover in the run store: who completed it (as authenticated),
 * in which groups, when, and the values its form took. A manager's approval of the plan is the
 * admission every host step checks. It refuses a completion by nobody in particular and a
 * manager's decision by someone who may not take it; the engine guard answers those first, this
 * is the last word for every path into the engine.
 */
final class DecisionRecorder implements TaskListener {

    private final RunStore runs;
    private final TaskForms forms;
    private final WhoMayDecide deciders;

    DecisionRecorder(RunStore runs, TaskForms forms, CutoverProperties properties) {
        this.runs = runs;
        this.forms = forms;
        this.deciders = new WhoMayDecide(properties.access());
    }

    @Override
    public void notify(DelegateTask task) {
        Authentication user = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (user == null || user.getUserId() == null) {
            throw new AuthorizationException("'" + task.getName() + "' is completed by a logged-in person, not anonymously");
        }
        String runId = StepProcess.runOf(task);
        // the task's group as the deployed model declares it: its live candidate links can be changed
        Set<String> taskGroups = ModelTaskGroups.of(Context.getCommandContext(), task.getProcessDefinitionId(), task.getTaskDefinitionKey());
        deciders.refusal(user, taskGroups, runs.identity(runId), task.getName()).ifPresent(reason -> {
            throw new AuthorizationException(reason);
        });
        String processKey = Context.getProcessEngineConfiguration().getDeploymentCache()
                .findDeployedProcessDefinitionById(task.getProcessDefinitionId()).getKey();
        Optional<Map<String, Object>> submitted = FormSubmission.of(task.getId());
        Map<String, String> fields = forms.form(processKey, task.getTaskDefinitionKey())
                .map(form -> form.editableValues(name -> submitted.isPresent() ? submitted.get().get(name) : task.getVariable(name)))
                .orElse(Map.of());
        Instant now = Instant.now();
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        runs.addDecision(runId, new Decision(task.getId(), task.getTaskDefinitionKey(), user.getUserId(), groups, now, fields));
        if (ProcessVariables.APPROVE_PLAN_TASK.equals(task.getTaskDefinitionKey())
                && ProcessVariables.APPROVE.equals(fields.get(ProcessVariables.APPROVAL_DECISION))) {
            runs.recordApproval(runId, user.getUserId(), now);
        }
    }
}
