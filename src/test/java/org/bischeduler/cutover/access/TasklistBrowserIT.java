package org.bischeduler.cutover.access;

import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.Sandbox;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole cutover worked by people in Camunda Tasklist, in Debian's headless Chromium driven by
 * {@code browser/tasklist-cutover.js}: every form submitted as Tasklist submits it (read-only
 * fields included) passes the engine guard, a manager's approval of their own run is refused with
 * a message they can read, and the host ends cut over. Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=true")
@ActiveProfiles("sandboxtest")
class TasklistBrowserIT {

    private static final String TARGET = "browser";
    private static final String PASSWORD = "browser-test-pw";
    private static final Path SCRIPT = Path.of("browser/tasklist-cutover.js").toAbsolutePath();
    private static final Path SHOTS = Path.of("target/screenshots/tasklist").toAbsolutePath();
    private static Sandbox host;

    @DynamicPropertySource
    static void sandboxTarget(DynamicPropertyRegistry registry) throws IOException {
        host = Sandbox.up(Files.createTempDirectory("cutover-browser-").resolve(TARGET));
        host.targetProperties(TARGET).forEach((key, value) -> registry.add(key, () -> value));
        // the school's users read Spanish, on Madrid's clock, and know the school's address, not the host's
        registry.add("cutover.targets." + TARGET + ".nginx.public-url", () -> "https://horarios.colegio.example");
        registry.add("cutover.targets." + TARGET + ".users.language", () -> "es");
        registry.add("cutover.targets." + TARGET + ".users.time-zone", () -> "Europe/Madrid");
    }

    @AfterAll
    static void tearDownSandbox() {
        host.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    RunHistory runs;

    @Test
    void peopleWorkAWholeCutoverInTasklistAndAManagerCannotApproveTheirOwnRun() throws Exception {
        Path chromium = Programs.require("Debian's chromium", "/usr/bin/chromium");
        Path node = Programs.require("node", "/usr/bin/node", "/usr/local/bin/node");
        if (!Files.isDirectory(Path.of("browser/node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in browser/; run 'npm ci --prefix browser' ("
                    + Programs.INSTALL_HINT + ")");
        }
        CurrentEngine.use(engine);
        user("boss", "ops", "managers");
        user("manager1", "managers");
        user("ops1", "ops");
        Files.createDirectories(SHOTS);

        Process browser = new ProcessBuilder(node.toString(), SCRIPT.toString(), "http://localhost:" + port, PASSWORD, TARGET,
                "CHG-4001", SHOTS.toString()).directory(SCRIPT.getParent().toFile()).redirectErrorStream(true).start();
        browser.getOutputStream().close();
        String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(5, TimeUnit.MINUTES)).as("the browser run finished").isTrue();
        assertThat(browser.exitValue()).as("%s with %s:%n%s", SCRIPT.getFileName(), chromium, output).isZero();

        assertThat(output).containsPattern("announcement subject: Mantenimiento el \\p{L}+ \\d{1,2} de \\p{L}+ de 20\\d\\d a las"
                + " \\d\\d:\\d\\d CES?T: la aplicación se traslada a https://horarios\\.colegio\\.example/bischeduler/");
        assertThat(output).contains("announcement prefilled: true").contains("sent to: nobody yet: no users' list is configured")
                .containsPattern("live link: /cutover/runs/[0-9a-f-]{36}/live")
                .containsPattern("live view: waiting on \\w+ \\(Functional sign-off\\) \\| [1-9]\\d+ commands").contains("start: 200").contains("approval: 204").contains("notification: 204")
                .contains("sign-off: 204").contains("close: 204");
        assertThat(output).as("Tasklist shows the refusal").containsPattern(
                "own-approval: 403 .*boss started this run and so may not also decide 'Approve cutover plan'");
        HistoricProcessInstance run = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).singleResult();
        RunRecord record = runs.record(run.getId()).orElseThrow();
        assertThat(record.summary().outcome()).isEqualTo("completed");
        assertThat(record.summary().requestedBy()).isEqualTo("boss");
        List<RunRecord.TimelineEntry> people = record.timeline().stream().filter(t -> t.type().equals("user task")).toList();
        assertThat(people).extracting(RunRecord.TimelineEntry::activityId, RunRecord.TimelineEntry::completedBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Task_ApprovePlan", "manager1"),
                org.assertj.core.groups.Tuple.tuple("Task_NotifyUsers", "ops1"),
                org.assertj.core.groups.Tuple.tuple("Task_SignOff", "ops1"),
                org.assertj.core.groups.Tuple.tuple("Task_CloseChange", "ops1"));
        assertThat(people.get(0).decision()).containsEntry("approvalComment", "plan and diff read")
                .doesNotContainKey("plan").doesNotContainKey("preflightFindings");
        assertThat(host.await(host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
        assertThat(SHOTS.resolve("2-own-approval-done.png")).exists();
        assertThat(output).as("the record page in the browser").containsPattern(
                "record: Cutover CHG-4001 on browser\\s+completed \\| verification rows: ([6-9]|\\d{2,}) \\| criteria met: 9 of 9 \\| failed marks: 0");
    }

    private void user(String id, String... groups) {
        TestUsers.ensure(identity, id, PASSWORD, groups);
    }
}
