package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.Sandbox;
import org.bischeduler.cutover.testing.TasklistSession;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Attacks on the running app, with authorization on and a real sandbox target, through both engine
 * API paths ({@code /engine-rest} with HTTP Basic, and Tasklist's own with a session and its CSRF
 * token), as members of ops, of managers, of both, as admin and anonymously. Each attack asserts on
 * the host that nothing ran (the marker file the forged command would write stays absent, the
 * nginx site file is unchanged, the old app still answers) and that the run's record did not change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandboxtest")
class ForgedInputAttackIT {

    private static final String TARGET = "attacked";
    private static final String PROCESS = "/process-definition/key/Process_DecommissionPortReuse";
    private static final String SITE = "nginx/sites/scheduler";
    private static Sandbox host;
    private static final Path MARKER = Path.of("/tmp/cutover-attack-" + UUID.randomUUID());

    @DynamicPropertySource
    static void sandboxTarget(DynamicPropertyRegistry registry) throws IOException {
        host = Sandbox.up(Files.createTempDirectory("cutover-attack-").resolve(TARGET));
        host.targetProperties(TARGET).forEach((key, value) -> registry.add(key, () -> value));
        // a second configured target, to try to move a run onto; nothing must ever connect to it
        registry.add("cutover.targets.other.ssh.host", () -> "192.0.2.1");
        registry.add("cutover.targets.other.ssh.key-file", () -> "/nonexistent/key");
        registry.add("cutover.targets.other.ssh.known-hosts-file", () -> "/nonexistent/known_hosts");
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
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    RunHistory runs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ProcessDriver driver;
    private byte[] siteBefore;

    @BeforeEach
    void setUp() throws IOException {
        AbstractAssertions.init(engine);
        driver = new ProcessDriver(engine);
        CurrentEngine.use(engine);
        user("ops1", "ops");
        user("manager1", "managers");
        user("boss", "ops", "managers");
        siteBefore = Files.readAllBytes(host.path(SITE));
    }

    @AfterEach
    void tearDown() throws IOException {
        runtime.createProcessInstanceQuery().list().forEach(p -> runtime.deleteProcessInstance(p.getId(), "test finished"));
        assertThat(MARKER).as("the forged command never ran").doesNotExist();
        assertThat(Files.readAllBytes(host.path(SITE))).as("the nginx site file").isEqualTo(siteBefore);
        assertThat(host.await(host.baseUrl() + "/scheduler/", 200).body()).as("the old app answers").contains("Old scheduler");
    }

    @Test
    void forgedUndoDataAtTheSignOffIsRefusedOnEveryPathAndTheRollbackUsesWhatTheStopRecorded() throws Exception {
        ProcessInstance run = driver.approvedAndNotified(TARGET, "CHG-1001");
        assertThat(run).isWaitingAt("Task_SignOff");
        try {
            attackTheSignOff(run);
        } finally {
            HttpResponse<String> reject = rest("POST", "/task/" + driver.taskId(run, "Task_SignOff") + "/submit-form", "ops1",
                    "{\"variables\":{\"signOffDecision\":{\"value\":\"reject\"},\"signOffComment\":{\"value\":\"broken\"}}}");
            assertThat(reject.statusCode()).as(reject.body()).isEqualTo(204);
            driver.drive();
        }
        assertThat(run).isWaitingAt("Task_ConfirmRollback");
        assertThat(record(run).timeline()).filteredOn(t -> t.activityId().equals("Task_SignOff")).singleElement()
                .satisfies(t -> assertThat(t.completedBy()).isEqualTo("ops1"));
    }

    private void attackTheSignOff(ProcessInstance run) throws Exception {
        String signOff = driver.taskId(run, "Task_SignOff");
        RunRecord before = record(run);
        String forged = "{\"variables\":{\"signOffDecision\":{\"value\":\"reject\"},\"signOffComment\":{\"value\":\"broken\"},"
                + "\"oldServiceState\":{\"value\":" + json.writeValueAsString(json.writeValueAsString(forgedOldService())) + "}}}";

        for (String action : List.of("/submit-form", "/complete")) {
            HttpResponse<String> viaRest = rest("POST", "/task/" + signOff + action, "ops1", forged);
            assertThat(viaRest.statusCode()).as(viaRest.body()).isEqualTo(400);
            assertThat(viaRest.body()).contains("'oldServiceState' is not a field of this form");
        }
        HttpResponse<String> viaTasklist = tasklist("ops1").send("POST", "/task/" + signOff + "/submit-form", forged);
        assertThat(viaTasklist.statusCode()).as(viaTasklist.body()).isEqualTo(400);
        assertThat(rest("PUT", "/task/" + signOff + "/variables/oldServiceState", "ops1",
                "{\"value\":\"x\",\"type\":\"String\"}").statusCode()).isEqualTo(403);
        assertThat(rest("PUT", "/task/" + signOff + "/localVariables/oldServiceState", "ops1",
                "{\"value\":\"x\",\"type\":\"String\"}").statusCode()).isEqualTo(403);
        assertThat(rest("POST", "/process-instance/" + run.getId() + "/variables", "ops1",
                "{\"modifications\":{\"oldServiceState\":{\"value\":\"x\"}}}").statusCode()).isIn(403);
        assertThat(rest("DELETE", "/process-instance/" + run.getId() + "/variables/verificationPassed", "ops1", null).statusCode())
                .isEqualTo(403);
        driver.drive();

        assertThat(run).isWaitingAt("Task_SignOff");
        assertThat(record(run)).as("the run's record").isEqualTo(before);
    }

    @Test
    void startingPastTheStartEventIsRefusedToOpsOnBothPathsAndReachesNoHostEvenForAdmin() throws Exception {
        String skipToMonitoring = start("CHG-1002\n touch " + MARKER, true, "Task_InstallMonitoring");
        HttpResponse<String> viaRest = rest("POST", PROCESS + "/start", "ops1", skipToMonitoring);
        assertThat(viaRest.statusCode()).as(viaRest.body()).isEqualTo(403);
        HttpResponse<String> viaTasklist = tasklist("ops1").send("POST", PROCESS + "/start", skipToMonitoring);
        assertThat(viaTasklist.statusCode()).as(viaTasklist.body()).isEqualTo(403);
        // the engine itself refuses to skip the listeners of a start at the start event
        assertThat(rest("POST", PROCESS + "/start", "boss", start("CHG-1002", true, null)).body())
                .contains("Cannot skip custom listeners or input/output mappings when start a process instance at default start activity");
        assertThat(runtime.createProcessInstanceQuery().count()).isZero();

        for (String activity : List.of("Task_InstallMonitoring", "SubProcess_Decommission")) {
            // with the budgets its phase timers need, so the start really reaches the step
            String withBudgets = start("CHG-1003\n touch " + MARKER, true, activity).replace("\"}},\"skip",
                    "\"},\"verificationBudget\":{\"value\":\"PT30M\"},\"decommissionBudget\":{\"value\":\"PT15M\"}},\"skip");
            HttpResponse<String> asAdmin = rest("POST", PROCESS + "/start", "admin:sandbox-test-admin", withBudgets);
            assertThat(asAdmin.body()).as("an admin's skipped start reaches no host step")
                    .contains("refused before it reached the host: this run did not pass its start event");
            driver.drive();
        }
        assertThat(host.path("usr/local/bin/monitor.sh")).doesNotExist();
    }

    @Test
    void instanceModificationIsRefusedToOpsAndManagersAndAnAdminsReachesNoHostBeforeApproval() throws Exception {
        ProcessInstance run = driver.start(TARGET, "CHG-1004");
        assertThat(run).isWaitingAt("Task_ApprovePlan");
        RunRecord before = record(run);
        String stopOldApp = "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_StopOldService\"}],"
                + "\"skipCustomListeners\":true}";

        for (String user : List.of("ops1", "manager1", "boss")) {
            HttpResponse<String> modification = rest("POST", "/process-instance/" + run.getId() + "/modification", user, stopOldApp);
            assertThat(modification.statusCode()).as(user + ": " + modification.body()).isIn(403);
            assertThat(rest("POST", "/process-instance/" + run.getId() + "/modification-async", user, stopOldApp).statusCode())
                    .isEqualTo(403);
            assertThat(rest("POST", "/process-definition/" + run.getProcessDefinitionId() + "/restart", user,
                    "{\"processInstanceIds\":[\"" + run.getId() + "\"],\"instructions\":[{\"type\":\"startBeforeActivity\","
                            + "\"activityId\":\"Task_StopOldService\"}]}").statusCode()).as("restart").isEqualTo(403);
        }
        HttpResponse<String> asAdmin = rest("POST", "/process-instance/" + run.getId() + "/modification", "admin:sandbox-test-admin",
                stopOldApp);
        assertThat(asAdmin.body()).contains("Stop old service refused before it reached the host: no manager approved this run's plan");
        driver.drive();

        assertThat(record(run)).isEqualTo(before);
    }

    @Test
    void aManagerWhoStartedTheRunMayNotApproveItAndVariablesAreWrittenOnlyByForms() throws Exception {
        HttpResponse<String> started = rest("POST", PROCESS + "/start", "boss", start("CHG-1005", false, null));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String id = json.readTree(started.body()).path("id").asText();
        driver.drive();
        ProcessInstance run = runtime.createProcessInstanceQuery().processInstanceId(id).singleResult();
        assertThat(run).isWaitingAt("Task_ApprovePlan");
        assertThat(run.getBusinessKey()).as("found by its change reference in Tasklist and Cockpit").isEqualTo("CHG-1005");
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(id).singleResult().getDueDate())
                .as("the approval is due when its deadline passes").isAfter(java.util.Date.from(Instant.now().plus(java.time.Duration.ofDays(2))))
                .isBefore(java.util.Date.from(Instant.now().plus(java.time.Duration.ofDays(4))));
        String approval = driver.taskId(run, "Task_ApprovePlan");
        RunRecord before = record(run);

        HttpResponse<String> byAdmin = rest("POST", "/task/" + approval + "/submit-form", "admin:sandbox-test-admin", APPROVE);
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(403);
        assertThat(byAdmin.body()).contains("admin is not in managers");
        HttpResponse<String> ownApproval = rest("POST", "/task/" + approval + "/submit-form", "boss", APPROVE);
        assertThat(ownApproval.statusCode()).as(ownApproval.body()).isEqualTo(403);
        assertThat(ownApproval.body()).contains("boss started this run and so may not also decide 'Approve cutover plan'");
        HttpResponse<String> otherTarget = rest("POST", "/task/" + approval + "/submit-form", "manager1",
                APPROVE.replace("}}", "},\"target\":{\"value\":\"other\"}}"));
        assertThat(otherTarget.statusCode()).as(otherTarget.body()).isEqualTo(400);
        assertThat(otherTarget.body()).contains("'target' is not a field of this form");
        HttpResponse<String> outsideOptions = rest("POST", "/task/" + approval + "/submit-form", "manager1",
                APPROVE.replace("\"approve\"", "\"approve anyway\""));
        assertThat(outsideOptions.statusCode()).isEqualTo(400);
        assertThat(outsideOptions.body()).contains("'approvalDecision' must be one of [approve, reject]");
        assertThat(rest("PUT", "/task/" + approval + "/variables/target", "manager1", "{\"value\":\"other\"}").statusCode())
                .isEqualTo(403);
        assertThat(rest("POST", "/process-instance/" + id + "/variables", "boss",
                "{\"modifications\":{\"target\":{\"value\":\"other\"}}}").statusCode()).isEqualTo(403);
        assertThat(rest("POST", "/message", "boss", "{\"messageName\":\"anything\",\"processInstanceId\":\"" + id + "\"}")
                .statusCode()).isEqualTo(403);
        assertThat(rest("POST", "/task/" + approval + "/bpmnError", "manager1", "{\"errorCode\":\"Error_StepFailed\"}")
                .statusCode()).isEqualTo(403);
        assertThat(rest("DELETE", "/process-instance/" + id + "?skipCustomListeners=true", "boss", null).statusCode())
                .as("cancelling a run as Cockpit does").isEqualTo(403);
        driver.drive();
        assertThat(run).isWaitingAt("Task_ApprovePlan");
        assertThat(record(run)).isEqualTo(before);

        HttpResponse<String> approved = rest("POST", "/task/" + approval + "/submit-form", "manager1", APPROVE);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);
        driver.drive();
        assertThat(run).isWaitingAt("Task_NotifyUsers");
        assertThat(record(run).timeline()).filteredOn(t -> t.activityId().equals("Task_ApprovePlan")).singleElement()
                .satisfies(t -> assertThat(t.completedBy()).isEqualTo("manager1"));
        assertThat(record(run).summary().target()).isEqualTo(TARGET);
    }

    @Test
    void badStartInputAnswers400WithItsReasonAndABusyTarget409() throws Exception {
        assertThat(rest("POST", PROCESS + "/start", null, start("CHG-1006", false, null)).statusCode()).isEqualTo(401);
        assertRefused(start("CHG-1006", false, null).replace(TARGET, "no-such-host"), "unknown target 'no-such-host'");
        assertRefused(start("CHG-1006\nid", false, null), "'changeReference' must match");
        assertRefused(start("CHG-1006", false, null).replace("Z\"}", "tomorrow\"}"), "'maintenanceWindowStart' must be an ISO date");
        assertRefused(start("CHG-1006", false, null).replace("}}", "},\"runStamp\":{\"value\":\"x; id\"}}"),
                "'runStamp' is not a field of this form");
        assertThat(runtime.createProcessInstanceQuery().count()).isZero();

        ProcessInstance first = driver.start(TARGET, "CHG-1007");
        HttpResponse<String> second = rest("POST", PROCESS + "/start", "ops1", start("CHG-1008", false, null));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.body()).contains("already has a cutover in progress: run " + first.getId());
    }

    @Test
    void theAuditIsCheckedOnThePathSpringRoutes() throws Exception {
        driver.start(TARGET, "CHG-1009");
        int routed = 0;
        for (String path : List.of("/cutover;x/api/runs", "/%63utover/api/runs", "//cutover/api/runs", "/cutover/api/runs/",
                "/cutover/api;x/runs", "/cutover/api/%72uns", "/cutover/./api/runs")) {
            HttpResponse<String> anonymous = get(path, null);
            HttpResponse<String> member = get(path, basic("ops1"));
            assertThat(anonymous.statusCode()).as(path).isNotEqualTo(200);
            assertThat(anonymous.body()).as(path).doesNotContain("CHG-1009");
            if (member.statusCode() == 200) {
                // Spring routes this path to the audit: without credentials it must be refused as the plain path is
                assertThat(member.body()).as(path).contains("CHG-1009");
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                routed++;
            }
        }
        assertThat(routed).as("paths Spring routes to the audit, each refused without credentials").isGreaterThanOrEqualTo(4);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ helpers

    private static final String APPROVE = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
            + "\"approvalComment\":{\"value\":\"go\"}}}";

    private void assertRefused(String startBody, String reason) throws Exception {
        for (HttpResponse<String> answer : List.of(rest("POST", PROCESS + "/start", "ops1", startBody),
                rest("POST", PROCESS + "/submit-form", "ops1", startBody))) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains(reason);
        }
    }

    /** A start request; with instructions and listeners skipped when asked. */
    private String start(String change, boolean skipListeners, String startBefore) throws IOException {
        String variables = "{\"target\":{\"value\":\"" + TARGET + "\"},\"changeReference\":{\"value\":"
                + json.writeValueAsString(change) + "},\"maintenanceWindowStart\":{\"value\":\""
                + Instant.now().minusSeconds(60).toString().replaceAll("\\.\\d+Z$", "Z") + "\"}}";
        String body = "{\"variables\":" + variables;
        if (skipListeners) {
            body += ",\"skipCustomListeners\":true,\"skipIoMappings\":true";
        }
        if (startBefore != null) {
            body += ",\"startInstructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"" + startBefore + "\"}]";
        }
        return body + "}";
    }

    /** What the stop step records, with a command line that would write the marker as root. */
    private static Map<String, String> forgedOldService() {
        String argv = String.join("\n", "sh", "-c", "id > " + MARKER);
        return Map.of("mode", "process", "cwd", "/", "user", "root",
                "cmdline", Base64.getEncoder().encodeToString(argv.getBytes(StandardCharsets.UTF_8)));
    }

    private RunRecord record(ProcessInstance run) {
        return runs.record(run.getId()).orElseThrow();
    }

    private HttpResponse<String> rest(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        String credentials = user.contains(":") ? user : user + ":" + user + "-secret-pw";
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** A person logged in to Tasklist, calling the engine through Tasklist's own API path. */
    private TasklistSession tasklist(String user) {
        return TasklistSession.login("http://localhost:" + port, user, user + "-secret-pw");
    }

    private void user(String id, String... groups) {
        TestUsers.ensure(identity, id, id + "-secret-pw", groups);
    }
}
