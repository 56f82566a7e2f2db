package org.bischeduler.cutover.runbook;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulates a crash right after a step did its work and before the engine committed: the
 * transaction rolls back, the job runs again, and the step meets a host where its work is done.
 * Enabled per process instance; each step crashes once.
 */
class CrashAfterSteps extends AbstractProcessEnginePlugin {

    private static final Set<String> ENABLED = ConcurrentHashMap.newKeySet();
    private static final Set<String> CRASHED = ConcurrentHashMap.newKeySet();

    static void enableFor(String processInstanceId) {
        ENABLED.add(processInstanceId);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                crashAtTheEndOf(activity);
            }

            /** A phase step's box ends when its step process has run the step. */
            @Override
            public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
                crashAtTheEndOf(activity);
            }
        });
    }

    private static void crashAtTheEndOf(ActivityImpl activity) {
        activity.addListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> {
            String key = execution.getProcessInstanceId() + "/" + execution.getCurrentActivityId();
            if (ENABLED.contains(execution.getProcessInstanceId()) && CRASHED.add(key)) {
                throw new IllegalStateException("simulated crash after " + execution.getCurrentActivityId());
            }
        });
    }
}
