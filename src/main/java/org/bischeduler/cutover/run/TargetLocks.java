package org.bischeduler.cutover.run;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * One cutover per target at a time, across every node that shares the engine's database: a run
 * inserts its target's row in the transaction that starts it and deletes it when it ends. The
 * primary key refuses a second row, so two starts racing on two nodes cannot both win. A row whose
 * run no longer exists (an admin deleted it skipping its listeners) is released by the next start
 * on that target, which records a warning. A fleet run holds all its targets for its whole life:
 * each of its target runs takes its target over from the fleet and hands it back when it ends, so
 * no other run starts on a fleet's target between its waves, or between its cutover and its rollback.
 */
@Component
public class TargetLocks {

    private final JdbcTemplate jdbc;

    TargetLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the target for this run; returns a warning when it released the lock of a run that no longer exists. */
    public Optional<String> acquire(String target, String processInstanceId, String changeReference) {
        Optional<String> released = releaseStale(target);
        try {
            jdbc.update("INSERT INTO CUTOVER_TARGET_LOCK (TARGET_, PROC_INST_ID_, CHANGE_REF_, LOCKED_AT_) VALUES (?, ?, ?, ?)",
                    target, processInstanceId, changeReference, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException busy) {
            throw new CutoverRefusedException(busyMessage(target, holder(target).orElse("(just ended)")));
        }
        return released.map(stale -> "the lock on target '" + target + "' was still held by run " + stale
                + ", which no longer exists (ended without its end listener); it was released for this run");
    }

    /** Takes the target for a fleet's target run: over from the fleet that holds it, or as {@link #acquire} does. */
    public Optional<String> acquireFrom(String fleetRunId, String target, String processInstanceId, String changeReference) {
        int taken = jdbc.update("UPDATE CUTOVER_TARGET_LOCK SET PROC_INST_ID_ = ?, LOCKED_AT_ = ? WHERE TARGET_ = ? AND PROC_INST_ID_ = ?",
                processInstanceId, Timestamp.from(Instant.now()), target, fleetRunId);
        return taken == 1 ? Optional.empty() : acquire(target, processInstanceId, changeReference);
    }

    /** A fleet's target run that ended gives its target back to the fleet, which still holds it until it ends itself. */
    public void handBack(String target, String processInstanceId, String fleetRunId) {
        jdbc.update("UPDATE CUTOVER_TARGET_LOCK SET PROC_INST_ID_ = ?, LOCKED_AT_ = ? WHERE TARGET_ = ? AND PROC_INST_ID_ = ?",
                fleetRunId, Timestamp.from(Instant.now()), target, processInstanceId);
    }

    /** Every target this run holds is free again: the end of a fleet run. */
    public void releaseAll(String processInstanceId) {
        jdbc.update("DELETE FROM CUTOVER_TARGET_LOCK WHERE PROC_INST_ID_ = ?", processInstanceId);
    }

    /** The live run holding the target, as "id (change)", if any; a lock whose run is gone does not count. */
    public Optional<String> holder(String target) {
        return lock(target).filter(lock -> runExists(lock.processInstanceId())).map(Lock::describe);
    }

    private Optional<String> releaseStale(String target) {
        Optional<Lock> stale = lock(target).filter(lock -> !runExists(lock.processInstanceId()));
        stale.ifPresent(lock -> jdbc.update("DELETE FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ? AND PROC_INST_ID_ = ?",
                target, lock.processInstanceId()));
        return stale.map(Lock::describe);
    }

    private Optional<Lock> lock(String target) {
        return jdbc.query("SELECT PROC_INST_ID_, CHANGE_REF_ FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ?",
                (row, i) -> new Lock(row.getString(1), row.getString(2)), target).stream().findFirst();
    }

    private boolean runExists(String processInstanceId) {
        Long executions = jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_EXECUTION WHERE PROC_INST_ID_ = ?", Long.class,
                processInstanceId);
        return executions != null && executions > 0;
    }

    private record Lock(String processInstanceId, String changeReference) {
        String describe() {
            return processInstanceId + " (" + changeReference + ")";
        }
    }

    public static String busyMessage(String target, String holder) {
        return "target '" + target + "' already has a cutover in progress: run " + holder + "; one cutover per target at a time";
    }

    public void release(String target, String processInstanceId) {
        jdbc.update("DELETE FROM CUTOVER_TARGET_LOCK WHERE TARGET_ = ? AND PROC_INST_ID_ = ?", target, processInstanceId);
    }
}
