package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the engine's history cleanup: once a run's history is removed (its retention passed),
 * what the run store kept of it goes too, so no record outlives {@code cutover.audit.retention}.
 */
@Component
public class RunStoreCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunStoreCleanup.class);

    private final RunStore runs;

    RunStoreCleanup(RunStore runs) {
        this.runs = runs;
    }

    /** Every hour; the history cleanup works in batches through its nightly window. */
    @Scheduled(cron = "0 17 * * * *")
    public void removeExpiredRecords() {
        int removed = runs.removeRunsWithoutHistory();
        if (removed > 0) {
            LOG.info("removed the records of {} run(s) whose retention passed", removed);
        }
    }
}
