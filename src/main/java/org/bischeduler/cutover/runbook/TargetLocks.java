package org.bischeduler.cutover.runbook;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * One cutover per target at a time, across every node that shares the engine's database: a run
 * inserts its target's row in the transaction that starts it and deletes it when it ends. The
 * primary key refuses a second row, so two starts racing on two nodes cannot both win.
 */
@Component
class TargetLocks {

    private final JdbcTemplate jdbc;

    TargetLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void acquire(String target, String processInstanceId, String changeReference) {
        try {
            jdbc.update("INSERT INTO CUTOVER_TARGET_LOCK (TARGET_, PROC_INST_ID_, CHANGE_REF_, LOCKED_AT_) VALUES (?, ?, ?, ?)",
                    target, processInstanceId, changeReference, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException busy) {
            List<String> holder = jdbc.query("SELECT PROC_INST_ID_, CHANGE_REF_ FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ?",
                    (row, i) -> row.getString(1) + " (" + row.getString(2) + ")", target);
            throw new CutoverRefusedException("target '" + target + "' already has a cutover in progress: run "
                    + (holder.isEmpty() ? "(just ended)" : holder.get(0)) + "; one cutover per target at a time");
        }
    }

    void release(String target, String processInstanceId) {
        jdbc.update("DELETE FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ? AND PROC_INST_ID_ = ?", target, processInstanceId);
    }
}
