package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ParseListeners;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the {@link UserCommandGuard} in front of every engine command, the {@link WaveCompletion}
 * right behind it, and the {@link DecisionRecorder} on the completion of every user task the
 * engine deploys, so no model can leave a task out.
 */
@Component
class EngineGuardPlugin extends AbstractProcessEnginePlugin {

    private final TaskForms forms;
    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final RunStore runs;
    private final DecisionRecorder recorder;

    EngineGuardPlugin(CutoverProperties properties, TargetLocks locks, RunStore runs) {
        this.forms = TaskForms.fromClasspath();
        this.properties = properties;
        this.locks = locks;
        this.runs = runs;
        this.recorder = new DecisionRecorder(runs, forms, properties);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomPreCommandInterceptorsTxRequired(
                withGuard(configuration, configuration.getCustomPreCommandInterceptorsTxRequired()));
        configuration.setCustomPreCommandInterceptorsTxRequiresNew(
                withGuard(configuration, configuration.getCustomPreCommandInterceptorsTxRequiresNew()));
        ParseListeners.addPost(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_COMPLETE, recorder);
            }
        });
    }

    /** A guard of its own for each chain: an interceptor knows one next element. */
    private List<CommandInterceptor> withGuard(ProcessEngineConfigurationImpl configuration, List<CommandInterceptor> interceptors) {
        UserCommandGuard guard = new UserCommandGuard(forms, properties, locks, runs);
        guard.attach(configuration);
        WaveCompletion wave = new WaveCompletion(forms, properties, runs);
        wave.attach(configuration);
        List<CommandInterceptor> all = new ArrayList<>();
        all.add(guard);
        all.add(wave);
        if (interceptors != null) {
            all.addAll(interceptors);
        }
        return all;
    }
}
