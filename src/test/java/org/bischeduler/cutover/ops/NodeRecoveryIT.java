package org.bischeduler.cutover.ops;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the engine's own tables: a node unheard of for longer than {@code dead-after} has its job
 * locks given back by the others, a live node keeps its own, and the node's job executor locks
 * under its stable name.
 */
@SpringBootTest(properties = "cutover.recovery.node-name=node-self")
@ActiveProfiles("processtest")
class NodeRecoveryIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NodeHeartbeat heartbeat;
    @Autowired
    org.camunda.bpm.engine.ProcessEngine engine;

    @Test
    void theJobsOfASilentNodeAreGivenBackAndALiveNodeKeepsItsOwn() {
        Timestamp now = jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class);
        // the jobs first, then the nodes: the app's own heartbeat runs every 10 s beside this test, and one
        // that fell between a dead node's row and its job forgot the node before its job was there
        lockedJob("job-of-dead", "node-dead");
        lockedJob("job-of-live", "node-live");
        seen("node-dead", now.toInstant().minus(45, ChronoUnit.SECONDS));
        seen("node-live", now.toInstant().minus(5, ChronoUnit.SECONDS));

        heartbeat.beat();

        assertThat(lockOwner("job-of-dead")).as("given back").isNull();
        assertThat(lockOwner("job-of-live")).isEqualTo("node-live");
        assertThat(jdbc.queryForList("SELECT NAME_ FROM CUTOVER_NODE", String.class)).containsExactlyInAnyOrder("node-self", "node-live");
    }

    @Test
    void theNodeLocksJobsUnderItsStableName() {
        assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getJobExecutor().getLockOwner()).isEqualTo("node-self");
    }

    private void seen(String node, Instant at) {
        jdbc.update("INSERT INTO CUTOVER_NODE (NAME_, SEEN_) VALUES (?, ?)", node, Timestamp.from(at));
    }

    /** A job due in a year, locked by the node for half an hour, as the engine leaves it when the node dies. */
    private void lockedJob(String id, String owner) {
        jdbc.update("INSERT INTO ACT_RU_JOB (ID_, REV_, TYPE_, LOCK_OWNER_, LOCK_EXP_TIME_, RETRIES_, DUEDATE_, HANDLER_TYPE_, "
                        + "SUSPENSION_STATE_, PRIORITY_, SEQUENCE_COUNTER_, CREATE_TIME_) VALUES (?, 1, 'message', ?, ?, 3, ?, 'async-continuation', 1, 0, 1, ?)",
                id, owner, Timestamp.from(Instant.now().plus(30, ChronoUnit.MINUTES)),
                Timestamp.from(Instant.now().plus(365, ChronoUnit.DAYS)), Timestamp.from(Instant.now()));
    }

    private String lockOwner(String id) {
        return jdbc.queryForObject("SELECT LOCK_OWNER_ FROM ACT_RU_JOB WHERE ID_ = ?", String.class, id);
    }
}
