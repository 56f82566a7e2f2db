package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.ParseListeners;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Names the target in the tasks of a fleet's target runs ("Functional sign-off · school-03"): in
 * Tasklist's list a wave's tasks would otherwise all read the same. The target is the run's own,
 * from the run store.
 */
@Component
class FleetTaskNames extends AbstractProcessEnginePlugin implements TaskListener {

    private final RunStore runs;

    FleetTaskNames(RunStore runs) {
        this.runs = runs;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addPost(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_CREATE, FleetTaskNames.this);
            }
        });
    }

    @Override
    public void notify(DelegateTask task) {
        // a fleet's target run is the only run with a parent
        DelegateExecution runInstance = StepProcess.runInstanceOf(task);
        if (runInstance.getSuperExecution() == null) {
            return;
        }
        runs.identity(runInstance.getProcessInstanceId()).ifPresent(run -> task.setName(task.getName() + " · " + run.target()));
    }
}
