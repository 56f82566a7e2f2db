package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.CutoverMetrics;
import org.bischeduler.cutover.run.ParseListeners;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;


/** Counts each run's outcome and its user-visible downtime when the run ends, as the record reads them. */
@Component
class RunEndMetrics extends AbstractProcessEnginePlugin {

    private final CutoverMetrics metrics;
    private final RunStore runs;

    RunEndMetrics(CutoverMetrics metrics, RunStore runs) {
        this.metrics = metrics;
        this.runs = runs;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ExecutionListener ended = this::runEnded;
        ParseListeners.addPost(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element element, ProcessDefinitionEntity definition) {
                if (ProcessVariables.PROCESS_KEY.equals(definition.getKey())) {
                    definition.addListener(ExecutionListener.EVENTNAME_END, ended);
                }
            }
        });
    }

    private void runEnded(DelegateExecution execution) {
        String outcome = execution.isCanceled() ? "cancelled" : RunHistory.outcomeAt(execution.getCurrentActivityId());
        metrics.runEnded(outcome, RunHistory.downtime(runs.values(execution.getProcessInstanceId())).countedMillis());
    }
}
