package org.bischeduler.cutover.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's own record of each run, in tables beside the engine's and keyed by process instance:
 * what the run acts on, what it passed (preflight, approval), what its steps found and made, every
 * step record and every decision. Only step code and the app's listeners write here; no form, task
 * or REST call of the engine can, so nothing a user submits decides what runs on a host.
 * <p>
 * Writes join the engine's transaction (same data source, Spring's transaction manager): a step
 * whose job rolls back leaves nothing here either.
 */
@Component
public class RunStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    RunStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void open(RunIdentity run) {
        jdbc.update("INSERT INTO CUTOVER_RUN (PROC_INST_ID_, TARGET_, CHANGE_REF_, WINDOW_START_, RUN_STAMP_, STARTED_BY_, STARTED_AT_)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", run.processInstanceId(), run.target(), run.changeReference(),
                run.windowStart(), run.runStamp(), run.startedBy(), Timestamp.from(run.startedAt()));
    }

    public Optional<RunIdentity> identity(String processInstanceId) {
        return jdbc.query("SELECT TARGET_, CHANGE_REF_, WINDOW_START_, RUN_STAMP_, STARTED_BY_, STARTED_AT_ FROM CUTOVER_RUN"
                        + " WHERE PROC_INST_ID_ = ?", (row, i) -> new RunIdentity(processInstanceId, row.getString(1),
                        row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getTimestamp(6).toInstant()),
                processInstanceId).stream().findFirst();
    }

    /** The runs that acted on a target, for the run list's filter. */
    public List<String> runsOn(String target) {
        return jdbc.queryForList("SELECT PROC_INST_ID_ FROM CUTOVER_RUN WHERE TARGET_ = ?", String.class, target);
    }

    public void recordApproval(String processInstanceId, String approver, Instant at) {
        jdbc.update("UPDATE CUTOVER_RUN SET APPROVED_BY_ = ?, APPROVED_AT_ = ? WHERE PROC_INST_ID_ = ?",
                approver, Timestamp.from(at), processInstanceId);
    }

    /** What the run passed, read in one query; {@code values} are the run's kept values, already loaded by the caller. */
    public Admission admission(String processInstanceId, Map<String, String> values) {
        List<Admission> found = jdbc.query("SELECT r.TARGET_, r.CHANGE_REF_, r.WINDOW_START_, r.RUN_STAMP_, r.STARTED_BY_, r.STARTED_AT_,"
                        + " r.APPROVED_BY_, (SELECT COUNT(*) FROM CUTOVER_TARGET_LOCK l WHERE l.TARGET_ = r.TARGET_"
                        + " AND l.PROC_INST_ID_ = r.PROC_INST_ID_) FROM CUTOVER_RUN r WHERE r.PROC_INST_ID_ = ?",
                (row, i) -> new Admission(Optional.of(new RunIdentity(processInstanceId, row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5), row.getTimestamp(6).toInstant())),
                        row.getLong(8) > 0, "true".equals(values.get(ProcessVariables.PREFLIGHT_PASSED)), row.getString(7),
                        "true".equals(values.get(ProcessVariables.CHECK_ONLY))),
                processInstanceId);
        return found.isEmpty() ? new Admission(Optional.empty(), false, false, null, false) : found.get(0);
    }

    /** Everything the run's steps kept, by name. */
    public Map<String, String> values(String processInstanceId) {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.query("SELECT NAME_, VALUE_ FROM CUTOVER_RUN_VALUE WHERE PROC_INST_ID_ = ? ORDER BY NAME_",
                row -> {
                    values.put(row.getString(1), row.getString(2));
                }, processInstanceId);
        return values;
    }

    public void keep(String processInstanceId, Map<String, String> values) {
        values.forEach((name, value) -> {
            int updated = jdbc.update("UPDATE CUTOVER_RUN_VALUE SET VALUE_ = ? WHERE PROC_INST_ID_ = ? AND NAME_ = ?",
                    value, processInstanceId, name);
            if (updated == 0) {
                jdbc.update("INSERT INTO CUTOVER_RUN_VALUE (PROC_INST_ID_, NAME_, VALUE_) VALUES (?, ?, ?)",
                        processInstanceId, name, value);
            }
        });
    }

    /** The next number in the order the run's steps start, undo steps included. */
    public long nextStepSequence(String processInstanceId) {
        Long last = jdbc.queryForObject("SELECT MAX(SEQ_) FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ?", Long.class,
                processInstanceId);
        return last == null ? 1 : last + 1;
    }

    public void addStepRecord(String processInstanceId, long sequence, String activityId, String record) {
        jdbc.update("INSERT INTO CUTOVER_STEP_RECORD (PROC_INST_ID_, SEQ_, ACTIVITY_ID_, RECORD_) VALUES (?, ?, ?, ?)",
                processInstanceId, sequence, activityId, record);
    }

    /** The run's step records as JSON, in the order the steps started. */
    public List<String> stepRecords(String processInstanceId) {
        return jdbc.queryForList("SELECT RECORD_ FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ? ORDER BY SEQ_",
                String.class, processInstanceId);
    }

    public void addDecision(String processInstanceId, Decision decision) {
        jdbc.update("INSERT INTO CUTOVER_DECISION (PROC_INST_ID_, TASK_ID_, TASK_KEY_, USER_ID_, GROUPS_, DECIDED_AT_, FIELDS_)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", processInstanceId, decision.taskId(), decision.taskKey(),
                decision.userId(), String.join(",", decision.groups()), Timestamp.from(decision.decidedAt()),
                write(decision.fields()));
    }

    /** The run's decisions in the order they were made. */
    public List<Decision> decisions(String processInstanceId) {
        return jdbc.query("SELECT TASK_ID_, TASK_KEY_, USER_ID_, GROUPS_, DECIDED_AT_, FIELDS_ FROM CUTOVER_DECISION"
                        + " WHERE PROC_INST_ID_ = ? ORDER BY DECIDED_AT_, TASK_ID_",
                (row, i) -> new Decision(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4).isEmpty() ? List.of() : Arrays.asList(row.getString(4).split(",")),
                        row.getTimestamp(5).toInstant(), read(row.getString(6))), processInstanceId);
    }

    /**
     * Removes what the store holds of runs whose history the engine's cleanup removed: a run's
     * record is kept exactly as long as its history. Returns how many runs went.
     */
    public int removeRunsWithoutHistory() {
        String orphan = " WHERE PROC_INST_ID_ NOT IN (SELECT PROC_INST_ID_ FROM ACT_HI_PROCINST)";
        for (String table : List.of("CUTOVER_RUN_VALUE", "CUTOVER_STEP_RECORD", "CUTOVER_DECISION")) {
            jdbc.update("DELETE FROM " + table + orphan);
        }
        return jdbc.update("DELETE FROM CUTOVER_RUN" + orphan);
    }

    private String write(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record a decision", e);
        }
    }

    private Map<String, String> read(String fields) {
        try {
            return json.readValue(fields, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded decision cannot be read", e);
        }
    }
}
