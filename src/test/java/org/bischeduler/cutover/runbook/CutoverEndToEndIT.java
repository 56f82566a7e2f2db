package org.bischeduler.cutover.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.audit.RunFilter;
import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.audit.RunReport;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.StepProcess;
import org.bischeduler.cutover.run.UsersSaw;
import org.bischeduler.cutover.shell.TargetShells;
import org.bischeduler.cutover.testing.HostProcesses;
import org.bischeduler.cutover.testing.Locks;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.Sandbox;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLockTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Whole cutovers through the engine against real sandbox targets built on this machine: sshd,
 * nginx, mariadbd, the old scheduler running, BiScheduler deployed by the run itself.
 */
@SpringBootTest
@ActiveProfiles("sandboxtest")
@Import(CutoverEndToEndIT.Crashes.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = Locks.CORES, mode = ResourceAccessMode.READ, target = ResourceLockTarget.CHILDREN)
@ResourceLock(value = Locks.ENGINE_CLOCK, mode = ResourceAccessMode.READ, target = ResourceLockTarget.CHILDREN)
class CutoverEndToEndIT {

    private static final Map<String, Sandbox> SANDBOXES = new ConcurrentHashMap<>();
    /** Where the cutover puts files of its own: what was there before must be there again after a rollback. */
    private static final List<String> PUT_IN_PLACE = List.of("usr/local/bin/monitor.sh", "etc/systemd/system/bischeduler.service");
    private static final List<String> SNAPSHOT = List.of("nginx/sites/scheduler", "opt/scheduler/app.py",
            "opt/scheduler/.env", "etc/cron.d/scheduler");

    @TestConfiguration
    static class Crashes {
        @Bean
        CrashAfterSteps crashAfterSteps() {
            return new CrashAfterSteps();
        }

        @Bean
        @Primary
        TargetShells failAfterScript(CutoverProperties properties) {
            return new FaultyShells(properties);
        }
    }

    @DynamicPropertySource
    static void sandboxTargets(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("cutover-e2e-");
        Map<String, String[]> wanted = new LinkedHashMap<>();
        wanted.put("happy", new String[]{"--key-passphrase"});
        wanted.put("rejected", new String[]{"--key-passphrase"});
        wanted.put("nginx-fails", new String[]{"--stale-nginx-snippet"});
        wanted.put("stubborn", new String[]{"--stubborn-old-app"});
        wanted.put("crashing", new String[0]);
        wanted.put("env-port", new String[]{"--port-from-environment"});
        wanted.put("broken-release", new String[]{"--broken-release"});
        wanted.put("enable-fails", new String[]{"--enable-fails"});
        wanted.put("each-step", new String[0]);
        wanted.put("static-missing", new String[0]);
        wanted.put("other-version", new String[0]);
        wanted.put("two-servers", new String[]{"--two-server-blocks"});
        wanted.put("respawn", new String[]{"--respawn-loop"});
        wanted.put("respawn-script", new String[]{"--respawn-script"});
        wanted.put("root-cron", new String[]{"--root-crontab"});
        wanted.put("user-cron", new String[]{"--user-crontab"});
        wanted.put("supervised", new String[]{"--supervisor"});
        wanted.put("tmux", new String[]{"--tmux"});
        wanted.put("screen", new String[]{"--screen"});
        wanted.put("blip", new String[0]);
        wanted.put("nohup", new String[]{"--nohup-login-shell"});
        wanted.put("gunicorn", new String[]{"--gunicorn"});
        wanted.put("uwsgi", new String[]{"--uwsgi"});
        wanted.put("lib-unit", new String[]{"--lib-unit"});
        wanted.put("check-only", new String[0]);
        wanted.put("user-unit", new String[]{"--user-unit"});
        wanted.put("fleet-canary", new String[0]);
        wanted.put("fleet-wave", new String[]{"--broken-release"});
        // every start ends, failed or not, before any is judged: one that fails takes the others down with it
        Map<String, RuntimeException> failed = new ConcurrentHashMap<>();
        wanted.entrySet().parallelStream().forEach(entry -> {
            try {
                SANDBOXES.put(entry.getKey(), Sandbox.up(root.resolve(entry.getKey()), entry.getValue()));
            } catch (RuntimeException e) {
                failed.put(entry.getKey(), e);
            }
        });
        if (!failed.isEmpty()) {
            tearDownSandboxes();
            IllegalStateException notUp = new IllegalStateException("sandboxes that did not come up: " + failed.keySet());
            failed.values().forEach(notUp::addSuppressed);
            throw notUp;
        }
        SANDBOXES.forEach((name, sandbox) -> sandbox.targetProperties(name)
                .forEach((key, value) -> registry.add(key, () -> value)));
        // the probers ask every 100 ms, not the 20 ms a target gets by default: four cutovers side by
        // side on two cores, each asking its old app and the new one 50 times a second, nearly doubled
        // the class's time (the benchmark, which measures the outage, keeps 20 ms)
        SANDBOXES.keySet().forEach(name -> registry.add("cutover.targets." + name + ".nginx.probe-interval", () -> "100ms"));
        registry.add("cutover.fleets.pair.targets[0]", () -> "fleet-canary");
        registry.add("cutover.fleets.pair.targets[1]", () -> "fleet-wave");
        registry.add("cutover.fleets.pair.canary", () -> "fleet-canary");
        registry.add("cutover.fleets.pair.on-failure", () -> "every-target-done");
    }

    @AfterAll
    static void tearDownSandboxes() {
        SANDBOXES.values().parallelStream().forEach(Sandbox::close);
        SANDBOXES.clear();
    }

    // set by setUp from the context: Spring's field injection raced when tests started side by side and
    // left one test's fields empty
    ProcessEngine engine;
    RuntimeService runtime;
    HistoryService history;
    RunHistory runs;
    ObjectMapper json;

    ProcessDriver driver;

    @BeforeEach
    void setUp(ApplicationContext context) {
        this.engine = context.getBean(ProcessEngine.class);
        this.runtime = engine.getRuntimeService();
        this.history = engine.getHistoryService();
        this.runs = context.getBean(RunHistory.class);
        this.json = context.getBean(ObjectMapper.class);
        AbstractAssertions.init(engine);
        driver = new ProcessDriver(engine);
    }

    @Test
    void happyPathLeavesBiSchedulerServingTheOldPortBehindNginx() throws Exception {
        Sandbox host = SANDBOXES.get("happy");
        long oldPid = listeningPid(host);

        ProcessInstance run = driver.approvedAndNotified("happy", "CHG-100");

        assertThat(run).isWaitingAt("Task_SignOff");
        assertCutoverDone(host, run, oldPid);
        assertThat(driver.record(run, "Task_StopOldService").orElseThrow().facts()).containsEntry("signal", "TERM");
        String plan = runtime.getVariable(run.getId(), "plan") + "" + runtime.getVariable(run.getId(), "plan2")
                + runtime.getVariable(run.getId(), "plan3");
        assertThat(plan).as("what starts the old app at boot, from preflight").contains("Starts the old app at boot")
                .contains("file|" + host.path("etc/cron.d/scheduler"));
        assertThat(plan).contains("backup-database.sh").contains("stop-old-service.sh").contains("Install monitoring")
                .doesNotContain("whole plan is in the run's record");
        assertThat((String) runtime.getVariable(run.getId(), "nginxDiff")).contains("+    location /bischeduler/ {")
                .contains("+        error_page 502 504 =503 @maintenance_bischeduler;");
        assertNoSecretInHistory(run, host);

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "works",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
        driver.complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true, "closingNote", "done"));
        assertThat(run).isEnded().hasPassed("EndEvent_Completed");
        assertThat(host.await(host.baseUrl() + "/scheduler/horarios/5?week=2", 301).headers().firstValue("Location").orElse(""))
                .as("closing the change made the redirect permanent").endsWith("/bischeduler/horarios/5?week=2");
        assertCompletedRecord(host, run);
    }

    @Test
    void rejectedSignOffRestoresTheOldStateByteForByte() throws Exception {
        Sandbox host = SANDBOXES.get("rejected");
        // files already where the cutover puts its own: the rollback must put them back, not delete them
        Path olderCheck = host.path("usr/local/bin/monitor.sh");
        Files.createDirectories(olderCheck.getParent());
        Files.writeString(olderCheck, "#!/bin/sh\necho an older health check\n");
        Files.setPosixFilePermissions(olderCheck, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(host.path("etc/systemd/system/bischeduler.service"),
                "[Unit]\nDescription=an older BiScheduler unit, never enabled\n\n[Service]\nExecStart=/bin/true\n");
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.approvedAndNotified("rejected", "CHG-101");
        assertThat(run).isWaitingAt("Task_SignOff");
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(driver.undoneSteps(run)).containsExactlyElementsOf(ProcessDriver.FULL_ROLLBACK);
        assertRestored(host, before, run);
        driver.complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        assertThat(run).isEnded().hasPassed("EndEvent_RolledBack");

        RunRecord record = runs.record(run.getId()).orElseThrow();
        assertThat(record.summary().outcome()).isEqualTo("rolled back");
        // the new service's stop hands the port straight back to the old app, which its own undo then finds serving
        assertThat(record.rollback().compensatedSteps()).containsExactly("Remove monitoring (completed)",
                "Restore old app (completed)", "Stop new service (completed)", "Start old service (unchanged)",
                "Disarm new service (unchanged)", "Restore auto-start (completed)", "Restore nginx config (completed)", "Remove service unit (completed)");
        assertThat(record.rollback().checkPassed()).isTrue();
        assertThat(record.downtime().servedAgainBy()).contains("old service");
        assertThat(record.downtime().millis()).as("the two stretches without either app, not the time the new app served")
                .isEqualTo(bothOutages(run));
        assertUsersSawMeasured(host, record.downtime().inCutover(), record.downtime().oldServiceStopped());
        assertUsersSawMeasured(host, record.downtime().inRollback(),
                Instant.ofEpochMilli(Long.parseLong(driver.kept(run, ProcessVariables.NEW_SERVICE_STOPPED_AT))));
        assertThat(record.successCriteria()).filteredOn(c -> c.name().equals("BiScheduler running on the port"))
                .singleElement().satisfies(c -> assertThat(c.met()).isFalse());
        assertNoSecretIn(host, json.writeValueAsString(record) + RunReport.markdown(record));
    }

    @Test
    void failingNginxTestNeverLeavesTheLiveFileBrokenAndRollbackRestoresTheHost() {
        Sandbox host = SANDBOXES.get("nginx-fails");
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.approvedAndNotified("nginx-fails", "CHG-102");

        // the staged copy fails nginx -t, before anything is stopped or switched
        ProcessInstance step = driver.failedStep(run, "Task_StageNginxConfig");
        assertThat(run).hasNotPassed("Task_StopOldService", "Task_SwitchNginxConfig");
        assertThat((String) runtime.getVariable(step.getId(), "failedOutput")).contains("duplicate location");
        assertThat(read(host, "nginx/sites/scheduler")).isEqualTo(before.get("nginx/sites/scheduler"));
        host.sh("nginx -t -c " + host.path("nginx/nginx.conf"));
        assertThat(host.get(host.baseUrl() + "/scheduler/").body()).contains("Old scheduler");

        driver.complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(driver.undoneSteps(run)).isEmpty();
        assertRestored(host, before, run);
    }

    @Test
    void oldProcessThatIgnoresSigtermIsKilledAndTheKillIsRecorded() {
        Sandbox host = SANDBOXES.get("stubborn");
        long oldPid = listeningPid(host);

        ProcessInstance run = driver.approvedAndNotified("stubborn", "CHG-103");

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.record(run, "Task_StopOldService").orElseThrow().facts()).containsEntry("signal", "KILL");
        assertThat(gone(oldPid)).as("old scheduler process " + oldPid).isTrue();
        assertThat(host.get(host.baseUrl() + "/bischeduler/").body()).contains("BiScheduler");
    }

    @Test
    void stepsRunAgainAfterACrashChangeNothingAndSucceed() throws Exception {
        Sandbox host = SANDBOXES.get("crashing");
        Map<String, byte[]> before = snapshot(host);
        long oldPid = listeningPid(host);
        ProcessInstance run = driver.start("crashing", "CHG-104");
        CrashAfterSteps.enableFor(run.getId());
        driver.complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        driver.complete(run, "Task_NotifyUsers", "ops1", "ops", Map.of("notificationChannel", "email",
                "notificationMessage", "tonight", "windowConfirmed", true));

        assertThat(run).isWaitingAt("Task_SignOff");
        // (staging writes its staged copy again each time; it never touches the live configuration)
        for (String step : List.of("Task_BackupDatabase", "Task_BackupConfiguration",
                "Task_InstallServiceUnit", "Task_SwitchNginxConfig", "Task_DisableAutoStart", "Task_ArmNewService", "Task_StopOldService",
                "Task_StartNewService", "Task_ArchiveOldApp", "Task_InstallMonitoring")) {
            assertThat(driver.record(run, step).orElseThrow().outcome()).as(step + " run again").isEqualTo("unchanged");
        }
        assertCutoverDone(host, run, oldPid);

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "again"));
        assertThat(driver.incidents(run)).isEmpty();
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
    }

    static Stream<Arguments> windowSteps() {
        return Stream.of(
                Arguments.of("switch-nginx", "Task_SwitchNginxConfig"),
                Arguments.of("backup-database", "Task_BackupDatabase"),
                Arguments.of("disable-autostart", "Task_DisableAutoStart"),
                Arguments.of("arm-new-service", "Task_ArmNewService"),
                Arguments.of("stop-old-service", "Task_StopOldService"),
                Arguments.of("start-new-service", "Task_StartNewService"),
                Arguments.of("archive-old-app", "Task_ArchiveOldApp"));
    }

    /** One after the other on one host: each rollback must leave it fit for the next cutover. */
    @Execution(ExecutionMode.SAME_THREAD)
    @ParameterizedTest(name = "{0} fails after doing its work: the rollback leaves the old app serving, the host as it was")
    @MethodSource("windowSteps")
    void aFailureAtEachStepOfTheWindowRollsBackToTheOldAppServing(String script, String failingStep) throws Exception {
        Sandbox host = SANDBOXES.get("each-step");
        Map<String, byte[]> before = snapshot(host);
        FaultyShells.failAfter("each-step", script);

        ProcessInstance run = driver.approvedAndNotified("each-step", "CHG-" + script);

        ProcessInstance step = driver.failedStep(run, failingStep);
        assertThat((String) runtime.getVariable(step.getId(), "failedOutput")).as("the failure").contains(script + ".sh")
                .contains("simulated failure after " + script);
        driver.complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));

        assertThat(run).as("rollback check: %s", driver.kept(run, "rollbackCheckReport")).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        driver.complete(run, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
        driver.assertEndedAt(run, "EndEvent_RolledBack");
    }

    /**
     * Check only, as {@code ansible --check --diff}: preflight, plan and the nginx diff against the
     * real target, no approval, nothing changed on it (every file, the old app's process), its own
     * record; it takes no lock, so another run holding the target does not stop it.
     */
    @Test
    void aCheckOnlyRunShowsThePlanAndDiffAndLeavesTheTargetAsItWas() throws Exception {
        Sandbox host = SANDBOXES.get("check-only");
        String files = "cd " + host.dir() + " && find nginx opt etc var usr -type f -print0 | sort -z | xargs -0 sha256sum";
        String before = host.sh(files);
        long old = listeningPid(host);
        ProcessInstance holding = driver.start("check-only", "CHG-181");
        assertThat(holding).isWaitingAt("Task_ApprovePlan");

        ProcessInstance run = driver.checkOnly("check-only", "CHG-180");

        driver.assertEndedAt(run, ProcessVariables.END_CHECKED);
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(run.getId()).count()).as("nobody was asked anything").isZero();
        RunRecord record = runs.record(run.getId()).orElseThrow();
        assertThat(record.summary().outcome()).isEqualTo("checked");
        assertThat(record.plan()).contains("Stop old service").contains("stop-old-service.sh");
        assertThat(record.nginxDiff()).contains("--- " + host.path("nginx/sites/scheduler")).contains("+").contains("/bischeduler/");
        assertThat(host.sh(files)).as("every file on the target byte for byte").isEqualTo(before);
        assertThat(listeningPid(host)).as("the old app untouched").isEqualTo(old);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(holding.getId()).count()).as("the other run goes on").isOne();
        runtime.deleteProcessInstance(holding.getId(), "the test is done with it");
    }

    @Test
    void aStaticProbeThatIsNotThereFailsPreflightBeforeAnythingStops() throws Exception {
        Sandbox host = SANDBOXES.get("static-missing");
        Files.move(host.path("opt/bischeduler/static/style.css"), host.path("opt/bischeduler/static/main.css"));
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.start("static-missing", "CHG-107");

        assertThat(run).isEnded().hasPassed("EndEvent_PreflightFailed").hasNotPassed("Task_ApprovePlan");
        assertThat((String) driver.historicVariable(run, "preflightFindings"))
                .contains("static-probe: FAILED").contains("style.css").contains("main.css");
        for (String file : SNAPSHOT) {
            assertThat(read(host, file)).as(file).isEqualTo(before.get(file));
        }
        assertThat(host.get(host.baseUrl() + "/scheduler/").body()).contains("Old scheduler");
    }

    /**
     * The sandbox is prepared in narrow access, as every sandbox is: its steps run from the copies
     * installed on it. A copy changed there (another version's, or edited by hand) fails preflight,
     * and none of the installed steps runs, preflight's own included.
     */
    @Test
    void aTargetHoldingStepsOfAnotherVersionFailsPreflightAndRunsNoneOfThem() throws Exception {
        Sandbox host = SANDBOXES.get("other-version");
        Files.writeString(host.path("cutover/steps/stop-old-service.sh"), "# changed on the host\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.start("other-version", "CHG-183");

        assertThat(run).isEnded().hasPassed("EndEvent_PreflightFailed").hasNotPassed("Task_ApprovePlan");
        String findings = (String) driver.historicVariable(run, "preflightFindings");
        assertThat(findings).contains("installed-steps: FAILED").contains("steps/stop-old-service.sh differs")
                .contains("scripts/prepare-target.sh").doesNotContain("old-location");
        for (String file : SNAPSHOT) {
            assertThat(read(host, file)).as(file).isEqualTo(before.get(file));
        }
        assertThat(host.get(host.baseUrl() + "/scheduler/").body()).contains("Old scheduler");
    }

    @Test
    void aSiteWithTwoServerBlocksIsCutOverInBothAndRolledBackByteForByte() throws Exception {
        Sandbox host = SANDBOXES.get("two-servers");
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.approvedAndNotified("two-servers", "CHG-108");

        assertThat(run).isWaitingAt("Task_SignOff");
        for (String server : List.of(host.baseUrl(), host.secondUrl())) {
            assertThat(host.await(server + "/bischeduler/", 200).body()).as(server).contains("BiScheduler");
            assertThat(host.get(server + "/scheduler/horarios/5").headers().firstValue("Location").orElse(""))
                    .as(server).endsWith("/bischeduler/horarios/5");
        }
        assertThat(host.get(host.secondUrl() + "/bischeduler/").headers().firstValue("X-Second-Server"))
                .as("the second server keeps its own headers").contains("yes");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "both servers checked"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        assertThat(host.await(host.secondUrl() + "/scheduler/", 200).body()).contains("Old scheduler");
    }

    static Stream<Arguments> respawnLoops() {
        return Stream.of(
                Arguments.of("respawn", "[w]hile :; do /usr/bin/python3 app.py", "while :; do /usr/bin/python3 app.py"),
                // the kernel names this one run.sh, after its script, not after its shell
                Arguments.of("respawn-script", "[/]bin/sh ./run.sh", "/bin/sh ./run.sh"));
    }

    @ParameterizedTest(name = "a respawn loop ({0}) is stopped with the old app and brought back by the rollback")
    @MethodSource("respawnLoops")
    void aRespawnLoopIsStoppedWithTheOldAppAndBroughtBackByTheRollback(String name, String pattern, String shown) throws Exception {
        Sandbox host = SANDBOXES.get(name);
        Map<String, byte[]> before = snapshot(host);
        // this sandbox's loop: another build's sandbox on this machine may run the same one
        String loop = "for p in $(pgrep -f '" + pattern + "'); do case $(readlink /proc/$p/cwd) in " + host.dir() + "/*) echo $p ;; esac; done";
        String loopPid = host.sh(loop).strip();
        assertThat(loopPid).as("the sandbox's respawn loop").isNotEmpty();
        HowItRan loopRan = HowItRan.of(host, Long.parseLong(loopPid));

        ProcessInstance run = driver.approvedAndNotified(name, "CHG-110-" + name);

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.kept(run, "oldService.launchers")).as("the loop was found and recorded").isNotBlank();
        assertThat((String) runtime.getVariable(run.getId(), "plan")).as("the plan names the loop")
                .contains("Keeps the old app running").contains(shown);
        assertThat(host.sh(loop).strip()).as("the loop was stopped with the old app").isEmpty();
        assertThat(HostProcesses.runningFrom(host.path("opt/scheduler"), Path.of(driver.kept(run, "archivePath"))))
                .as("nothing runs from the old app's folder or its archive").isEmpty();
        // BiScheduler crashes once: its unit starts it again, and nothing brings the old app back
        long newApp = listeningPid(host);
        new ProcessBuilder("kill", "-9", String.valueOf(newApp)).start().waitFor();
        Thread.sleep(5000);
        assertThat(host.await(host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
        assertThat(ProcessHandle.of(listeningPid(host)).flatMap(p -> p.info().commandLine()).orElse("")).contains("bischeduler");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "loop check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        assertThat(host.sh(loop).strip()).as("the rollback started the loop again, not just the app").isNotEmpty();
        long parent = ProcessHandle.of(listeningPid(host)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(0L);
        assertThat(host.sh(loop).strip()).contains(String.valueOf(parent));
        assertThat(HowItRan.of(host, parent)).as("the same launcher, as the same user, with its environment").isEqualTo(loopRan);
    }

    @Test
    void anOldAppUnderSupervisordIsStoppedThroughItAndItsProgramComesBackWithTheRollback() throws Exception {
        Sandbox host = SANDBOXES.get("supervised");
        Map<String, byte[]> before = snapshot(host);
        Path program = host.path("etc/supervisor/conf.d/scheduler.conf");
        String programBefore = Files.readString(program);
        String status = "supervisorctl -c " + host.path("etc/supervisor/supervisord.conf") + " status scheduler || true";
        assertThat(host.sh(status)).contains("RUNNING");

        ProcessInstance run = driver.approvedAndNotified("supervised", "CHG-112");

        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.kept(run, "oldService.mode")).isEqualTo("supervisor");
        assertThat(driver.kept(run, "autoStarts")).contains("supervisor|").contains("|scheduler");
        assertThat(host.sh(status)).as("stopped through supervisord, which would have started it again").contains("STOPPED");
        assertThat(Files.readString(program)).contains("autostart=false");
        long newApp = listeningPid(host);
        new ProcessBuilder("kill", "-9", String.valueOf(newApp)).start().waitFor();
        Thread.sleep(5000);
        // systemd's restart of the new app (a Python start) takes longer than 5 s on a busy machine
        assertThat(host.await(host.baseUrl() + "/bischeduler/", 200, Duration.ofSeconds(60)).body()).contains("BiScheduler");
        assertThat(host.sh(status)).contains("STOPPED");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "supervisor check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        assertThat(host.sh(status)).as("the program runs again under supervisord").contains("RUNNING");
        assertThat(Files.readString(program)).isEqualTo(programBefore);
    }

    @Test
    void anOldAppLeftRunningInATmuxSessionComesBackInThatSessionWithTheRollback() throws Exception {
        Sandbox host = SANDBOXES.get("tmux");
        Map<String, byte[]> before = snapshot(host);
        String panes = "tmux -S " + host.path("run/tmux.sock") + " list-panes -a -F '#{session_name} #{pane_pid}' || true";
        assertThat(host.sh(panes)).startsWith("scheduler ");

        ProcessInstance run = driver.approvedAndNotified("tmux", "CHG-113");

        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.kept(run, "oldService.tmuxSession")).isEqualTo("scheduler");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "tmux check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        long restored = listeningPid(host);
        assertThat(host.sh(panes)).as("the old app runs in a pane of the tmux session again").contains("scheduler " + restored);
    }

    @Test
    void anOldAppLeftRunningInAScreenSessionComesBackInThatSessionWithTheRollback() throws Exception {
        Sandbox host = SANDBOXES.get("screen");
        Map<String, byte[]> before = snapshot(host);
        String session = "scheduler-" + host.sh("printf '%s' '" + host.dir() + "' | md5sum | cut -c1-12").strip();
        assertThat(host.sh("screen -ls || true")).contains("." + session);

        ProcessInstance run = driver.approvedAndNotified("screen", "CHG-114");

        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.kept(run, "oldService.screenSession")).isEqualTo(session);

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "screen check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        long restored = listeningPid(host);
        long screenPid = ProcessHandle.of(restored).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(0L);
        assertThat(host.sh("screen -ls || true")).as("the old app runs in the screen session again").contains(screenPid + "." + session);
    }

    /** The old app started at boot from root's crontab, or from another user's: the line is disabled and put back by the rollback. */
    @ParameterizedTest(name = "an @reboot line in {1}''s crontab is disabled in the window and restored byte for byte by the rollback")
    @CsvSource({"root-cron, root", "user-cron, cutover-oldapp"})
    void anOldAppStartedFromACrontabIsDisabledAndPutBack(String sandbox, String user) throws Exception {
        Sandbox host = SANDBOXES.get(sandbox);
        Map<String, byte[]> files = snapshot(host);
        // the crontab is the machine's: another build's sandboxes may add and remove lines of their own meanwhile
        String crontab = "crontab -l -u " + user + " | grep -F -- '" + host.dir() + "/'";
        String before = host.sh(crontab);
        String line = "@reboot cd " + host.path("opt/scheduler");
        assertThat(before).contains(line);

        ProcessInstance run = driver.approvedAndNotified(sandbox, "CHG-111");

        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.kept(run, "autoStarts")).contains("crontab|" + user);
        String during = host.sh(crontab);
        assertThat(during.lines().filter(l -> l.startsWith(line))).as("the line no longer starts the old app").isEmpty();
        assertThat(during).contains("#cutover-disabled-");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "cron check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, files, run);
        assertThat(host.sh(crontab)).as(user + "'s crontab lines for this host byte for byte").isEqualTo(before);
    }

    /** Started by hand from another user's login shell with nohup, and left running when that shell ended. */
    @Test
    void anOldAppLeftRunningWithNohupByAnotherUserComesBackAsThatUserWithItsEnvironmentAndOutput() throws Exception {
        Sandbox host = SANDBOXES.get("nohup");
        Map<String, byte[]> files = snapshot(host);
        long old = listeningPid(host);
        Path folder = host.path("opt/scheduler");
        String user = host.sh("stat -c %U /proc/" + old).strip();
        assertThat(user).isEqualTo("cutover-oldapp");
        assertThat(host.sh("ps -o ppid= -p " + old).strip()).as("its shell has ended").isEqualTo("1");
        String environment = host.sh("tr '\\0' '\\n' < /proc/" + old + "/environ | sort");

        ProcessInstance run = driver.approvedAndNotified("nohup", "CHG-150");

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(HostProcesses.runningFrom(folder, host.path("var/archive"))).as("nothing runs from the old folder").isEmpty();
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "nohup check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, files, run);
        long back = listeningPid(host);
        assertThat(host.sh("stat -c %U /proc/" + back).strip()).as("as the same user").isEqualTo(user);
        assertThat(host.sh("readlink /proc/" + back + "/cwd").strip()).isEqualTo(folder.toString());
        assertThat(host.sh("readlink /proc/" + back + "/fd/1").strip()).as("its output where nohup sent it")
                .isEqualTo(folder.resolve("nohup.out").toString());
        assertThat(host.sh("tr '\\0' '\\n' < /proc/" + back + "/environ | sort")).as("its environment").isEqualTo(environment);
    }

    static Stream<Arguments> wsgiServers() {
        return Stream.of(Arguments.of("gunicorn", "gunicorn --workers 2", "TERM"),
                // uWSGI takes SIGTERM as a reload of everything: its stop is SIGINT
                Arguments.of("uwsgi", "uwsgi --plugin python3 --master --processes 2", "INT"));
    }

    /** gunicorn and uWSGI as real servers run them: a master and two workers, as www-data, started at boot from root's crontab. */
    @ParameterizedTest(name = "{0} with its workers is stopped through its master and comes back as it ran with its boot line")
    @MethodSource("wsgiServers")
    void aWsgiServerWithItsWorkersIsStoppedThroughItsMasterAndComesBackAsItRanWithItsBootLine(String name, String shape, String signal) throws Exception {
        Sandbox host = SANDBOXES.get(name);
        Map<String, byte[]> files = snapshot(host);
        Path folder = host.path("opt/scheduler");
        String crontab = "crontab -l -u root | grep -F -- '" + host.dir() + "/'";
        String bootLine = host.sh(crontab);
        long master = listeningPid(host);
        String command = host.sh("tr '\\0' ' ' < /proc/" + master + "/cmdline");
        assertThat(command).contains(shape);
        assertThat(host.sh("ps -o user= --ppid " + master).lines().map(String::strip)).as("its workers")
                .containsExactly("www-data", "www-data");

        ProcessInstance run = driver.approvedAndNotified(name, "CHG-160-" + name);

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat(driver.kept(run, "oldService.signal")).as("stopped by its own stop signal, within the grace period").isEqualTo(signal);
        assertThat(HostProcesses.runningFrom(folder, host.path("var/archive"))).as("neither master nor worker left").isEmpty();
        assertThat(host.sh(crontab)).as("the boot line disabled").contains("#cutover-disabled-");
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", name + " check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, files, run);
        long back = listeningPid(host);
        assertThat(host.sh("tr '\\0' ' ' < /proc/" + back + "/cmdline")).as("the master as it ran").isEqualTo(command);
        assertThat(host.sh("stat -c %U /proc/" + back).strip()).isEqualTo("www-data");
        assertThat(host.sh("readlink /proc/" + back + "/cwd").strip()).isEqualTo(folder.toString());
        assertThat(host.sh("ps -o user= --ppid " + back).lines().map(String::strip)).as("with its workers")
                .containsExactly("www-data", "www-data");
        assertThat(host.sh(crontab)).as("root's boot line byte for byte").isEqualTo(bootLine);
    }

    static Stream<Arguments> servicesNobodyNamed() {
        return Stream.of(
                Arguments.of("lib-unit", "systemctl", "the systemd service "),
                Arguments.of("user-unit", "systemctl --user --machine=cutover-oldapp@", "the systemd user service "));
    }

    /**
     * A service that nobody named in the configuration, Restart=always: one a package installed (its
     * unit in /lib/systemd/system), and a user's own (~/.config/systemd/user). Found from the old
     * app's control group, stopped and disabled through its manager (a kill alone would have it
     * started again), and back as it ran after the rollback: enabled from the same file, as the same
     * user, with the same command line and environment.
     */
    @ParameterizedTest(name = "an unnamed service ({0}) is stopped through its manager and comes back enabled with the rollback")
    @MethodSource("servicesNobodyNamed")
    void anUnnamedServiceIsStoppedThroughItsManagerAndComesBackEnabledWithTheRollback(String name, String systemctl, String shown) throws Exception {
        Sandbox host = SANDBOXES.get(name);
        Map<String, byte[]> files = snapshot(host);
        Path folder = host.path("opt/scheduler");
        String unit = name.equals("lib-unit") ? "scheduler-legacy" : host.sh(". " + host.path("sandbox.env") + "; echo $OLD_USER_UNIT").strip();
        String wants = name.equals("lib-unit")
                ? host.path("etc/systemd/system/multi-user.target.wants/" + unit + ".service").toString()
                : "~cutover-oldapp/.config/systemd/user/default.target.wants/" + unit + ".service";
        String link = host.sh("readlink " + wants).strip();
        assertThat(link).endsWith("/" + unit + ".service");
        long old = listeningPid(host);
        assertThat(host.sh("grep '^0::' /proc/" + old + "/cgroup").strip()).endsWith("/" + unit + ".service");
        HowItRan ran = HowItRan.of(host, old);

        ProcessInstance run = driver.approvedAndNotified(name, "CHG-170-" + name);

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(driver.decisionsAsked(run)).as("no step failed").isZero();
        assertThat((String) runtime.getVariable(run.getId(), "plan")).as("the plan names the service").contains(shown + unit);
        assertThat(host.sh(systemctl + " is-active " + unit + " || true").strip()).as("stopped through its manager").isEqualTo("inactive");
        assertThat(host.sh(systemctl + " is-enabled " + unit + " || true").strip()).isEqualTo("disabled");
        assertThat(HostProcesses.runningFrom(folder, Path.of(driver.kept(run, "archivePath")))).as("nothing runs from the old folder").isEmpty();
        Thread.sleep(2000);
        assertThat(host.await(host.baseUrl() + "/bischeduler/", 200).body()).as("nothing restarted the old app after RestartSec")
                .contains("BiScheduler");
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "unit check"));
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, files, run);
        long back = listeningPid(host);
        assertThat(host.sh(systemctl + " is-active " + unit + " || true").strip()).as("its service runs it again").isEqualTo("active");
        assertThat(host.sh(systemctl + " show -p MainPID --value " + unit).strip()).isEqualTo(String.valueOf(back));
        assertThat(host.sh("readlink " + wants).strip()).as("enabled again, from the same file").isEqualTo(link);
        assertThat(HowItRan.of(host, back)).as("as the same user, with the same command line and environment").isEqualTo(ran);
        assertThat(host.sh("readlink /proc/" + back + "/cwd").strip()).isEqualTo(folder.toString());
    }

    @Test
    void anSshOutageAtAStepOfTheWindowAndAtAnUndoIsWaitedOutAndTheRecordShowsTheWait() throws Exception {
        Sandbox host = SANDBOXES.get("blip");
        Map<String, byte[]> before = snapshot(host);
        Duration outage = Duration.ofSeconds(20);
        FaultyShells.before("blip", "stop-old-service", () -> host.dropSsh(outage));

        ProcessInstance run = driver.approvedAndNotified("blip", "CHG-140");

        assertThat(run).as("the window went on by itself once the host answered").isWaitingAt("Task_SignOff");
        assertThat(driver.decisionsAsked(run)).as("no operator was asked").isZero();
        StepRecord stop = driver.record(run, "Task_StopOldService").orElseThrow();
        assertThat(stop.outcome()).isEqualTo("completed");
        assertThat(stop.facts()).containsKey("waitedForHost");
        assertThat(stop.endedAt() - stop.startedAt()).as("it waited out the outage").isGreaterThanOrEqualTo(outage.toMillis());

        FaultyShells.before("blip", "restore-nginx", () -> host.dropSsh(outage));
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "reports broken"));

        assertThat(run).as("rollback check: %s", driver.kept(run, "rollbackCheckReport")).isWaitingAt("Task_ConfirmRollback");
        assertThat(driver.record(run, "Task_RestoreNginxConfig").orElseThrow().facts()).containsKey("waitedForHost");
        assertRestored(host, before, run);
        assertThat(runs.record(run.getId()).orElseThrow().steps()).filteredOn(step -> step.activityId().equals("Task_StopOldService"))
                .singleElement().satisfies(step -> assertThat(step.facts()).containsKey("waitedForHost"));
    }

    @Test
    void aBrokenReleaseFailsItsRehearsalAndTheOldAppNeverStops() throws Exception {
        Sandbox host = SANDBOXES.get("broken-release");
        Map<String, byte[]> before = snapshot(host);
        long oldPid = listeningPid(host);

        ProcessInstance run = driver.approvedAndNotified("broken-release", "CHG-109");

        ProcessInstance step = driver.failedStep(run, "Task_RehearseRelease");
        assertThat(run).hasNotPassed("Task_SwitchNginxConfig", "Task_StopOldService");
        assertThat((String) runtime.getVariable(step.getId(), "failedOutput")).contains("the new release exited at start")
                .contains("configuration error, cannot start");
        assertThat(listeningPid(host)).as("the old app kept serving").isEqualTo(oldPid);
        driver.complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertRestored(host, before, run);
        assertThat(listeningPid(host)).isEqualTo(oldPid);
        assertThat(driver.kept(run, "oldServiceStoppedAt")).as("no outage at all").isNull();
    }

    @Test
    void aFailedStartRolledBackBringsTheOldAppBackOnItsOwnPortWithItsEnvironment() throws Exception {
        Sandbox host = SANDBOXES.get("env-port");
        Map<String, byte[]> before = snapshot(host);
        assertThat(environmentOf(listeningPid(host))).contains("FLASK_PORT=" + host.appPort());
        FaultyShells.failAfter("env-port", "start-new-service");

        ProcessInstance run = driver.approvedAndNotified("env-port", "CHG-105");

        driver.failedStep(run, "Task_StartNewService");
        assertThat(driver.kept(run, "oldService.environment")).as("the record has its names; the values stay on the host")
                .contains("FLASK_PORT").doesNotContain("FLASK_PORT=");
        driver.complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(driver.undoneSteps(run)).startsWith("Task_StopNewService", "Task_StartOldService");
        assertRestored(host, before, run);
        assertThat(environmentOf(listeningPid(host))).as("the old app came back with the environment it ran with")
                .contains("FLASK_PORT=" + host.appPort());
        // verification never ran: the rollback's check reports what the cutover's prober saw up to the rollback
        RunRecord.Downtime downtime = runs.record(run.getId()).orElseThrow().downtime();
        assertThat(downtime.inCutover()).as("what users saw from the switch to the rollback").isNotNull();
        assertThat(downtime.inCutover().from()).isLessThan(downtime.oldServiceStopped().toEpochMilli());
        assertThat(downtime.inCutover().to()).isEqualTo(downtime.inRollback().from());
        assertThat(downtime.inCutover().notOk()).containsKey("503").doesNotContainKeys("502", "404");
        assertThat(downtime.inCutover().longestMillis()).isPositive();
    }

    @Test
    void enableFailingAfterTheNewAppAnsweredIsRolledBackToTheOldAppNotToNothing() throws Exception {
        Sandbox host = SANDBOXES.get("enable-fails");
        Map<String, byte[]> before = snapshot(host);

        ProcessInstance run = driver.approvedAndNotified("enable-fails", "CHG-106");

        ProcessInstance step = driver.failedStep(run, "Task_StartNewService");
        assertThat((String) runtime.getVariable(step.getId(), "failedOutput")).contains("systemctl enable bischeduler failed");
        assertThat(host.get(host.baseUrl() + "/bischeduler/").body()).as("the new app answered before enable failed")
                .contains("BiScheduler");
        driver.complete(run, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));

        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(driver.undoneSteps(run)).first().as("the failed step's own undo first").isEqualTo("Task_StopNewService");
        assertRestored(host, before, run);
        RunRecord record = runs.record(run.getId()).orElseThrow();
        assertThat(record.rollback().checkPassed()).isTrue();
        assertThat(record.downtime().millis()).isNotNull().isPositive();
    }

    // ------------------------------------------------------------------ what the host must look like

    private static String environmentOf(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), java.nio.charset.StandardCharsets.UTF_8)
                .replace('\0', '\n');
    }

    private void assertCutoverDone(Sandbox host, ProcessInstance run, long oldPid) throws IOException {
        Path dump = Path.of(driver.kept(run, "dbBackupPath"));
        assertThat(dump).exists();
        assertThat(Files.getPosixFilePermissions(dump)).as("the dump is private from the start")
                .containsOnly(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(StepContext.sha256(Files.readAllBytes(dump))).isEqualTo(driver.kept(run, "dbBackupSha256"));
        assertThat(Files.size(dump)).isEqualTo(Long.parseLong(driver.kept(run, "dbBackupSize")));
        String sql = host.sh("zcat " + dump);
        assertThat(sql.strip()).contains("INSERT INTO `horarios`").contains("CREATE DEFINER").contains("horas_de")
                .contains("profesores_touch");
        assertThat(sql.strip().lines().reduce((a, b) -> b).orElse("")).startsWith("-- Dump completed");
        try (var backups = Files.list(host.path("var/backups/scheduler"))) {
            assertThat(backups.map(Path::toString)).noneMatch(name -> name.endsWith(".cnf") || name.endsWith(".partial"));
        }

        Path archive = Path.of(driver.kept(run, "archivePath"));
        assertThat(archive.resolve("app.py")).exists();
        assertThat(host.path("opt/scheduler")).doesNotExist();
        assertThat(gone(oldPid)).as("old scheduler process " + oldPid).isTrue();
        assertThat(HostProcesses.runningFrom(host.path("opt/scheduler"), archive)).as("nothing runs from the old app's folder or its archive").isEmpty();

        HttpResponse<String> app = host.await(host.baseUrl() + "/bischeduler/", 200);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("BiScheduler");
        HttpResponse<String> redirect = host.await(host.baseUrl() + "/scheduler/", 302);
        assertThat(redirect.statusCode()).as("temporary while the change is open: a browser keeps a 301 past a rollback")
                .isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElse("")).endsWith("/bischeduler/");
        HttpResponse<String> deepLink = host.await(host.baseUrl() + "/scheduler/horarios/5?week=2", 302);
        assertThat(deepLink.headers().firstValue("Location").orElse("")).as("a deep link keeps its path and query")
                .endsWith("/bischeduler/horarios/5?week=2");
        assertThat(host.get(host.baseUrl() + "/bischeduler/api/horarios").body()).contains("\"status\": \"ok\"");
        assertThat(host.status(host.baseUrl() + "/bischeduler/static/style.css")).isEqualTo(200);

        host.sh("systemctl is-enabled --quiet bischeduler && systemctl is-active --quiet bischeduler");
        long newPid = listeningPid(host);
        assertThat(ProcessHandle.of(newPid).flatMap(p -> p.info().commandLine()).orElse(""))
                .contains(host.path("opt/bischeduler/app.py").toString());
        Path monitor = host.path("usr/local/bin/monitor.sh");
        assertThat(Files.isExecutable(monitor)).isTrue();
        assertThat(driver.kept(run, "monitoringOutput")).contains("OK   unit bischeduler active");
        assertThat(Long.parseLong(driver.kept(run, "oldServiceStoppedAt")))
                .isLessThanOrEqualTo(Long.parseLong(driver.kept(run, "newServiceAnsweredAt")));
        assertThat(runtime.getVariable(run.getId(), "verificationPassed")).isEqualTo(true);
    }

    /**
     * A fleet of two under every-target-done: the canary's cutover completes (closed, the redirect
     * permanent, the old app archived), the wave's broken release fails and rolls back, and the
     * budget of one rolls the canary back too, in an undo run: its host as it was before the fleet.
     */
    @Test
    void aFleetRollsBackItsCompletedCanaryByteForByteWhenTheNextTargetFails() throws Exception {
        Sandbox canary = SANDBOXES.get("fleet-canary");
        Map<String, byte[]> before = snapshot(canary);
        engine.getIdentityService().setAuthentication("ops1", List.of("ops"));
        ProcessInstance fleet;
        try {
            fleet = runtime.startProcessInstanceByKey(ProcessVariables.FLEET_KEY, "CHG-130", Map.of("fleet", "pair",
                    "changeReference", "CHG-130", "maintenanceWindowStart", java.time.Instant.now().minusSeconds(60).toString()));
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
        driver.drive(fleet);
        driver.complete(fleet, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        ProcessInstance canaryUndo = null;
        for (int round = 0; round < 30; round++) {
            // a failed step's decision is a task of the step process its run's box called
            List<org.camunda.bpm.engine.task.Task> open = engine.getTaskService().createTaskQuery()
                    .processDefinitionKeyIn(ProcessVariables.PROCESS_KEY, StepProcess.KEY).list().stream()
                    .filter(task -> fleet.getId().equals(history.createHistoricProcessInstanceQuery()
                            .processInstanceId(StepProcess.runOf(task, runtime)).singleResult().getSuperProcessInstanceId())).toList();
            if (open.isEmpty()) {
                break;
            }
            ProcessInstance run = runtime.createProcessInstanceQuery().processInstanceId(StepProcess.runOf(open.get(0), runtime))
                    .singleResult();
            String key = open.get(0).getTaskDefinitionKey();
            boolean undoRun = "undo".equals(runtime.getVariable(run.getId(), ProcessVariables.FLEET_STAGE));
            if (key.equals("Task_ConfirmRollback") && undoRun) {
                assertThat(driver.kept(run, ProcessVariables.UNDOES_RUN)).as("the undo run names the canary's cutover").isNotNull();
                assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(driver.kept(run, ProcessVariables.UNDOES_RUN))
                        .singleResult().getEndActivityId()).isEqualTo("EndEvent_Completed");
                assertRestored(canary, before, run);
                canaryUndo = run;
            }
            driver.complete(run, key, "ops1", "ops", switch (key) {
                case "Task_NotifyUsers" -> ProcessDriver.NOTIFIED;
                case "Task_SignOff" -> Map.of("signOffDecision", "approve", "signOffComment", "works", "webInterfaceOk", true,
                        "apiEndpointsOk", true, "dataOk", true, "reportsOk", true);
                case "Task_CloseChange" -> Map.of("usersInformed", true, "closingNote", "done");
                case "Task_ConfirmRollback" -> Map.of("usersInformedOfRollback", true);
                default -> Map.of("failureDecision", "rollback");
            });
        }
        assertThat(canaryUndo).as("the canary was rolled back with the fleet").isNotNull();
        RunRecord record = runs.record(canaryUndo.getId()).orElseThrow();
        assertThat(record.downtime().millis()).as("the cutover's outage and the rollback's, not the time the new app served")
                .isEqualTo(bothOutages(canaryUndo));
        assertThat(record.summary().outcome()).isEqualTo("rolled back");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(fleet.getId()).singleResult().getEndActivityId())
                .isEqualTo("EndEvent_FleetRolledBack");
    }

    /** From the old app's stop to the new app's answer, and from the new app's stop to the old app's return, as the run kept them. */
    private long bothOutages(ProcessInstance run) {
        long stopped = Long.parseLong(driver.kept(run, "oldServiceStoppedAt"));
        long answered = Long.parseLong(driver.kept(run, "newServiceAnsweredAt"));
        long newStopped = Long.parseLong(driver.kept(run, "newServiceStoppedAt"));
        long restored = Long.parseLong(driver.kept(run, "oldServiceRestoredAt"));
        return (answered - stopped) + (restored - newStopped);
    }

    /**
     * The prober on the host asked through the window in which users lost the service at {@code lost}
     * (it starts before any change, the stretch it measured ends after it), and nothing still asks.
     */
    private static void assertUsersSawMeasured(Sandbox host, UsersSaw saw, Instant lost) {
        assertThat(saw).as("what the prober on the host saw").isNotNull();
        assertThat(saw.from()).isLessThan(lost.toEpochMilli());
        assertThat(saw.to()).isGreaterThan(lost.toEpochMilli() + saw.longestMillis());
        assertThat(saw.notOk()).as("users got the maintenance page, never a 502 or a 404").doesNotContainKeys("502", "404");
        String asked = host.baseUrl() + "/scheduler/?cutover-probe=";
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(asked)).toList())
                .as("no prober left asking the host").isEmpty();
    }

    /** How a process ran, as a rollback must bring it back: its user, its command line and its environment. */
    private record HowItRan(String user, String command, String environment) {
        static HowItRan of(Sandbox host, long pid) {
            return new HowItRan(host.sh("stat -c %U /proc/" + pid).strip(), host.sh("tr '\\0' ' ' < /proc/" + pid + "/cmdline"),
                    host.sh("tr '\\0' '\\n' < /proc/" + pid + "/environ | sort"));
        }
    }

    private void assertRestored(Sandbox host, Map<String, byte[]> before, ProcessInstance run) {
        for (String file : SNAPSHOT) {
            assertThat(read(host, file)).as(file + " byte for byte").isEqualTo(before.get(file));
        }
        for (String file : PUT_IN_PLACE) {
            assertThat(readIfPresent(host, file)).as(file + " as it was before the run (or absent)").isEqualTo(before.get(file));
        }
        HttpResponse<String> old = host.await(host.baseUrl() + "/scheduler/", 200);
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.body()).contains("Old scheduler");
        assertThat(ProcessHandle.of(listeningPid(host)).flatMap(p -> p.info().commandLine()).orElse(""))
                .containsAnyOf("app.py", "app:application").doesNotContain("bischeduler");
        assertThat(host.sh("systemctl is-active bischeduler || true").strip()).isEqualTo("inactive");
        assertThat(runtime.getVariable(run.getId(), "rollbackCheckPassed"))
                .as("rollback check: %s", runtime.getVariable(run.getId(), "rollbackCheckReport")).isEqualTo(true);
    }

    /** The record of a completed run answers who, what, when, with which backups, how long users waited, how it ended. */
    private void assertCompletedRecord(Sandbox host, ProcessInstance run) throws Exception {
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(run.getId()).count()).isZero();
        RunRecord record = runs.record(run.getId()).orElseThrow();
        RunRecord.RunSummary summary = record.summary();
        assertThat(summary.target()).isEqualTo("happy");
        assertThat(summary.changeReference()).isEqualTo("CHG-100");
        assertThat(summary.requestedBy()).isEqualTo("ops1");
        assertThat(summary.outcome()).isEqualTo("completed");
        assertThat(summary.endedAt()).isAfter(summary.startedAt());
        assertThat(summary.downtimeMillis()).isPositive();
        assertThat(runs.list(new RunFilter("happy", "completed", null, null, null))).extracting(RunRecord.RunSummary::id).contains(run.getId());
        assertThat(runs.list(new RunFilter("happy", "rolled back", null, null, "CHG-100"))).isEmpty();

        assertThat(record.timeline()).filteredOn(t -> t.activityId().equals("Task_ApprovePlan")).singleElement().satisfies(t -> {
            assertThat(t.completedBy()).isEqualTo("manager1");
            assertThat(t.decision()).containsEntry("approvalDecision", "approve").containsEntry("approvalComment", "go");
            assertThat(t.endedAt()).isNotNull();
        });
        assertThat(record.timeline()).filteredOn(t -> t.activityId().equals("Task_SignOff")).singleElement().satisfies(t -> {
            assertThat(t.completedBy()).isEqualTo("ops1");
            assertThat(t.decision()).containsEntry("signOffDecision", "approve").containsEntry("signOffComment", "works");
        });
        assertThat(record.timeline()).extracting(RunRecord.TimelineEntry::activityId)
                .contains("Task_RunPreflight", "Task_BackupDatabase", "Task_StopOldService", "Task_VerifyCutover", "Task_CloseChange");

        RunRecord.StepEntry backup = record.steps().stream().filter(s -> s.activityId().equals("Task_BackupDatabase")).findFirst().orElseThrow();
        assertThat(backup.commands()).anySatisfy(c -> {
            assertThat(c.command()).contains("backup-database");
            assertThat(c.exitCode()).isZero();
            assertThat(c.stdoutExcerpt()).contains("@sha256=");
        });
        assertThat(record.backups()).anySatisfy(b -> {
            assertThat(b.path()).endsWith(".sql.gz");
            assertThat(b.sha256()).hasSize(64);
            assertThat(b.size()).isPositive();
        });
        assertThat(record.backups()).extracting(RunRecord.Backup::what).contains("nginx-site", "app.py", "env", "cron");
        assertThat(record.nginxDiff()).contains("+    location /bischeduler/ {");
        assertThat(record.downtime().oldServiceStopped()).isNotNull();
        assertThat(record.downtime().serviceAnsweredAgain()).isAfterOrEqualTo(record.downtime().oldServiceStopped());
        assertThat(record.downtime().servedAgainBy()).isEqualTo("new service");
        assertUsersSawMeasured(host, record.downtime().inCutover(), record.downtime().oldServiceStopped());
        assertThat(record.downtime().inRollback()).isNull();
        assertThat(record.downtime().countedMillis()).isEqualTo(record.downtime().inCutover().longestMillis());
        assertThat(record.rollback().happened()).isFalse();
        assertThat(record.successCriteria()).hasSize(9).allSatisfy(c -> assertThat(c.met()).as(c.name() + ": " + c.evidence()).isTrue());
        assertThat(record.plan()).contains("backup-database.sh");

        String report = RunReport.markdown(record);
        assertThat(report).contains("# Cutover CHG-100 on happy: completed").contains("manager1").contains("approvalComment: go")
                .contains("- [x] **Users informed**").contains("```diff");
        assertNoSecretIn(host, json.writeValueAsString(record) + report);
    }

    private static void assertNoSecretIn(Sandbox host, String text) throws IOException {
        assertThat(text).doesNotContain(Files.readString(host.path("secrets/db-password")).strip())
                .doesNotContain(Files.readString(host.path("secrets/key-passphrase")).strip());
    }

    private void assertNoSecretInHistory(ProcessInstance run, Sandbox host) throws IOException {
        String password = Files.readString(host.path("secrets/db-password")).strip();
        for (var detail : history.createHistoricDetailQuery().processInstanceId(run.getId()).variableUpdates().list()) {
            Object value = ((HistoricVariableUpdate) detail).getValue();
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
            assertThat(text).as(((HistoricVariableUpdate) detail).getVariableName()).doesNotContain(password);
        }
        assertThat(driver.storedText(run)).as("the run store").isNotEmpty().doesNotContain(password);
    }

    private static Map<String, byte[]> snapshot(Sandbox host) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        SNAPSHOT.forEach(file -> files.put(file, read(host, file)));
        PUT_IN_PLACE.forEach(file -> files.put(file, readIfPresent(host, file)));
        return files;
    }

    /** The file's bytes and its mode, or null when it does not exist. */
    private static byte[] readIfPresent(Sandbox host, String file) {
        Path path = host.path(file);
        if (!Files.exists(path)) {
            return null;
        }
        try {
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            return (mode + "\n" + new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Sandbox host, String file) {
        try {
            return Files.readAllBytes(host.path(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gone, or a zombie waiting for its parent: either way it no longer runs. */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** The process holding the app's port; of a master and its workers (all holding it), the master. */
    private static long listeningPid(Sandbox host) {
        String line = Programs.run(List.of("ss", "-Hltnp", "sport = :" + host.appPort()));
        java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(line);
        List<Long> holders = new java.util.ArrayList<>();
        while (pid.find()) {
            holders.add(Long.parseLong(pid.group(1)));
        }
        assertThat(holders).as("something listens on " + host.appPort() + ": " + line).isNotEmpty();
        return holders.stream().filter(holder -> ProcessHandle.of(holder).flatMap(ProcessHandle::parent)
                .map(parent -> !holders.contains(parent.pid())).orElse(true)).findFirst().orElseThrow();
    }

}
