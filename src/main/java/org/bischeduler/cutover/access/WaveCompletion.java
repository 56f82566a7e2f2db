package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gives a fleet target's answer to the same open task of the other targets in its wave, when the
 * person asks for it on a form that offers it (its {@code applyToWave} field). It stands behind the
 * {@link UserCommandGuard}, so the answer has passed that target's checks; then, after their own
 * completion, it completes each other task as them, through the whole guard again (its form,
 * separation of duties, the record of the decision), so nothing goes that they could not have done
 * one by one. A field the form marks per target keeps each target's own value. A task that cannot
 * be completed so stays open, to be worked on its own. For a failed step's decision, only targets
 * whose same step failed go along.
 */
final class WaveCompletion extends CommandInterceptor {

    static final String APPLY_TO_WAVE = "applyToWave";
    private static final Logger LOG = LoggerFactory.getLogger(WaveCompletion.class);
    /** Set while the other tasks are completed: their completions carry the same field and go no further. */
    private static final ThreadLocal<Boolean> APPLYING = new ThreadLocal<>();

    private final TaskForms forms;
    private final CutoverProperties properties;
    private final RunStore runs;
    private ProcessEngineConfigurationImpl engine;

    WaveCompletion(TaskForms forms, CutoverProperties properties, RunStore runs) {
        this.forms = forms;
        this.properties = properties;
        this.runs = runs;
    }

    void attach(ProcessEngineConfigurationImpl engine) {
        this.engine = engine;
    }

    @Override
    public <T> T execute(Command<T> command) {
        if (Context.getCommandContext() != null || Boolean.TRUE.equals(APPLYING.get())) {
            return next.execute(command);
        }
        Optional<TaskCompletion> answer = waveAnswer(command);
        if (answer.isEmpty()) {
            return next.execute(command);
        }
        // found before the answer is given: the task is gone afterwards
        List<Task> others = internally(services -> othersInWave(services, answer.get().taskId()));
        T result = next.execute(command);
        APPLYING.set(true);
        try {
            for (Task other : others) {
                complete(other, answer.get().values());
            }
        } finally {
            APPLYING.remove();
        }
        return result;
    }

    private void complete(Task other, Map<String, Object> answer) {
        try {
            Map<String, Object> values = internally(services -> valuesFor(services, other, answer));
            engine.getTaskService().complete(other.getId(), values);
            LOG.info("'{}' of run {} completed with its wave's answer", other.getName(), other.getProcessInstanceId());
        } catch (RuntimeException refused) {
            LOG.warn("'{}' of run {} stays open: the wave's answer was not accepted: {}", other.getName(),
                    other.getProcessInstanceId(), refused.getMessage());
        }
    }

    /** A completion by a logged-in person that asks for its wave. */
    private Optional<TaskCompletion> waveAnswer(Command<?> command) {
        Authentication user = engine.getIdentityService().getCurrentAuthentication();
        if (user == null || user.getUserId() == null) {
            return Optional.empty();
        }
        return TaskCompletion.of(command).filter(completion -> Boolean.TRUE.equals(completion.values().get(APPLY_TO_WAVE)));
    }

    /** The same open task in the other target runs of the fleet that go with this one (its wave, or its rollback). */
    private List<Task> othersInWave(ProcessEngineServices services, String taskId) {
        Task task = services.getTaskService().createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            return List.of();
        }
        RuntimeService runtime = services.getRuntimeService();
        String runId = StepProcess.runOf(task, runtime);
        ProcessInstance fleet = runtime.createProcessInstanceQuery().subProcessInstanceId(runId).singleResult();
        Optional<RunIdentity> fleetRun = fleet == null ? Optional.empty() : runs.identity(fleet.getId());
        Optional<RunIdentity> run = runs.identity(runId);
        if (fleetRun.isEmpty() || run.isEmpty() || !properties.fleets().containsKey(fleetRun.get().target())) {
            return List.of();
        }
        Object stage = stageOf(services, runId);
        List<String> wave = ProcessVariables.STAGE_UNDO.equals(stage) ? null
                : properties.fleet(fleetRun.get().target()).waveOf(run.get().target());
        List<String> runIds = runtime.createProcessInstanceQuery().superProcessInstanceId(fleet.getId()).list().stream()
                .map(ProcessInstance::getId).filter(id -> !id.equals(runId))
                .filter(id -> Objects.equals(stageOf(services, id), stage))
                .filter(id -> wave == null || runs.identity(id).map(other -> wave.contains(other.target())).orElse(false))
                .toList();
        boolean decidesFailedStep = StepProcess.isStepProcess(task.getProcessDefinitionId());
        // a failed step's decision waits in the step process its run's box called
        List<String> instances = !decidesFailedStep ? runIds : runIds.stream()
                .flatMap(id -> runtime.createProcessInstanceQuery().superProcessInstanceId(id).list().stream())
                .map(ProcessInstance::getId).toList();
        if (instances.isEmpty()) {
            return List.of();
        }
        Object failedStep = runtime.getVariable(task.getProcessInstanceId(), ProcessVariables.FAILED_STEP);
        return services.getTaskService().createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new))
                .taskDefinitionKey(task.getTaskDefinitionKey()).list().stream()
                .filter(other -> !decidesFailedStep || Objects.equals(failedStep,
                        services.getRuntimeService().getVariable(other.getProcessInstanceId(), ProcessVariables.FAILED_STEP)))
                .toList();
    }

    private static Object stageOf(ProcessEngineServices services, String runId) {
        return services.getRuntimeService().getVariable(runId, ProcessVariables.FLEET_STAGE);
    }

    /** The answer's editable fields for another target: as given, except those the form keeps per target. */
    private Map<String, Object> valuesFor(ProcessEngineServices services, Task other, Map<String, Object> answer) {
        String processKey = services.getRepositoryService().getProcessDefinition(other.getProcessDefinitionId()).getKey();
        TaskForms.Form form = forms.form(processKey, other.getTaskDefinitionKey()).orElseThrow(() ->
                new IllegalStateException("'" + other.getName() + "' has no form"));
        Map<String, Object> values = new LinkedHashMap<>();
        form.fields().values().stream().filter(field -> !field.readOnly()).forEach(field -> {
            Object value = field.perTarget() ? services.getTaskService().getVariable(other.getId(), field.key()) : answer.get(field.key());
            if (value != null) {
                values.put(field.key(), value);
            }
        });
        return values;
    }

    /** Looks up as the engine itself, outside the user's authorizations, in one command. */
    private <T> T internally(Function<ProcessEngineServices, T> lookup) {
        return UserCommandGuard.internally(engine, context -> lookup.apply(context.getProcessEngineConfiguration().getProcessEngine()));
    }
}
