package org.bischeduler.cutover.run;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One cutover per target at a time, across every node that shares the engine's database: a run
 * inserts its target's row in the transaction that starts it and deletes it when it ends. The
 * primary key refuses a second row, so two starts racing on two nodes cannot both win.
 */
@Component
public class TargetLocks {

    private final JdbcTemplate jdbc;

    TargetLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void acquire(String target, String processInstanceId, String changeReference) {
        try {
            jdbc.update("INSERT INTO CUTOVER_TARGET_LOCK (TARGET_, PROC_INST_ID_, CHANGE_REF_, LOCKED_AT_) VALUES (?, ?, ?, ?)",
                    target, processInstanceId, changeReference, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException busy) {
            throw new CutoverRefusedException(busyMessage(target, holder(target).orElse("(just ended)")));
        }
    }

    /** The run holding the target, as "id (change)", if any. */
    public Optional<String> holder(String target) {
        List<String> holder = jdbc.query("SELECT PROC_INST_ID_, CHANGE_REF_ FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ?",
                (row, i) -> row.getString(1) + " (" + row.getString(2) + ")", target);
        return holder.stream().findFirst();
    }

    public static String busyMessage(String target, String holder) {
        return "target '" + target + "' already has a cutover in progress: run " + holder + "; one cutover per target at a time";
    }

    public void release(String target, String processInstanceId) {
        jdbc.update("DELETE FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ? AND PROC_INST_ID_ = ?", target, processInstanceId);
    }
}
