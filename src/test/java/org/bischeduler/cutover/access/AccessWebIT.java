package org.bischeduler.cutover.access;

import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's REST API and the webapps' API over HTTP: nobody anonymous, and each group only its own tasks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
class AccessWebIT {

    private static final String COMPLETE_APPROVAL = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
            + "\"approvalComment\":{\"value\":\"via REST\"}}}";

    @LocalServerPort
    int port;
    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;
    @Autowired
    org.bischeduler.cutover.audit.RunHistory runs;

    private final HttpClient http = HttpClient.newHttpClient();
    ProcessDriver driver;

    @BeforeEach
    void setUp() {
        ScriptedTargets.reset("web-01");
        driver = new ProcessDriver(engine);
        CurrentEngine.use(engine);
        user("ops1", "ops");
        user("manager1", "managers");
    }

    @AfterEach
    void tearDown() {
        engine.getRuntimeService().createProcessInstanceQuery().list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "test finished"));
    }

    @Test
    void anonymousRequestsAreRefusedByTheRestApiAndTheWebappsApi() throws Exception {
        assertThat(send("GET", "/engine-rest/process-definition", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/engine-rest/process-definition/key/Process_DecommissionPortReuse/start", null, "{}").statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/camunda/api/engine/engine/default/task", null, null).statusCode()).isIn(401, 403);
        assertThat(send("GET", "/engine-rest/process-definition", "admin:wrong-password", null).statusCode()).isEqualTo(401);
    }

    @Test
    void opsCannotApproveAndManagersCannotWorkOperatorTasksThroughTheRestApi() throws Exception {
        ProcessInstance run = driver.start("web-01", "CHG-700");
        String approval = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
                .taskDefinitionKey("Task_ApprovePlan").singleResult().getId();

        HttpResponse<String> byOps = send("POST", "/engine-rest/task/" + approval + "/complete", "ops1", COMPLETE_APPROVAL);
        assertThat(byOps.statusCode()).as(byOps.body()).isIn(403, 404);
        HttpResponse<String> byManager = send("POST", "/engine-rest/task/" + approval + "/complete", "manager1", COMPLETE_APPROVAL);
        assertThat(byManager.statusCode()).as(byManager.body()).isEqualTo(204);
        driver.drive();

        String notify = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
                .taskDefinitionKey("Task_NotifyUsers").singleResult().getId();
        HttpResponse<String> notifyByManager = send("POST", "/engine-rest/task/" + notify + "/complete", "manager1",
                "{\"variables\":{\"notificationChannel\":{\"value\":\"email\"},\"notificationMessage\":{\"value\":\"tonight\"},"
                        + "\"windowConfirmed\":{\"value\":true}}}");
        assertThat(notifyByManager.statusCode()).as(notifyByManager.body()).isIn(403, 404);
        HttpResponse<String> startByManager = send("POST", "/engine-rest/process-definition/key/Process_DecommissionPortReuse/start",
                "manager1", "{\"variables\":{\"target\":{\"value\":\"web-02\"},\"changeReference\":{\"value\":\"CHG-701\"},"
                        + "\"maintenanceWindowStart\":{\"value\":\"2026-12-01T22:00:00Z\"}}}");
        assertThat(startByManager.statusCode()).as(startByManager.body()).isEqualTo(403);
        driver.complete(run, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);
    }

    @Test
    void cancellingARunAsCockpitDoesIsForAdminsAndTheNextRunOnTheTargetIsNotBlockedByItsLock() throws Exception {
        ProcessInstance run = driver.start("web-01", "CHG-710");
        String cancel = "/engine-rest/process-instance/" + run.getId() + "?skipCustomListeners=true&skipIoMappings=true";

        assertThat(send("DELETE", cancel, "ops1", null).statusCode()).as("ops").isEqualTo(403);
        assertThat(send("DELETE", cancel, "manager1", null).statusCode()).as("managers").isEqualTo(403);
        HttpResponse<String> byAdmin = send("DELETE", cancel, "admin:process-test-admin", null);
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(204);

        ProcessInstance next = driver.start("web-01", "CHG-711");
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(next.getId()).taskDefinitionKey("Task_ApprovePlan")
                .count()).as("the next run waits for its approval").isEqualTo(1);
        assertThat(runs.record(next.getId()).orElseThrow().warnings()).singleElement().asString()
                .contains("was still held by run " + run.getId() + " (CHG-710), which no longer exists");
    }

    /** The app's health is the app's: a target that does not answer is reported apart, on a page ops open. */
    @Test
    void healthMeansTheAppAndItsDatabaseAndEachTargetsReachabilityIsReportedApart() throws Exception {
        // web-02 does not answer its login
        ScriptedTargets.reset("web-02").unreachable("true", 1);

        HttpResponse<String> health = management("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"processEngine\"").doesNotContain("web-02");
        HttpResponse<String> readiness = management("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"db\"").contains("\"readinessState\"");
        assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);

        // asked again: another test of this context may have asked before (an answer is kept 30 s; asking
        // again reaches a target whose answer is older than 2 s)
        Thread.sleep(2100);
        HttpResponse<String> targets = send("GET", "/cutover/api/targets?again=true", "ops1", null);
        assertThat(targets.statusCode()).isEqualTo(200);
        assertThat(targets.body()).containsPattern("\"target\" : \"web-01\",\\s*\"reachable\" : true,\\s*\"detail\" : \"reachable over SSH\"")
                .containsPattern("\"target\" : \"web-02\",\\s*\"reachable\" : false,\\s*\"detail\" : \"[^\"]*connection refused \\(scripted\\)");
        HttpResponse<String> page = send("GET", "/cutover/targets", "ops1", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<td>web-02</td>").contains("\u2610 no");
        assertThat(send("GET", "/cutover/targets", null, null).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(management("/actuator/metrics/jvm.memory.used").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> management(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String user, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (user != null) {
            String credentials = user.contains(":") ? user : user + ":" + user + "-secret-pw";
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void user(String id, String group) {
        TestUsers.ensure(identity, id, id + "-secret-pw", group);
    }
}
