package org.bischeduler.cutover.run;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * The step process ({@code Process_RunStep}): each phase step's box in a cutover calls it to run
 * the step and, when the step fails, to ask an operator whether to retry it. Its instance belongs
 * to the run whose box called it, as the engine links them; a task in it is that run's task.
 */
public final class StepProcess {

    public static final String KEY = "Process_RunStep";

    private StepProcess() {
    }

    public static boolean isStepProcess(String processDefinitionId) {
        return processDefinitionId != null && processDefinitionId.startsWith(KEY + ":");
    }

    /** The process instance of the run a task belongs to. */
    public static DelegateExecution runInstanceOf(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        if (!isStepProcess(task.getProcessDefinitionId()) || instance.getSuperExecution() == null) {
            return instance;
        }
        return instance.getSuperExecution().getProcessInstance();
    }

    /** The id of the run a task belongs to (in a command: {@code TaskEntity} is a {@link DelegateTask}). */
    public static String runOf(DelegateTask task) {
        return runInstanceOf(task).getProcessInstanceId();
    }

    /** The id of the run a task belongs to, outside the engine's commands. */
    public static String runOf(Task task, RuntimeService runtime) {
        if (!isStepProcess(task.getProcessDefinitionId())) {
            return task.getProcessInstanceId();
        }
        ProcessInstance run = runtime.createProcessInstanceQuery().subProcessInstanceId(task.getProcessInstanceId()).singleResult();
        return run == null ? task.getProcessInstanceId() : run.getId();
    }
}
