package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.StepProcess;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every version of the cutover process at the configured history time to live, so run
 * records stay for that long after a run ended and the history cleanup (in its nightly window)
 * removes them after.
 */
@Component
class RetentionSetup {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSetup.class);

    private final RepositoryService repository;
    private final CutoverProperties properties;

    RetentionSetup(RepositoryService repository, CutoverProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @EventListener
    public void onStarted(ApplicationStartedEvent event) {
        int days = Math.toIntExact(properties.audit().retention().toDays());
        if (days < 1) {
            throw new IllegalStateException("cutover.audit.retention must be at least one day");
        }
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery()
                .processDefinitionKeyIn(ProcessVariables.PROCESS_KEY, StepProcess.KEY).list()) {
            if (definition.getHistoryTimeToLive() == null || definition.getHistoryTimeToLive() != days) {
                repository.updateProcessDefinitionHistoryTimeToLive(definition.getId(), days);
                LOG.info("run records of {} v{} are kept {} days", definition.getKey(), definition.getVersion(), days);
            }
        }
    }
}
