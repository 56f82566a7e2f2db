package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.testing.Locks;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Every path of the cutover process, through the real engine, against a scripted target.
 */
@SpringBootTest
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
// it moves the engine's clock, which every engine in this JVM shares
@ResourceLock(Locks.ENGINE_CLOCK)
class CutoverProcessIT {

    private static final String TARGET = "web-01";
    /** Every undo handler, in the order a full rollback must run them. */
    private static final List<String> FULL_ROLLBACK = ProcessDriver.FULL_ROLLBACK;
    private static final String[] CUTOVER_STEPS = ProcessDriver.UNTIL_SIGN_OFF.toArray(String[]::new);

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    IdentityService identity;
    @Autowired
    RunHistory runs;

    ScriptedShell host;
    ProcessDriver driver;

    @BeforeEach
    void setUp() {
        AbstractAssertions.init(engine);
        driver = new ProcessDriver(engine);
        host = ScriptedTargets.reset(TARGET);
    }

    @AfterEach
    void tearDown() {
        identity.clearAuthentication();
        ClockUtil.reset();
        runtime.createProcessInstanceQuery().list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test finished"));
    }

    @Test
    void happyPathRunsEveryPhaseAndEndsCompleted() {
        ProcessInstance run = approvedAndNotified();

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(run).hasPassedInOrder(CUTOVER_STEPS);
        assertThat(runtime.getVariable(run.getId(), "newAppAddress")).as("the sign-off form's link to the new app")
                .isEqualTo("http://127.0.0.1:80/bischeduler/");
        complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "all good"));
        complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));

        assertThat(run).isEnded().hasPassed("Task_MakeRedirectPermanent", "EndEvent_Completed")
                .hasNotPassed("Task_StartOldService", "Task_CheckRollback");
        assertThat(undoneSteps(run)).isEmpty();
        String staged = driver.kept(run, "stagedSite");
        assertThat(new String(host.file(staged))).contains("location /bischeduler/ {").contains("rewrite ^/scheduler/(.*)$ /bischeduler/$1 redirect;");
        assertThat(host.scripts()).containsSubsequence("stage-nginx", "switch-nginx", "stop-old-service", "start-new-service");
    }

    @Test
    void rejectedApprovalEndsWithoutChangingTheHost() {
        ProcessInstance run = startRun();
        assertThat(run).isWaitingAt("Task_ApprovePlan");
        int callsBeforeDecision = host.calls().size();

        complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "reject", "approvalComment", "not this week"));

        assertThat(run).isEnded().hasPassed("EndEvent_PlanRejected").hasNotPassed("Task_NotifyUsers", "SubProcess_Preparation");
        assertThat(host.calls()).hasSize(callsBeforeDecision);
        assertThat(host.calls()).noneMatch(call -> call.startsWith("write "));
    }

    @Test
    void approvalExpiresAfterItsDeadline() {
        ProcessInstance run = startRun();
        assertThat(run).isWaitingAt("Task_ApprovePlan");

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(3)).plusSeconds(60)));
        drive();

        assertThat(run).isEnded().hasPassed("EndEvent_ApprovalExpired").hasNotPassed("Task_NotifyUsers");
    }

    @Test
    void failedPreflightEndsTheRunWithNothingChangedAndTheReasonsShown() {
        host.answer("preflight", "@check.ssh=ok|a login over SSH|logged in\n@check.nginx=fail|nginx -t passes|it fails: unknown directive\n");

        ProcessInstance run = startRun();

        assertThat(run).isEnded().hasPassed("EndEvent_PreflightFailed").hasNotPassed("Task_RenderPlan", "Task_ApprovePlan");
        assertThat(undoneSteps(run)).isEmpty();
        assertThat(host.calls()).noneMatch(call -> call.startsWith("write "));
        assertThat((String) historicVariable(run, "preflightFindings")).contains("nginx: FAILED: expected nginx -t passes, found it fails: unknown directive");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("infrastructure", "switch-nginx", "Task_SwitchNginxConfig",
                        List.of("Task_RestoreNginxConfig", "Task_RemoveServiceUnit")),
                Arguments.of("decommission", "stop-old-service", "Task_StopOldService",
                        List.of("Task_StartOldService", "Task_DisarmNewService", "Task_RestoreAutoStart", "Task_RestoreNginxConfig",
                                "Task_RemoveServiceUnit")),
                Arguments.of("deployment", "start-new-service", "Task_StartNewService",
                        List.of("Task_StopNewService", "Task_StartOldService", "Task_DisarmNewService", "Task_RestoreAutoStart",
                                "Task_RestoreNginxConfig", "Task_RemoveServiceUnit")),
                Arguments.of("verification", "/usr/local/bin/monitor.sh", "Task_InstallMonitoring",
                        FULL_ROLLBACK));
    }

    @ParameterizedTest(name = "a failure in {0} rolls back the failed step and the completed ones, newest first")
    @MethodSource("failures")
    void failureThenRollbackUndoesTheFailedStepThenTheCompletedStepsInReverseOrder(String phase, String failingCall, String failingStep,
                                                                        List<String> expectedUndo) {
        host.fail(failingCall, 1, "simulated failure in " + phase, 1);
        ProcessInstance run = approvedAndNotified();

        ProcessInstance step = driver.failedStep(run, failingStep);
        Map<String, Object> shown = runtime.getVariables(step.getId());
        assertThat(shown).containsEntry("failedStep", failingStep).containsEntry("failedExitCode", "1")
                .containsEntry("target", TARGET);
        assertThat((String) shown.get("failedOutput")).contains("simulated failure in " + phase);
        assertThat((String) shown.get("failedCommand")).isNotBlank();

        complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(undoneSteps(run)).containsExactlyElementsOf(expectedUndo);
        assertThat(runtime.getVariable(run.getId(), "rollbackCheckPassed")).isEqualTo(true);

        complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        assertThat(run).isEnded().hasPassed("EndEvent_RolledBack").hasNotPassed("Task_SignOff", "EndEvent_Completed");
    }

    @Test
    void failedStepRetriedByTheOperatorSucceedsAndTheRunCompletes() {
        host.fail("stop-old-service", 1, "kill: permission denied", 1);
        ProcessInstance run = approvedAndNotified();
        driver.failedStep(run, "Task_StopOldService");
        assertThat(runs.phase(run.getId())).as("the live view's phase").isEqualTo("Phase 3 of 6: decommission, step 4 of 4");

        complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "retry"));

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(historicCount(run, "Task_StopOldService")).as("the step box ran once, its step twice").isEqualTo(1);
        assertThat(driver.records(run).stream().filter(record -> record.activityId().equals("Task_StopOldService"))
                .map(StepRecord::outcome)).containsExactly("failed", "completed");
        complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "ok"));
        complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
        assertThat(run).isEnded().hasPassed("EndEvent_Completed");
        assertThat(undoneSteps(run)).isEmpty();
    }

    @Test
    void droppedConnectionIsRetriedAutomaticallyWithoutAskingTheOperator() {
        host.dropConnection("archive-old-app", 2);

        ProcessInstance run = approvedAndNotified();

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.decisionsAsked(run)).isZero();
        assertThat(host.scripts().stream().filter("archive-old-app"::equals)).hasSize(3);
    }

    @Test
    void rejectedSignOffRollsBackEveryStepInReverseOrder() {
        ProcessInstance run = approvedAndNotified();
        assertThat(run).isWaitingAt("Task_SignOff");

        complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(undoneSteps(run)).containsExactlyElementsOf(FULL_ROLLBACK);
        assertThat(host.file(ScriptedShell.SITE_FILE)).isEqualTo(ScriptedShell.SITE.getBytes());
        complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        assertThat(run).isEnded().hasPassed("EndEvent_RolledBack");
    }

    @Test
    void aRunWaitsForItsWindowAfterThePreparationAndGoesOnWhenItOpens() {
        ProcessInstance run = driver.start(TARGET, "CHG-2042", Instant.now().plus(Duration.ofHours(2)));
        complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        complete(run, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);

        assertThat(run).isWaitingAt("Task_AwaitWindow").hasPassed("Task_InstallServiceUnit").hasNotPassed("Task_SwitchNginxConfig");

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(2)).plusSeconds(1)));
        drive();

        assertThat(run).isWaitingAt("Task_SignOff").hasPassed("BoundaryEvent_MaintenanceWindowOpens", "Task_SwitchNginxConfig");
    }

    @Test
    void cancellingWhileWaitingForTheWindowRollsThePreparationBackThroughTheProcess() {
        ProcessInstance run = driver.start(TARGET, "CHG-2043", Instant.now().plus(Duration.ofHours(2)));
        complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        complete(run, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);

        complete(run, "Task_AwaitWindow", "ops1", "ops", Map.of("cancelConfirmed", true, "cancelReason", "exam week moved"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback").hasNotPassed("Task_SwitchNginxConfig", "Task_StopOldService");
        assertThat(undoneSteps(run)).containsExactly("Task_RemoveServiceUnit");
        assertThat(managementJobs(run)).as("the window's timer is gone with its task").isZero();
        complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        assertThat(run).isEnded().hasPassed("EndEvent_RolledBack");
    }

    @Test
    void failedUndoGivesTheOperatorATaskAndRunningTheUndoStepsAgainRestoresTheService() {
        host.fail("start-old-service", 1, "the old service did not answer on port 5005 within 60s", 1);
        ProcessInstance run = approvedAndNotified();
        complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"));

        assertThat(run).isWaitingAt("Task_ResolveFailedRollback").hasNotPassed("Task_ConfirmRollback");
        assertThat(driver.incidents(run)).as("a failed undo is the operator's, not an incident").isEmpty();
        assertThat(undoneSteps(run)).as("the rollback went on after the failed undo").containsExactlyElementsOf(FULL_ROLLBACK);
        assertThat(runtime.getVariable(run.getId(), "rollbackCheckPassed")).isEqualTo(false);
        assertThat((String) runtime.getVariable(run.getId(), "rollbackCheckReport"))
                .contains("undo Task_StartOldService: FAILED").contains("did not answer on port 5005");

        complete(run, "Task_ResolveFailedRollback", "ops1", "ops", Map.of("rollbackResolution", "retry",
                "rollbackResolutionNote", "freed the port"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback").hasPassed("Task_RepeatUndoSteps");
        List<String> undone = undoneSteps(run);
        assertThat(undone.subList(FULL_ROLLBACK.size(), undone.size())).as("every undo again, newest first")
                .containsExactlyElementsOf(FULL_ROLLBACK);
        assertThat(runtime.getVariable(run.getId(), "rollbackCheckPassed")).isEqualTo(true);
        complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        assertThat(run).isEnded().hasPassed("EndEvent_RolledBack");
    }

    @Test
    void rollbackThatDidNotRestoreTheServiceEndsRolledBackByHandOnlyWhenTheOperatorSaysSo() {
        host.answer("check-rollback", "@check.old-url=fail|200|502\n@check.port=fail|the old app on port 5005|nothing listens\n");
        ProcessInstance run = approvedAndNotified();
        complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"));

        assertThat(run).isWaitingAt("Task_ResolveFailedRollback");
        complete(run, "Task_ResolveFailedRollback", "ops1", "ops", Map.of("rollbackResolution", "fixed",
                "rollbackResolutionNote", "started the old app from its unit by hand"));

        assertThat(run).isEnded().hasPassed("EndEvent_RolledBackByHand").hasNotPassed("EndEvent_RolledBack", "Task_ConfirmRollback");
        RunRecord record = runs.record(run.getId()).orElseThrow();
        assertThat(record.summary().outcome()).isEqualTo("rolled back by hand");
        assertThat(record.downtime().millis()).as("no measured end of the outage").isNull();
    }

    @Test
    void failedVerificationRollsBackWithoutWaitingForTheOperator() {
        ScriptedTargets.ScriptedDatabaseProbe.passingCalls.set(1);

        ProcessInstance run = approvedAndNotified();

        assertThat(run).isWaitingAt("Task_ConfirmRollback").hasPassed("EndEvent_VerificationFailed")
                .hasNotPassed("Task_ArchiveOldApp", "Task_InstallMonitoring", "Task_SignOff");
        assertThat(driver.decisionsAsked(run)).isZero();
        assertThat(undoneSteps(run)).containsExactlyElementsOf(FULL_ROLLBACK.subList(2, FULL_ROLLBACK.size()));
        assertThat((String) historicVariable(run, "verificationReport"))
                .contains("data-check-1: FAILED: expected rows from SELECT 1 FROM horarios, found no rows");
    }

    @Test
    void overrunningPhaseGivesManagersATaskAndTheRunGoesOn() {
        host.fail("stop-old-service", 1, "busy", 1);
        ProcessInstance run = approvedAndNotified();
        driver.failedStep(run, "Task_StopOldService");

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(16))));
        drive();

        assertThat(run).isWaitingAt("Task_StopOldService", "Task_ReviewDecommissionOverrun");
        Task review = task(run, "Task_ReviewDecommissionOverrun");
        assertThat(tasks.getIdentityLinksForTask(review.getId())).anyMatch(link -> "managers".equals(link.getGroupId()));
        identity.setAuthentication("ops1", List.of("ops", "managers"));
        assertThatThrownBy(() -> tasks.complete(review.getId(), Map.of("overrunComment", "fine by me")))
                .as("the person who started the run reviews none of its overruns").isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("ops1 started this run and so may not also decide 'Review decommission overrun'");
        identity.clearAuthentication();
        complete(run, "Task_ReviewDecommissionOverrun", "manager1", "managers", Map.of("overrunComment", "window extended"));
        complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "retry"));
        assertThat(run).isWaitingAt("Task_SignOff");
    }

    @Test
    void opsCannotApproveAndManagersCannotOperate() {
        ProcessInstance run = startRun();
        Task approval = task(run, "Task_ApprovePlan");
        identity.setAuthentication("ops1", List.of("ops"));
        assertThatThrownBy(() -> tasks.complete(approval.getId(), Map.of("approvalDecision", "approve", "approvalComment", "x")))
                .isInstanceOf(AuthorizationException.class);
        identity.clearAuthentication();

        complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        Task notify = task(run, "Task_NotifyUsers");
        identity.setAuthentication("manager1", List.of("managers"));
        assertThatThrownBy(() -> tasks.complete(notify.getId(), ProcessDriver.NOTIFIED))
                .isInstanceOf(AuthorizationException.class);
    }

    @Test
    void unknownTargetIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> start("no-such-host", "CHG-1"))
                .hasMessageContaining("unknown target 'no-such-host'").hasMessageContaining("web-01");
    }

    @Test
    void changeReferenceWithShellMetacharactersIsRefused() {
        assertThatThrownBy(() -> start(TARGET, "CHG-1; rm -rf /"))
                .hasMessageContaining("changeReference");
        assertThat(host.calls()).isEmpty();
    }

    @Test
    void secondRunOnABusyTargetIsRefusedAndRunsOnTwoTargetsBothComplete() {
        ProcessInstance first = startRun();

        assertThatThrownBy(() -> start(TARGET, "CHG-2"))
                .hasMessageContaining("already has a cutover in progress").hasMessageContaining(first.getId());
        ScriptedTargets.reset("web-02");
        ProcessInstance other = start("web-02", "CHG-3");
        for (ProcessInstance run : List.of(first, other)) {
            complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        }
        for (ProcessInstance run : List.of(first, other)) {
            complete(run, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);
        }
        for (ProcessInstance run : List.of(first, other)) {
            complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "ok"));
            complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
            assertThat(run).isEnded().hasPassed("EndEvent_Completed");
        }
        assertThat(ScriptedTargets.SHELLS.get("web-02").scripts()).contains("stop-old-service", "verify");

        ScriptedTargets.reset(TARGET);
        ProcessInstance next = start(TARGET, "CHG-4");
        assertThat(next).isWaitingAt("Task_ApprovePlan");
    }

    // ------------------------------------------------------------------ helpers

    private ProcessInstance approvedAndNotified() {
        ProcessInstance run = driver.approvedAndNotified(TARGET, "CHG-2041");
        return run;
    }

    private ProcessInstance startRun() {
        return driver.start(TARGET, "CHG-2041");
    }

    private ProcessInstance start(String target, String change) {
        return driver.start(target, change);
    }

    private void complete(ProcessInstance run, String taskKey, String user, String group, Map<String, Object> variables) {
        driver.complete(run, taskKey, user, group, variables);
    }

    private Task task(ProcessInstance run, String taskKey) {
        return driver.task(run, taskKey);
    }

    private void drive() {
        driver.drive();
    }

    private List<String> undoneSteps(ProcessInstance run) {
        return driver.undoneSteps(run);
    }

    private long managementJobs(ProcessInstance run) {
        return management.createJobQuery().processInstanceId(run.getId()).timers().count();
    }

    private long historicCount(ProcessInstance run, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(run.getId()).activityId(activityId).count();
    }

    private Object historicVariable(ProcessInstance run, String name) {
        return driver.historicVariable(run, name);
    }
}
