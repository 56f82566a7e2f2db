package org.bischeduler.cutover.notify;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ParseListeners;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells people when they are needed and when a run ends: a listener on the creation of every user
 * task (managers for an approval or an overrun review, the operators for a failed step's or a
 * failed rollback's decision) and on the end of every run (the subscribers, and the requester at the address configuration gives them);
 * and, on the tasks that tell users something, the announcements the operator sends from them.
 */
@Component
class NotificationPlugin extends AbstractProcessEnginePlugin {

    private final Notifier notifier;
    private final Announcements announcements;
    private final RunStore runs;
    private final CutoverProperties properties;

    NotificationPlugin(Notifier notifier, Announcements announcements, RunStore runs, CutoverProperties properties) {
        this.notifier = notifier;
        this.announcements = announcements;
        this.runs = runs;
        this.properties = properties;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        TaskListener waiting = this::taskWaits;
        ExecutionListener ended = this::runEnded;
        ParseListeners.addPost(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                var task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
                task.addTaskListener(TaskListener.EVENTNAME_CREATE, waiting);
                if (Announcements.tellsUsers(activity.getId())) {
                    task.addTaskListener(TaskListener.EVENTNAME_CREATE, announcements::prefill);
                    task.addTaskListener(TaskListener.EVENTNAME_COMPLETE, announcements::sendIfChosen);
                }
            }

            @Override
            public void parseProcess(Element element, ProcessDefinitionEntity definition) {
                definition.addListener(ExecutionListener.EVENTNAME_END, ended);
            }
        });
    }

    private void taskWaits(DelegateTask task) {
        String key = task.getTaskDefinitionKey();
        boolean forManagers = key.equals("Task_ApprovePlan") || key.startsWith("Task_Review");
        boolean forOperators = key.startsWith("Task_Decide") || key.equals("Task_ResolveFailedRollback");
        if (!forManagers && !forOperators) {
            return;
        }
        String runId = StepProcess.runOf(task);
        Optional<RunIdentity> run = runs.identity(runId);
        String about = run.map(r -> r.changeReference() + " on " + r.target()).orElse(runId);
        String failed = forOperators && task.getVariable("failedStepName") != null ? " (" + task.getVariable("failedStepName") + ")" : "";
        notifier.send(new Notification(runId, forManagers ? "approval-waiting" : "decision-waiting",
                "Cutover " + about + ": " + task.getName() + failed,
                task.getName() + failed + " waits for " + (forManagers ? "a manager" : "an operator") + " in Tasklist.",
                notifier.settings().baseUrl() + "/camunda/app/tasklist/default/#/?task=" + task.getId(),
                forManagers ? notifier.settings().managers() : notifier.settings().operators(), true));
    }

    private static boolean isFleet(DelegateExecution execution) {
        return ProcessVariables.FLEET_KEY.equals(execution.getProcessEngineServices().getRepositoryService()
                .getProcessDefinition(execution.getProcessDefinitionId()).getKey());
    }

    private void runEnded(DelegateExecution execution) {
        Optional<RunIdentity> run = runs.identity(execution.getProcessInstanceId());
        if (run.isEmpty()) {
            return;
        }
        List<String> recipients = new ArrayList<>(notifier.settings().subscribers());
        // from configuration, never from the engine's profile, which its user could edit
        Optional.ofNullable(properties.users().get(run.get().startedBy())).map(CutoverProperties.User::email)
                .filter(email -> !email.isBlank() && !recipients.contains(email)).ifPresent(recipients::add);
        String end = execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : "the end";
        notifier.send(new Notification(execution.getProcessInstanceId(), "run-ended",
                "Cutover " + run.get().changeReference() + " on " + run.get().target() + ": " + end,
                "The run ended: " + end + ". Its record:",
                notifier.settings().baseUrl() + (isFleet(execution) ? "/cutover/fleets/" : "/cutover/runs/") + execution.getProcessInstanceId(),
                List.copyOf(recipients), true));
    }
}
