package org.bischeduler.cutover.ops;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

/**
 * The engine's job locks by node, and the nodes' signs of life, in the engine database. The engine
 * keeps a job locked by a dead node until the lock expires (30 minutes here, longer than the longest
 * step); this gives those jobs back as soon as the node is known to be dead. Times are the
 * database's, so the nodes' clocks need not agree.
 */
@Component
class NodeLocks {

    private final JdbcTemplate jdbc;

    NodeLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Gives back every job the node holds, for any node to acquire again. The revision moves on, so
     * a node that was only thought dead cannot commit the job it was running (steps are idempotent).
     */
    int releaseJobsOf(String node) {
        return jdbc.update("UPDATE ACT_RU_JOB SET LOCK_OWNER_ = NULL, LOCK_EXP_TIME_ = NULL, REV_ = REV_ + 1 WHERE LOCK_OWNER_ = ?",
                node);
    }

    /** The node is alive now. */
    void heartbeat(String node) {
        if (jdbc.update("UPDATE CUTOVER_NODE SET SEEN_ = CURRENT_TIMESTAMP WHERE NAME_ = ?", node) == 0) {
            jdbc.update("INSERT INTO CUTOVER_NODE (NAME_, SEEN_) VALUES (?, CURRENT_TIMESTAMP)", node);
        }
    }

    /** Nodes other than this one not heard from for longer than {@code deadAfter}. */
    List<String> deadNodes(String self, Duration deadAfter) {
        return jdbc.query("SELECT NAME_, SEEN_, CURRENT_TIMESTAMP FROM CUTOVER_NODE WHERE NAME_ <> ?",
                (row, i) -> {
                    Timestamp seen = row.getTimestamp(2);
                    Timestamp now = row.getTimestamp(3);
                    return now.getTime() - seen.getTime() > deadAfter.toMillis() ? row.getString(1) : null;
                }, self).stream().filter(name -> name != null).toList();
    }

    void forget(String node) {
        jdbc.update("DELETE FROM CUTOVER_NODE WHERE NAME_ = ?", node);
    }
}
