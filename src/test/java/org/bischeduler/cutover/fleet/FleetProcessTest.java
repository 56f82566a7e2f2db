package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedShell;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A fleet of five scripted targets through the real engine: every target's preflight and plan,
 * one approval, the canary first, then the waves; a canary that fails stops the fleet before any
 * other target is touched; a failure in the second wave with a budget of one stops the rollout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
class FleetProcessTest {

    private static final List<String> TARGETS = List.of("web-01", "web-02", "web-03", "web-04", "web-05");

    @Autowired
    ProcessEngine engine;
    @Autowired
    HistoryService history;
    @Autowired
    FleetTargetRuns targetRuns;
    @Autowired
    FleetRecords records;
    @LocalServerPort
    int port;

    ProcessDriver driver;
    Map<String, ScriptedShell> hosts = new HashMap<>();

    @BeforeEach
    void setUp() {
        CurrentEngine.use(engine);
        driver = new ProcessDriver(engine);
        TARGETS.forEach(target -> hosts.put(target, ScriptedTargets.reset(target)));
    }

    @AfterEach
    void tearDown() {
        engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(ProcessVariables.FLEET_KEY).list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "test finished"));
    }

    @Test
    void theCanaryGoesFirstThenTwoWavesAndEveryTargetIsCutOverInARunOfItsOwn() {
        ProcessInstance fleet = start("district", "CHG-8001");
        assertThat(waitingTasks(fleet)).as("one approval for the whole change").containsExactly("Task_ApprovePlan");
        assertThat((String) engine.getRuntimeService().getVariable(fleet.getId(), "fleetPlans"))
                .contains("| web-01 | passed |").contains("| web-05 | passed |").contains("/cutover/runs/").containsPattern("[1-9]\\d* steps, nginx: \\d+ lines changed");
        assertThat(targetRuns.of(fleet.getId())).hasSize(5).allMatch(FleetTargetRuns.TargetRun::planOnly)
                .allMatch(run -> run.summary().outcome().equals("planned for its fleet"));

        driver.complete(fleet, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        workTargetTasks(fleet, Map.of());

        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetCompleted");
        List<FleetTargetRuns.TargetRun> cutovers = targetRuns.cutovers(fleet.getId());
        assertThat(cutovers).extracting(run -> run.summary().target()).containsExactly("web-01", "web-02", "web-03", "web-04", "web-05");
        assertThat(cutovers).allMatch(FleetTargetRuns.TargetRun::completed);
        Instant canaryEnded = cutovers.get(0).summary().endedAt();
        assertThat(cutovers.subList(1, 5)).as("the waves start once the canary is done")
                .allMatch(run -> !run.summary().startedAt().isBefore(canaryEnded));
        Instant firstWaveEnded = cutovers.subList(1, 3).stream().map(run -> run.summary().endedAt()).max(Instant::compareTo).orElseThrow();
        assertThat(cutovers.subList(3, 5)).as("the second wave starts once the first has ended")
                .allMatch(run -> !run.summary().startedAt().isBefore(firstWaveEnded));
        for (FleetTargetRuns.TargetRun run : cutovers) {
            assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(run.runId()).activityId("Task_ApprovePlan").count())
                    .as("%s needs no approval of its own", run.summary().target()).isZero();
        }
        TARGETS.forEach(target -> assertThat(hosts.get(target).scripts()).as(target).contains("stop-old-service"));

        FleetRecord record = records.record(fleet.getId()).orElseThrow();
        assertThat(record.outcome()).isEqualTo("completed");
        assertThat(record.targets()).extracting(FleetRecord.TargetRow::target, FleetRecord.TargetRow::stage, FleetRecord.TargetRow::outcome)
                .containsExactly(tuple("web-01", "canary", "completed"), tuple("web-02", "wave 1", "completed"),
                        tuple("web-03", "wave 1", "completed"), tuple("web-04", "wave 2", "completed"), tuple("web-05", "wave 2", "completed"));
        assertThat(record.targets()).allMatch(row -> row.downtimeMillis() != null && row.runId() != null && row.planRunId() != null);
        assertThat(record.worstDowntimeMillis()).isGreaterThanOrEqualTo(record.medianDowntimeMillis());
        assertThat(record.wallTimeMillis()).isPositive();
        assertThat(record.decisions()).singleElement().asString().startsWith("manager1 at ").contains("approvalDecision: approve");
        HttpResponse<String> page = read("/cutover/fleets/" + fleet.getId());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Fleet cutover CHG-8001").contains("href=\"/cutover/runs/" + record.targets().get(4).runId() + "\"");
        assertThat(read("/cutover/fleets/" + record.targets().get(0).runId()).statusCode()).as("a target run is no fleet").isEqualTo(404);
    }

    private HttpResponse<String> read(String path) {
        TestUsers.ensure(engine.getIdentityService(), "fleetreader", "fleet-reader-pw", "auditors");
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("fleetreader:fleet-reader-pw".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCanaryWhoseVerificationFailsRollsBackAndNoOtherTargetIsTouched() {
        hosts.get("web-01").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = start("district", "CHG-8002");
        driver.complete(fleet, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        workTargetTasks(fleet, Map.of("web-01", "rollback"));

        assertThat(endOf(fleet)).isEqualTo("EndEvent_CanaryFailed");
        assertThat(targetRuns.cutovers(fleet.getId())).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .containsExactly("web-01 rolled back");
        for (String other : TARGETS.subList(1, 5)) {
            assertThat(hosts.get(other).scripts()).as("%s was only read for its plan", other)
                    .doesNotContain("stage-nginx", "backup-configuration", "stop-old-service");
        }
    }

    @Test
    void aFailureInTheSecondWaveWithABudgetOfOneStopsTheRolloutAndTheCompletedTargetsStay() {
        hosts.get("web-03").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = start("district-one-by-one", "CHG-8003");
        driver.complete(fleet, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        workTargetTasks(fleet, Map.of("web-03", "rollback"));

        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetStopped");
        assertThat(targetRuns.cutovers(fleet.getId())).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .containsExactly("web-01 completed", "web-02 completed", "web-03 rolled back");
        assertThat(hosts.get("web-04").scripts()).doesNotContain("stop-old-service");
        assertThat(hosts.get("web-05").scripts()).doesNotContain("stop-old-service");
        assertThat(records.record(fleet.getId()).orElseThrow().targets()).extracting(FleetRecord.TargetRow::outcome)
                .containsExactly("completed", "completed", "rolled back", "not started (planned for its fleet)",
                        "not started (planned for its fleet)");
    }

    @Test
    void aManagerWhoStopsTheRolloutAfterTheFirstWaveStartsNoFurtherTarget() {
        ProcessInstance fleet = start("district-reviewed", "CHG-8006");
        driver.complete(fleet, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        workTargetTasks(fleet, Map.of());
        assertThat(waitingTasks(fleet)).as("after the first wave").containsExactly("Task_ReviewWave");

        driver.complete(fleet, "Task_ReviewWave", "manager1", "managers", Map.of("nextWave", "stop", "waveComment", "wave 1 was slow"));
        workTargetTasks(fleet, Map.of());

        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetStoppedByManager");
        assertThat(targetRuns.cutovers(fleet.getId())).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .containsExactly("web-01 completed", "web-02 completed", "web-03 completed");
        FleetRecord record = records.record(fleet.getId()).orElseThrow();
        assertThat(record.outcome()).isEqualTo("stopped by a manager");
        assertThat(record.decisions()).hasSize(2).last().asString().contains("nextWave: stop").contains("wave 1 was slow");
    }

    /** In headless Chromium ({@code browser/fleet.js}): the approval form's table of plans, then the fleet's record. */
    @Test
    void aManagerApprovesTheFleetInTasklistAndReadsItsRecordInABrowser() throws Exception {
        Path node = Programs.require("node", "/usr/bin/node", "/usr/local/bin/node");
        Programs.require("Debian's chromium", "/usr/bin/chromium");
        Path script = Path.of("browser/fleet.js").toAbsolutePath();
        Path shots = Path.of("target/screenshots/fleet").toAbsolutePath();
        Files.createDirectories(shots);
        TestUsers.ensure(engine.getIdentityService(), "fleetmanager", "fleet-manager-pw", "managers");
        ProcessInstance fleet = start("district", "CHG-8007");

        Process browser = new ProcessBuilder(node.toString(), script.toString(), "http://localhost:" + port, "fleetmanager",
                "fleet-manager-pw", shots.toString(), fleet.getId()).directory(script.getParent().toFile()).redirectErrorStream(true).start();
        List<String> lines = new java.util.ArrayList<>();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
             java.io.OutputStream in = browser.getOutputStream()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.startsWith("fleet: approved")) {
                    driver.drive();
                    workTargetTasks(fleet, Map.of());
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
        }
        assertThat(browser.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        String output = String.join("\n", lines);
        assertThat(browser.exitValue()).as("%s:%n%s", script.getFileName(), output).isZero();
        assertThat(output).contains("approval form: 6 table rows, 5 preflights passed, 5 plan links").contains("fleet: approved 204")
                .containsPattern("fleet record: completed \\| 5 targets completed \\| median \\d+ ms \\| worst \\d+ ms");
        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetCompleted");
        assertThat(shots.resolve("fleet-record.png")).exists();
    }

    @Test
    void anUnknownFleetAndARunClaimingToPlanForAFleetAreRefusedBeforeTheyStart() {
        engine.getIdentityService().setAuthentication("ops1", List.of("ops"));
        try {
            assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey(ProcessVariables.FLEET_KEY, Map.of(
                    "fleet", "nope", "changeReference", "CHG-8004", "maintenanceWindowStart", Instant.now().toString())))
                    .hasMessageContaining("'nope' is not a configured fleet");
            assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey(ProcessVariables.PROCESS_KEY, Map.of(
                    "target", "web-02", "changeReference", "CHG-8005", "maintenanceWindowStart", Instant.now().toString(),
                    "fleetStage", "run", "approvedWithFleet", true)))
                    .hasMessageContaining("'approvedWithFleet' is not a field of this form");
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
    }

    private ProcessInstance start(String fleet, String change) {
        engine.getIdentityService().setAuthentication("ops1", List.of("ops"));
        ProcessInstance run;
        try {
            run = engine.getRuntimeService().startProcessInstanceByKey(ProcessVariables.FLEET_KEY, change, Map.of(
                    "fleet", fleet, "changeReference", change, "maintenanceWindowStart", Instant.now().minusSeconds(60).toString()));
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        driver.drive();
        return run;
    }

    /** Works every task of the fleet's target runs as people would, until none is left; a failed step is decided as given. */
    private void workTargetTasks(ProcessInstance fleet, Map<String, String> failureDecisions) {
        for (int round = 0; round < 200; round++) {
            List<Task> open = engine.getTaskService().createTaskQuery().processDefinitionKey(ProcessVariables.PROCESS_KEY).list().stream()
                    .filter(task -> isTargetRunOf(fleet, task.getProcessInstanceId())).toList();
            if (open.isEmpty()) {
                return;
            }
            Task task = open.get(0);
            ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult();
            String target = (String) engine.getRuntimeService().getVariable(run.getId(), "target");
            switch (task.getTaskDefinitionKey()) {
                case "Task_NotifyUsers" -> driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops", ProcessDriver.NOTIFIED);
                case "Task_SignOff" -> driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops", Map.of("signOffDecision", "approve",
                        "signOffComment", "fine", "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
                case "Task_CloseChange" -> driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops", Map.of("usersInformed", true));
                case "Task_ConfirmRollback" -> driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops", Map.of("usersInformedOfRollback", true));
                default -> {
                    if (!task.getTaskDefinitionKey().startsWith("Task_Decide")) {
                        throw new AssertionError("unexpected task " + task.getTaskDefinitionKey() + " for " + target);
                    }
                    driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops",
                            Map.of("failureDecision", failureDecisions.getOrDefault(target, "retry")));
                }
            }
        }
        throw new AssertionError("tasks kept coming");
    }

    private boolean isTargetRunOf(ProcessInstance fleet, String runId) {
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(runId).singleResult();
        return fleet.getId().equals(run.getSuperProcessInstanceId());
    }

    private String endOf(ProcessInstance fleet) {
        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery().processInstanceId(fleet.getId()).singleResult();
        assertThat(ended.getEndTime()).as("the fleet run ended").isNotNull();
        return ended.getEndActivityId();
    }

    private List<String> waitingTasks(ProcessInstance fleet) {
        return engine.getTaskService().createTaskQuery().processInstanceId(fleet.getId()).list().stream()
                .map(Task::getTaskDefinitionKey).toList();
    }
}
