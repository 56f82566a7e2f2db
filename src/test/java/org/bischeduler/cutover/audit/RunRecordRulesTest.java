package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.UsersSaw;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The record's own rules, without an engine: how long users waited, and which success criteria a run met. */
class RunRecordRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T22:00:00Z");

    @Test
    void downtimeRunsFromTheOldAppsStopToTheNewAppsFirstAnswerOrAfterARollbackToTheOldAppsReturn() {
        Map<String, String> values = new HashMap<>(Map.of(ProcessVariables.OLD_SERVICE_STOPPED_AT, millis(0),
                ProcessVariables.NEW_SERVICE_ANSWERED_AT, millis(83)));
        assertThat(RunHistory.downtime(values)).isEqualTo(new RunRecord.Downtime(T0, T0.plusMillis(83), "new service", 83L,
                List.of(new RunRecord.Stretch(T0, T0.plusMillis(83), "the new service answered")), null, null));

        values.put(ProcessVariables.OLD_SERVICE_RESTORED_AT, millis(1250));
        assertThat(RunHistory.downtime(values).millis()).as("the new app never stopped: all of it counts").isEqualTo(1250L);
        assertThat(RunHistory.downtime(values).servedAgainBy()).isEqualTo("old service (after the rollback)");

        values.put(ProcessVariables.NEW_SERVICE_STOPPED_AT, millis(60_000));
        values.put(ProcessVariables.OLD_SERVICE_RESTORED_AT, millis(60_140));
        assertThat(RunHistory.downtime(values).millis()).as("the minute the new app served users is not downtime")
                .isEqualTo(83L + 140L);
        assertThat(RunHistory.downtime(values).stretches()).extracting(RunRecord.Stretch::millis).containsExactly(83L, 140L);
        assertThat(RunReport.downtime(RunHistory.downtime(values))).contains("without service: ").contains("(0.140 s, until the old service answered again)");

        values.put(ProcessVariables.ROLLBACK_CHECK_PASSED, "false");
        assertThat(RunHistory.downtime(values).millis()).as("a rollback whose check failed has not ended the outage").isNull();
        assertThat(RunHistory.downtime(values).stretches().get(1).to()).isNull();

        assertThat(RunHistory.downtime(Map.of(ProcessVariables.OLD_SERVICE_STOPPED_AT, millis(0))).millis())
                .as("still down: no end yet").isNull();
        assertThat(RunHistory.downtime(Map.of()).oldServiceStopped()).as("the old app never stopped").isNull();
    }

    @Test
    void whatTheProberOnTheHostSawIsTheDowntimeARunIsCountedWithAndTheStepTimesStayBesideItAsTheEstimate() {
        Map<String, String> values = new HashMap<>(Map.of(ProcessVariables.OLD_SERVICE_STOPPED_AT, millis(0),
                ProcessVariables.NEW_SERVICE_ANSWERED_AT, millis(800)));
        assertThat(RunHistory.downtime(values).countedMillis()).as("nothing measured: the estimate").isEqualTo(800L);
        assertThat(AuditPages.downtime(RunHistory.downtime(values)))
                .isEqualTo("not measured on the host. Estimate from step times: 800 ms, until the new service answered");

        UsersSaw cutover = UsersSaw.fromFacts(Map.of("probe.longestMs", "121", "probe.not200", "503:4 000:1",
                "probe.from", millis(-500), "probe.to", millis(900))).orElseThrow();
        values.put(ProcessVariables.USERS_SAW_IN_CUTOVER, cutover.toJson());
        RunRecord.Downtime downtime = RunHistory.downtime(values);
        assertThat(downtime.inCutover()).isEqualTo(cutover);
        assertThat(downtime.countedMillis()).isEqualTo(121L);
        assertThat(AuditPages.downtime(downtime)).isEqualTo("Users saw at most 121 ms without a 200 during the cutover"
                + " (no answer ×1, 503 ×4), as the prober on the host measured. Estimate from step times: 800 ms, until the new service answered");

        values.put(ProcessVariables.USERS_SAW_IN_ROLLBACK, UsersSaw.fromFacts(Map.of("probe.longestMs", "160", "probe.not200", "",
                "probe.from", millis(1000), "probe.to", millis(2000))).orElseThrow().toJson());
        assertThat(RunHistory.downtime(values).countedMillis()).isEqualTo(121L + 160L);
        assertThat(RunReport.downtime(RunHistory.downtime(values))).contains("during the cutover (no answer ×1, 503 ×4); at most 160 ms"
                + " without a 200 during the rollback, as the prober on the host measured").contains("Estimate from step times: ");
        assertThat(UsersSaw.fromFacts(Map.of("probe.none", "the prober wrote nothing"))).isEmpty();
    }

    @Test
    void aCompletedRunMeetsEveryCriterionAndAFailedDataCheckUnticksDataAccessibleWithItsEvidence() {
        List<Finding> verification = List.of(Finding.passed("port", "bischeduler holds port 5005", "pid 42"),
                Finding.passed("direct", "200", "200"), Finding.passed("nginx", "200", "200"),
                Finding.passed("redirect", "301", "301 /bischeduler/"), Finding.passed("static", "200", "200"),
                Finding.passed("api/api/health", "200", "200"), Finding.passed("database", "reachable", "connected"),
                Finding.passed("data-check-1", "rows from SELECT 1 FROM horarios", "rows"));
        Map<String, String> answers = Map.of("windowConfirmed", "true", "notificationChannel", "email",
                "notificationMessage", "tonight", "signOffDecision", "approve", "webInterfaceOk", "true",
                "apiEndpointsOk", "true", "dataOk", "true", "reportsOk", "true", "usersInformed", "true");

        List<RunRecord.Criterion> met = evaluate(verification, answers);
        assertThat(met).hasSize(9).allSatisfy(criterion -> assertThat(criterion.met()).as(criterion.name()).isTrue());

        List<Finding> noRows = new java.util.ArrayList<>(verification);
        noRows.set(7, Finding.failed("data-check-1", "rows from SELECT 1 FROM horarios", "no rows"));
        RunRecord.Criterion data = evaluate(noRows, answers).stream().filter(c -> c.name().equals("Data accessible"))
                .findFirst().orElseThrow();
        assertThat(data.met()).isFalse();
        assertThat(data.evidence()).contains("data-check-1: FAILED: expected rows from SELECT 1 FROM horarios, found no rows");
    }

    private static List<RunRecord.Criterion> evaluate(List<Finding> verification, Map<String, String> answers) {
        RunRecord.RunSummary summary = new RunRecord.RunSummary("run-1", "web-01", "CHG-1", "ops1", T0, T0.plusSeconds(60),
                "completed", "", 83L);
        List<RunRecord.StepEntry> steps = List.of(step("Task_StopOldService", Map.of("signal", "TERM", "pid", "4242", "mode", "command")),
                step("Task_StartNewService", Map.of()));
        Map<String, String> values = Map.of(ProcessVariables.VERIFICATION_CHECKS, Finding.toJson(verification),
                ProcessVariables.CONFIG_BACKUP_DIR, "/var/backups/scheduler/config_x");
        List<RunRecord.Backup> backups = List.of(new RunRecord.Backup("nginx-site", "/etc/nginx/sites-available/scheduler",
                "/var/backups/scheduler/config_x/nginx-site", 230, "5f1c"));
        return SuccessCriteria.evaluate(summary, steps, values, answers, new RunRecord.Rollback(false, List.of(), null, List.of()),
                backups);
    }

    private static RunRecord.StepEntry step(String activityId, Map<String, String> facts) {
        return new RunRecord.StepEntry(1, activityId, activityId, "forward", T0, T0.plusMillis(50), 1, "completed", "",
                List.of(), facts, List.of());
    }

    private static String millis(long offset) {
        return String.valueOf(T0.toEpochMilli() + offset);
    }
}
