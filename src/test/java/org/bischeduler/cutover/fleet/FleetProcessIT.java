package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.Decision;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StepProcess;
import org.bischeduler.cutover.run.TargetLocks;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
class FleetProcessIT {

    private static final List<String> TARGETS = List.of("web-01", "web-02", "web-03", "web-04", "web-05");

    @Autowired
    ProcessEngine engine;
    @Autowired
    HistoryService history;
    @Autowired
    FleetTargetRuns targetRuns;
    @Autowired
    FleetRecords records;
    @Autowired
    RunStore runs;
    @Autowired
    TargetLocks locks;
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
        TARGETS.forEach(target -> assertThat(locks.holder(target)).as("%s is free once its fleet ended", target).isEmpty());

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
        HttpResponse<String> list = read("/cutover/fleets");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("href=\"/cutover/fleets/" + fleet.getId() + "\"").contains("<td>5 of 5</td>");
        assertThat(read("/cutover/runs").body()).as("the run list leads to the fleets").contains("href=\"/cutover/fleets\"");
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
        hosts.get("web-01").answer("verify", "@check.port=failed|bischeduler holds port 5005|nothing listens\n"
                + "@check.direct=ok|200|200\n@check.nginx=ok|200|200\n");
        ProcessInstance fleet = approved("district", "CHG-8002");
        workTargetTasks(fleet, Map.of());

        assertThat(endOf(fleet)).isEqualTo("EndEvent_CanaryFailed");
        assertThat(targetRuns.cutovers(fleet.getId())).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .containsExactly("web-01 rolled back");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(targetRuns.cutovers(fleet.getId()).get(0).runId())
                .activityId("EndEvent_VerificationFailed").count()).as("its verification failed, nobody decided a failed step").isOne();
        for (String other : TARGETS.subList(1, 5)) {
            assertThat(hosts.get(other).scripts()).as("%s was only read for its plan", other)
                    .doesNotContain("stage-nginx", "backup-configuration", "stop-old-service");
        }
    }

    @Test
    void aFailureInTheSecondWaveWithABudgetOfOneStopsTheRolloutAndTheCompletedTargetsStay() {
        hosts.get("web-03").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = approved("district-one-by-one", "CHG-8003");
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
    void underEveryTargetDoneAFailureAtTheBudgetRollsBackTheTargetsCutOverSoFarEachInARunOfItsOwn() {
        hosts.get("web-04").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = approved("district-all-or-none", "CHG-8008");
        workTargetTasks(fleet, Map.of("web-04", "rollback"));

        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetRolledBack");
        List<FleetTargetRuns.TargetRun> all = targetRuns.of(fleet.getId());
        assertThat(targetRuns.cutovers(fleet.getId())).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .as("web-05 finished with its wave").containsExactlyInAnyOrder("web-01 completed", "web-02 completed",
                        "web-03 completed", "web-04 rolled back", "web-05 completed");
        List<FleetTargetRuns.TargetRun> undos = all.stream().filter(FleetTargetRuns.TargetRun::undo).toList();
        assertThat(undos).extracting(run -> run.summary().target() + " " + run.summary().outcome())
                .containsExactlyInAnyOrder("web-01 rolled back", "web-02 rolled back", "web-03 rolled back", "web-05 rolled back");
        Instant lastCutoverEnded = targetRuns.cutovers(fleet.getId()).stream().map(run -> run.summary().endedAt())
                .max(Instant::compareTo).orElseThrow();
        assertThat(undos).as("the rollback starts once the wave that reached the budget has ended")
                .allMatch(run -> !run.summary().startedAt().isBefore(lastCutoverEnded));
        for (FleetTargetRuns.TargetRun undo : undos) {
            String target = undo.summary().target();
            FleetTargetRuns.TargetRun cutover = targetRuns.cutovers(fleet.getId()).stream()
                    .filter(run -> run.summary().target().equals(target)).findFirst().orElseThrow();
            assertThat(runs.values(undo.runId())).as("%s's undo run names the cutover it undoes", target)
                    .containsEntry(ProcessVariables.UNDOES_RUN, cutover.runId());
            assertThat(runs.identity(undo.runId()).orElseThrow().runStamp()).as("it acts on what that cutover left under its stamp")
                    .isEqualTo(runs.identity(cutover.runId()).orElseThrow().runStamp());
            assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(undo.runId()).activityId("Task_RunPreflight").count())
                    .as("%s's undo run goes straight to the undo steps", target).isZero();
            List<String> scripts = hosts.get(target).scripts();
            List<String> afterCutover = scripts.subList(scripts.indexOf("set-redirect") + 1, scripts.size());
            assertThat(afterCutover).as("%s after its completed cutover", target)
                    .containsSubsequence("set-redirect", "stop-new-service", "start-old-service", "restore-nginx", "check-rollback");
        }
        FleetRecord record = records.record(fleet.getId()).orElseThrow();
        assertThat(record.outcome()).isEqualTo("stopped at the failure budget, every target done rolled back");
        String rolledBackWithTheFleet = "completed, then with the fleet: rolled back";
        assertThat(record.targets()).extracting(FleetRecord.TargetRow::outcome).containsExactly(rolledBackWithTheFleet,
                rolledBackWithTheFleet, rolledBackWithTheFleet, "rolled back", rolledBackWithTheFleet);
        Map<String, Long> cutoverDowntime = targetRuns.cutovers(fleet.getId()).stream()
                .collect(java.util.stream.Collectors.toMap(run -> run.summary().target(), run -> run.summary().downtimeMillis()));
        assertThat(record.targets()).filteredOn(row -> row.undoRunId() != null).hasSize(4)
                .as("users lost the service at the cutover and again at its rollback")
                .allMatch(row -> row.downtimeMillis() != null && row.downtimeMillis() >= cutoverDowntime.get(row.target()));
    }

    @Test
    void oneAnswerForAWholeWaveCompletesTheSameTaskOfEachOfItsTargetsEachRecordedInItsOwnRun() {
        ProcessInstance fleet = approved("district", "CHG-8009");
        int answers = workTargetTasks(fleet, Map.of(), true);

        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetCompleted");
        List<FleetTargetRuns.TargetRun> cutovers = targetRuns.cutovers(fleet.getId());
        assertThat(cutovers).allMatch(FleetTargetRuns.TargetRun::completed);
        assertThat(answers).as("three tasks for the canary, three for each wave of two").isEqualTo(9);
        for (FleetTargetRuns.TargetRun run : cutovers) {
            List<Decision> decisions = runs.decisions(run.runId());
            assertThat(decisions).extracting(Decision::taskKey).as(run.summary().target())
                    .containsExactly("Task_NotifyUsers", "Task_SignOff", "Task_CloseChange");
            assertThat(decisions).allMatch(decision -> decision.userId().equals("ops1"));
            if (!run.summary().target().equals("web-01")) {
                assertThat(decisions).allMatch(decision -> "true".equals(decision.fields().get("applyToWave")));
            }
        }
        Map<String, String> announced = cutovers.stream().collect(java.util.stream.Collectors.toMap(run -> run.summary().target(),
                run -> runs.decisions(run.runId()).get(0).fields().get("notificationMessage")));
        assertThat(announced.values()).as("a target answered with its wave keeps its own announcement")
                .filteredOn(text -> text.startsWith("On ")).hasSize(2);
        assertThat(announced.values()).filteredOn(text -> text.equals(ProcessDriver.NOTIFIED.get("notificationMessage"))).hasSize(3);
    }

    @Test
    void aWaveAnswerThatOneTargetRefusesReachesNoOtherTarget() {
        ProcessInstance fleet = approved("district", "CHG-8010");
        for (int i = 0; i < 3; i++) {
            Task canaryTask = openTargetTasks(fleet).get(0);
            completeAs("ops1", canaryTask, answer(canaryTask.getTaskDefinitionKey(), "retry"));
        }
        List<Task> wave = openTargetTasks(fleet);
        assertThat(wave).extracting(Task::getTaskDefinitionKey).containsExactly("Task_NotifyUsers", "Task_NotifyUsers");
        assertThat(locks.holder("web-01")).as("the canary, done, is back with its fleet").hasValueSatisfying(holder ->
                assertThat(holder).startsWith(fleet.getId()));
        assertThat(locks.holder("web-05")).as("a target of a later wave is held by its fleet").hasValueSatisfying(holder ->
                assertThat(holder).startsWith(fleet.getId()));
        assertThat(locks.holder("web-02")).as("a target in flight is held by its own run").hasValueSatisfying(holder ->
                assertThat(holder).doesNotStartWith(fleet.getId()));
        engine.getIdentityService().setAuthentication("ops1", List.of("ops"));
        try {
            assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey(ProcessVariables.PROCESS_KEY, Map.of(
                    "target", "web-05", "changeReference", "CHG-8012", "maintenanceWindowStart", Instant.now().toString())))
                    .as("no run of its own on a fleet's target between its waves")
                    .hasMessageContaining("target 'web-05' already has a cutover in progress: run " + fleet.getId());
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        Map<String, Object> forged = new HashMap<>(ProcessDriver.NOTIFIED);
        forged.put("applyToWave", true);
        forged.put("target", "web-09");
        assertThatThrownBy(() -> completeAs("ops1", wave.get(0), forged)).hasMessageContaining("'target' is not a field of this form");
        assertThat(openTargetTasks(fleet)).as("neither target's task was answered").hasSize(2);
        assertThat(runs.decisions(wave.get(1).getProcessInstanceId())).isEmpty();
        Map<String, Object> late = new HashMap<>(ProcessDriver.NOTIFIED);
        late.put("applyToWave", true);
        completeAs("ops1", wave.get(0), late);
        assertThat(openTargetTasks(fleet)).extracting(Task::getTaskDefinitionKey).as("both of the wave went on to the sign-off")
                .containsExactly("Task_SignOff", "Task_SignOff");
    }

    @Test
    void aFailedStepsDecisionForTheWaveGoesOnlyToTargetsWhoseSameStepFailed() {
        hosts.get("web-02").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        hosts.get("web-03").fail("archive-old-app", 1, "no space left on device", 1);
        hosts.get("web-04").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        hosts.get("web-05").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = approved("district-lenient", "CHG-8011");

        // the first wave: web-02's monitoring failed, web-03's archive
        List<Task> decisions = answerUntilTwoDecisionsWait(fleet);
        completeAs("ops1", failedAt(decisions, "Task_InstallMonitoring"), Map.of("failureDecision", "rollback",
                "failureComment", "monitoring host down", "applyToWave", true));
        List<Task> left = openTargetTasks(fleet).stream().filter(task -> task.getTaskDefinitionKey().startsWith("Task_Decide")).toList();
        assertThat(left).singleElement().as("the target whose archive failed still waits for its own decision")
                .matches(task -> task.getId().equals(failedAt(decisions, "Task_ArchiveOldApp").getId()));
        completeAs("ops1", left.get(0), Map.of("failureDecision", "retry"));

        // the second wave: the same step failed on both, one answer decides both
        List<Task> secondWave = answerUntilTwoDecisionsWait(fleet);
        assertThat(secondWave).allMatch(task -> "Task_InstallMonitoring".equals(failedStepOf(task)));
        completeAs("ops1", secondWave.get(0), Map.of("failureDecision", "rollback", "failureComment", "same as wave 1",
                "applyToWave", true));
        for (Task task : secondWave) {
            String runId = history.createHistoricProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult()
                    .getSuperProcessInstanceId();
            assertThat(runs.decisions(runId)).last().as("decided with the wave")
                    .matches(decision -> decision.taskKey().equals(ProcessDriver.DECIDE_FAILED_STEP)
                            && "rollback".equals(decision.fields().get("failureDecision")));
        }
        workTargetTasks(fleet, Map.of());

        FleetRecord record = records.record(fleet.getId()).orElseThrow();
        assertThat(record.targets()).extracting(FleetRecord.TargetRow::outcome)
                .containsExactly("completed", "rolled back", "completed", "rolled back", "rolled back");
        assertThat(record.outcome()).as("every wave ran, three targets under the budget of five failed")
                .isEqualTo("completed, 3 of 5 targets not cut over");
    }

    /** Works the target tasks other than failed-step decisions until two of those wait; returns them. */
    private List<Task> answerUntilTwoDecisionsWait(ProcessInstance fleet) {
        for (int round = 0; round < 50; round++) {
            List<Task> open = openTargetTasks(fleet);
            List<Task> decisions = open.stream().filter(task -> task.getTaskDefinitionKey().startsWith("Task_Decide")).toList();
            if (decisions.size() == 2) {
                return decisions;
            }
            Task next = open.stream().filter(task -> !task.getTaskDefinitionKey().startsWith("Task_Decide")).findFirst()
                    .orElseThrow(() -> new AssertionError("only failed-step decisions wait: " + decisions.size()));
            completeAs("ops1", next, answer(next.getTaskDefinitionKey(), "retry"));
        }
        throw new AssertionError("two failed-step decisions never waited at once");
    }

    private Task failedAt(List<Task> tasks, String step) {
        return tasks.stream().filter(task -> step.equals(failedStepOf(task))).findFirst().orElseThrow();
    }

    private Object failedStepOf(Task task) {
        // read from history: the step process of a decision given ends with it
        return history.createHistoricVariableInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .variableName(ProcessVariables.FAILED_STEP).singleResult().getValue();
    }

    private List<Task> openTargetTasks(ProcessInstance fleet) {
        driver.drive();
        // a failed step's decision is a task of the step process its run's box called
        return engine.getTaskService().createTaskQuery().processDefinitionKeyIn(ProcessVariables.PROCESS_KEY, StepProcess.KEY).list()
                .stream().filter(task -> isTargetRunOf(fleet, StepProcess.runOf(task, engine.getRuntimeService()))).toList();
    }

    private void completeAs(String user, Task task, Map<String, Object> answer) {
        engine.getIdentityService().setAuthentication(user, List.of("ops"));
        try {
            engine.getTaskService().complete(task.getId(), answer);
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    /** A target task's answer as an operator gives it; a failed step is decided as given. */
    private static Map<String, Object> answer(String taskKey, String failureDecision) {
        return switch (taskKey) {
            case "Task_NotifyUsers" -> ProcessDriver.NOTIFIED;
            case "Task_SignOff" -> Map.of("signOffDecision", "approve", "signOffComment", "fine", "webInterfaceOk", true,
                    "apiEndpointsOk", true, "dataOk", true, "reportsOk", true);
            case "Task_CloseChange" -> Map.of("usersInformed", true);
            case "Task_ConfirmRollback" -> Map.of("usersInformedOfRollback", true);
            default -> {
                if (!taskKey.startsWith("Task_Decide")) {
                    throw new AssertionError("unexpected task " + taskKey);
                }
                yield Map.of("failureDecision", failureDecision);
            }
        };
    }

    @Test
    void aManagerWhoStopsTheRolloutAfterTheFirstWaveStartsNoFurtherTarget() {
        ProcessInstance fleet = approved("district-reviewed", "CHG-8006");
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

    /**
     * In headless Chromium ({@code browser/fleet.js}): the approval form's table of plans, one
     * operator's answer for the first wave's notifications, then, with a failure in the second wave
     * under every-target-done, the fleet's record and a target's rollback with the fleet.
     */
    @Test
    void aFleetIsApprovedAnsweredForAWaveAndReadInABrowser() throws Exception {
        Path node = Programs.require("node", "/usr/bin/node", "/usr/local/bin/node");
        Programs.require("Debian's chromium", "/usr/bin/chromium");
        Path script = Path.of("browser/fleet.js").toAbsolutePath();
        Path shots = Path.of("target/screenshots/fleet").toAbsolutePath();
        Files.createDirectories(shots);
        TestUsers.ensure(engine.getIdentityService(), "fleetmanager", "fleet-manager-pw", "managers");
        TestUsers.ensure(engine.getIdentityService(), "fleetoperator", "fleet-operator-pw", "ops");
        hosts.get("web-04").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance fleet = start("district-all-or-none", "CHG-8007");

        Process browser = new ProcessBuilder(node.toString(), script.toString(), "http://localhost:" + port, "fleetmanager",
                "fleet-manager-pw", "fleetoperator", "fleet-operator-pw", shots.toString(), fleet.getId())
                .directory(script.getParent().toFile()).redirectErrorStream(true).start();
        List<String> lines = new java.util.ArrayList<>();
        List<Task> firstWave = List.of();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
             java.io.OutputStream in = browser.getOutputStream()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.startsWith("fleet: approved")) {
                    for (List<Task> open = openTargetTasks(fleet); open.size() == 1; open = openTargetTasks(fleet)) {
                        completeAs("ops1", open.get(0), answer(open.get(0).getTaskDefinitionKey(), "retry"));
                    }
                    firstWave = openTargetTasks(fleet);
                    in.write("wave\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                } else if (line.startsWith("wave: answered")) {
                    assertThat(openTargetTasks(fleet)).as("the first wave's notifications, answered at once")
                            .extracting(Task::getTaskDefinitionKey).containsExactly("Task_SignOff", "Task_SignOff");
                    workTargetTasks(fleet, Map.of("web-04", "rollback"));
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
        }
        assertThat(browser.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        String output = String.join("\n", lines);
        assertThat(browser.exitValue()).as("%s:%n%s", script.getFileName(), output).isZero();
        assertThat(firstWave).extracting(Task::getTaskDefinitionKey).containsExactly("Task_NotifyUsers", "Task_NotifyUsers");
        for (Task task : firstWave) {
            assertThat(runs.decisions(task.getProcessInstanceId())).first().as("recorded in its own run, as the operator's")
                    .matches(decision -> decision.userId().equals("fleetoperator") && "true".equals(decision.fields().get("applyToWave")));
        }
        assertThat(output).contains("approval form: 6 table rows, 5 preflights passed, 5 plan links").contains("fleet: approved 204")
                .containsPattern("wave task: Notify users of maintenance · web-0[23]")
                .contains("wave form: This target is part of wave 1: web-02, web-03").contains("wave: answered 204")
                .containsPattern("fleet record: stopped at the failure budget, every target done rolled back \\| 4 rollbacks"
                        + " \\| median \\d+ ms \\| worst \\d+ ms")
                .containsPattern("fleet list: [1-9]\\d* fleet runs \\| 1 link to this one")
                .containsPattern("undo run: rolled back \\| rolls back 1 \\| part of 1 \\| steps [1-9]\\d*");
        assertThat(endOf(fleet)).isEqualTo("EndEvent_FleetRolledBack");
        assertThat(shots.resolve("fleet-undo-run.png")).exists();
    }

    @Test
    void anUnknownFleetAndARunClaimingAFleetStageAreRefusedBeforeTheyStart() {
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
        assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey(ProcessVariables.PROCESS_KEY, Map.of(
                "target", "web-02", "changeReference", "CHG-8005", "maintenanceWindowStart", Instant.now().toString(),
                "fleetStage", "undo")))
                .as("past the forms, a run that claims to undo for a fleet").hasMessageContaining("a run's fleet stage is set by its fleet");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
        assertThat(hosts.get("web-02").scripts()).isEmpty();
    }

    /** A fleet run started and its change approved by a manager. */
    private ProcessInstance approved(String fleet, String change) {
        ProcessInstance run = start(fleet, change);
        driver.complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        return run;
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
        workTargetTasks(fleet, failureDecisions, false);
    }

    /** Works the tasks one by one, or each answer for its whole wave; returns how many answers it gave. */
    private int workTargetTasks(ProcessInstance fleet, Map<String, String> failureDecisions, boolean forTheWave) {
        for (int round = 0; round < 200; round++) {
            driver.drive();
            List<Task> open = openTargetTasks(fleet);
            if (open.isEmpty()) {
                return round;
            }
            Task task = open.get(0);
            ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery()
                    .processInstanceId(StepProcess.runOf(task, engine.getRuntimeService())).singleResult();
            String target = (String) engine.getRuntimeService().getVariable(run.getId(), "target");
            Map<String, Object> answer = new HashMap<>(answer(task.getTaskDefinitionKey(), failureDecisions.getOrDefault(target, "retry")));
            if (forTheWave) {
                answer.put("applyToWave", true);
            }
            driver.complete(run, task.getTaskDefinitionKey(), "ops1", "ops", answer);
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
