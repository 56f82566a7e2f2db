package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedShell;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.Locks;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's record and its live view as a person sees them, in headless Chromium driven by
 * {@code browser/run-record.js}: the path marked on the diagram, the checklist, the outage on
 * the timeline, output folded; and the live view of a run in progress taking the steps that
 * run while it is open, without a reload. Screenshots go to {@code target/screenshots/record}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
@ResourceLock(Locks.ENGINE_CLOCK)
class RunRecordBrowserIT {

    private static final String READER = "recordreader";
    private static final String PASSWORD = "record-browser-pw";
    private static final Path SCRIPT = Path.of("browser/run-record.js").toAbsolutePath();
    private static final Path SHOTS = Path.of("target/screenshots/record").toAbsolutePath();

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;

    @AfterEach
    void clockBack() {
        ClockUtil.reset();
    }

    @Test
    void theRecordShowsThePathTheChecklistAndTheOutageAndTheLiveViewFollowsARun() throws Exception {
        Path node = Programs.require("node", "/usr/bin/node", "/usr/local/bin/node");
        Programs.require("Debian's chromium", "/usr/bin/chromium");
        if (!Files.isDirectory(Path.of("browser/node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in browser/; run 'npm ci --prefix browser' ("
                    + Programs.INSTALL_HINT + ")");
        }
        CurrentEngine.use(engine);
        // a reader of its own: the other tests of this context give ops1 and auditor1 their own passwords
        TestUsers.ensure(identity, READER, PASSWORD, "auditors");
        ProcessDriver driver = new ProcessDriver(engine);

        // the host did not answer twice when the old app was to stop: the step waited for it
        ScriptedTargets.reset("web-01").unreachable("stop-old-service", 2);
        // the manager took two minutes to approve: the timeline draws that wait shorter, the steps keep the width.
        // (The run starts on an engine clock two minutes behind; from the approval on it is the host's clock again,
        // which the scripted host's own times, such as when the old app stopped, are read from.)
        ClockUtil.offset(-Duration.ofMinutes(2).toMillis());
        ProcessInstance completed = driver.start("web-01", "CHG-5001");
        ClockUtil.reset();
        driver.complete(completed, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        driver.complete(completed, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);
        signOff(driver, completed);
        driver.complete(completed, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));

        ScriptedTargets.reset("web-01").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance rolledBack = driver.approvedAndNotified("web-01", "CHG-5002");
        driver.complete(rolledBack, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));
        driver.complete(rolledBack, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));

        ScriptedTargets.reset("web-01");
        ProcessInstance checked = driver.checkOnly("web-01", "CHG-5004");

        ScriptedShell web02 = ScriptedTargets.reset("web-02");
        ProcessInstance running = driver.approvedAndNotified("web-02", "CHG-5003");
        // while the live view is open, the closing step finds the host unreachable once
        web02.unreachable("set-redirect", 1);

        Files.createDirectories(SHOTS);
        Process browser = new ProcessBuilder(node.toString(), SCRIPT.toString(), "http://localhost:" + port, READER, PASSWORD,
                SHOTS.toString(), completed.getId(), rolledBack.getId(), running.getId(), checked.getId())
                .directory(SCRIPT.getParent().toFile()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = browser.getOutputStream()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.startsWith("live: watching")) {
                    // the rest of the run happens while the live view is open
                    signOff(driver, running);
                    driver.complete(running, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
        }
        assertThat(browser.waitFor(3, TimeUnit.MINUTES)).as("the browser finished").isTrue();
        String output = String.join("\n", lines);
        assertThat(browser.exitValue()).as("%s:%n%s", SCRIPT.getFileName(), output).isZero();

        assertThat(output).contains("completed: outcome completed | criteria met 9 of 9 | failed 0 | current 0 | end EndEvent_Completed reached")
                .containsPattern("completed: reached (2\\d|[3-9]\\d) shapes, (2\\d|[3-9]\\d) flows taken")
                .containsPattern("completed: outages 1 \\(users had no service for [^)]*until the new service answered\\)")
                .contains("completed: steps folded 0 open of ").contains("completed: an opened step shows its commands")
                .containsPattern("completed: after a wait drawn as \u2248 2 min 0\\d s, ([5-9]\\d)% of the width for the host's steps"
                        + " \\| ticks \\d\\d:\\d\\d:\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .containsPattern("completed: 1 step\\(s\\) waited for the host \\(Stop old service: waited for its host: \\d+ ms over 2 tries\\)");
        assertThat(output).contains("rolled-back: outcome rolled back | criteria met 2 of 9 | failed 1 | current 0 | end EndEvent_RolledBack reached")
                .contains("rolled-back: failed shape Task_InstallMonitoring")
                .containsPattern("rolled-back: why Rolled back: Install monitoring failed: .*; ops1 chose to roll back;"
                        + " the rollback check found the old app serving again\\.")
                .contains("rolled-back: steps folded 1 open of ");
        assertThat(output).contains("checked: outcome checked | criteria met 0 of 0 | failed 0 | current 0 | end EndEvent_Checked reached")
                .contains("checked: note 1 | open nginx change a cutover would make, The plan a manager would approve");
        assertThat(output).contains("targets: web-01 \u2611 yes | web-02 \u2611 yes");
        // CHG-5003 started last, CHG-5001 first: newest first, two a page
        assertThat(output).contains("runs: runs 1 to 2 of 4 | first CHG-5003, CHG-5004 | second CHG-5002, CHG-5001");
        assertThat(output).contains("running: outcome running | current Task_SignOff");
        assertThat(output).containsPattern("live: before waiting on ops \\(Functional sign-off\\)")
                .contains("live: arrived while open: Make redirect permanent")
                .containsPattern("live: waiting … Make redirect permanent: unreachable .*connection refused \\(scripted\\).*; trying again in \\d+ ms")
                .contains("live: after outcome completed, the run has ended")
                .contains("live: phase before: Phase 5 of 6: verification, done")
                .contains("live: phase after: Phase 6 of 6: closing, done");
        assertThat(SHOTS.resolve("record-completed.png")).exists();
        assertThat(SHOTS.resolve("record-rolled-back.png")).exists();
        assertThat(SHOTS.resolve("live.png")).exists();
        assertThat(SHOTS.resolve("record-checked.png")).exists();
    }

    private static void signOff(ProcessDriver driver, ProcessInstance run) {
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "fine",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
    }
}
