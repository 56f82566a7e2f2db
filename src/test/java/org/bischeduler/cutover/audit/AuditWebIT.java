package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.Locks;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit over HTTP: who may read it, in which forms, and how long it is kept. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
// it moves the engine's clock, which every engine in this JVM shares
@ResourceLock(Locks.ENGINE_CLOCK)
class AuditWebIT {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    RunHistory runs;
    @Autowired
    RunStore store;
    @Autowired
    RunStoreCleanup storeCleanup;

    ProcessDriver driver;

    @BeforeEach
    void setUp() {
        ScriptedTargets.reset("web-01");
        driver = new ProcessDriver(engine);
        CurrentEngine.use(engine);
        user("auditor1", "auditors");
        user("ops1", "ops");
        user("outsider", null);
        user("stranger", null);
    }

    @AfterEach
    void tearDown() {
        ClockUtil.reset();
        engine.getRuntimeService().createProcessInstanceQuery().list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "test finished"));
    }

    @Test
    void anonymousAndOutsidersAreRefusedMembersReadPageJsonAndReport() throws Exception {
        ProcessInstance run = completedRun("CHG-900");
        HttpClient http = HttpClient.newHttpClient();

        assertThat(get(http, "/cutover/runs", null).statusCode()).isEqualTo(401);
        assertThat(get(http, "/cutover/api/runs/" + run.getId(), null).statusCode()).isEqualTo(401);
        assertThat(get(http, "/cutover/runs", basic("outsider")).statusCode()).isEqualTo(403);
        // a wrong password is refused (and delays the next try of that user: the engine throttles logins)
        assertThat(get(http, "/cutover/runs", basic("outsider:wrong")).statusCode()).isEqualTo(401);

        HttpResponse<String> list = get(http, "/cutover/runs?target=web-01&outcome=completed", basic("auditor1"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("CHG-900").contains("/cutover/runs/" + run.getId());
        assertThat(get(http, "/cutover/runs?outcome=rolled%20back", basic("auditor1")).body()).doesNotContain("CHG-900");

        HttpResponse<String> page = get(http, "/cutover/runs/" + run.getId(), basic("ops1"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Who decided what").contains("manager1").contains("Success criteria");

        JsonNode record = new ObjectMapper().readTree(get(http, "/cutover/api/runs/" + run.getId(), basic("auditor1")).body());
        assertThat(record.path("summary").path("outcome").asText()).isEqualTo("completed");
        assertThat(record.path("summary").path("requestedBy").asText()).isEqualTo("ops1");
        assertThat(record.path("steps").size()).isGreaterThan(10);
        JsonNode list2 = new ObjectMapper().readTree(get(http, "/cutover/api/runs?target=web-01", basic("auditor1")).body());
        assertThat(list2.get(0).path("changeReference").asText()).isEqualTo("CHG-900");

        HttpResponse<String> report = get(http, "/cutover/runs/" + run.getId() + "/report.md", basic("auditor1"));
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;").contains(".md");
        assertThat(report.body()).startsWith("# Cutover CHG-900 on web-01: completed");

        assertThat(get(http, "/cutover/runs/no-such-run", basic("auditor1")).statusCode()).isEqualTo(404);

        // a list to work with: by change reference, paged newest first, also as JSON
        ProcessInstance newer = completedRun("CHG-9000");
        HttpResponse<String> first = get(http, "/cutover/api/runs?size=1", basic("auditor1"));
        int total = Integer.parseInt(first.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(total).isGreaterThanOrEqualTo(2);
        JsonNode onFirst = new ObjectMapper().readTree(first.body());
        assertThat(onFirst.size()).isEqualTo(1);
        assertThat(onFirst.get(0).path("id").asText()).as("newest first").isEqualTo(newer.getId());
        assertThat(first.headers().firstValue("Link").orElse("")).contains("page=2&size=1>; rel=\"next\"").doesNotContain("prev");
        JsonNode byChange = new ObjectMapper().readTree(get(http, "/cutover/api/runs?change=CHG-900", basic("auditor1")).body());
        assertThat(byChange.findValuesAsText("changeReference")).containsExactly("CHG-9000", "CHG-900");
        assertThat(new ObjectMapper().readTree(get(http, "/cutover/api/runs?change=9000", basic("auditor1")).body())
                .findValuesAsText("changeReference")).containsExactly("CHG-9000");
        String second = get(http, "/cutover/runs?size=1&page=2&change=CHG-900", basic("auditor1")).body();
        assertThat(second).contains("runs 2 to 2 of 2").contains("CHG-900").doesNotContain("CHG-9000").contains("rel=\"prev\"")
                .doesNotContain("rel=\"next\"");
        for (String bad : java.util.List.of("page=0", "size=0", "size=201", "page=x")) {
            assertThat(get(http, "/cutover/api/runs?" + bad, basic("auditor1")).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(get(http, "/cutover/runs?outcome=nonsense", basic("auditor1")).statusCode()).isEqualTo(400);
    }

    @Test
    void theLiveViewIsForTheSameReadersAndMarkupAHostPrintsIsShownNotRun() throws Exception {
        ScriptedTargets.reset("web-01").answer("archive-old-app",
                "@archivePath=/var/archive/old_scheduler_x\n<script>alert('host')</script>\n@state=archived\n");
        ProcessInstance run = completedRun("CHG-903");
        HttpClient http = HttpClient.newHttpClient();

        for (String path : java.util.List.of("/cutover/runs/" + run.getId() + "/live", "/cutover/runs/" + run.getId() + "/events")) {
            assertThat(get(http, path, null).statusCode()).as(path).isEqualTo(401);
            // an outsider of its own: the first test's wrong password makes the engine hold back the other's logins
            assertThat(get(http, path, basic("stranger")).statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> live = get(http, "/cutover/runs/" + run.getId() + "/live", basic("ops1"));
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("/cutover/runs/" + run.getId() + "/events");
        // the run has ended: the stream sends its state and closes
        HttpResponse<String> events = get(http, "/cutover/runs/" + run.getId() + "/events", basic("auditor1"));
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events.body()).contains("event:state").contains("\"outcome\":\"completed\"").contains("\"ended\":true");
        assertThat(get(http, "/cutover/runs/no-such-run/events", basic("auditor1")).statusCode()).isEqualTo(404);
        // a browser that reconnects after the last step record gets the state only, no step twice
        int recorded = store.stepRecords(run.getId()).size();
        HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(url("/cutover/runs/" + run.getId() + "/events"))
                .header("Authorization", basic("auditor1")).header("Last-Event-ID", "999999-" + recorded).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events.body()).contains("event:command").contains("event:step-ended");
        assertThat(resumed.body()).contains("event:state").doesNotContain("event:recorded").doesNotContain("event:command")
                .doesNotContain("event:step-ended");

        HttpResponse<String> page = get(http, "/cutover/runs/" + run.getId(), basic("auditor1"));
        assertThat(page.body()).contains("&lt;script&gt;alert(&#39;host&#39;)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    }

    @Test
    void someoneLoggedInToTasklistReadsTheRecordLinkedFromTheClosingTask() throws Exception {
        ProcessInstance run = completedRun("CHG-901");
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        browser.send(HttpRequest.newBuilder(url("/camunda/app/tasklist/default/")).build(), HttpResponse.BodyHandlers.discarding());
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/camunda/api/admin/auth/user/default/login/tasklist"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=ops1&password=ops1-secret-pw")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);

        String link = (String) driver.historicVariable(run, "runRecordUrl");
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url(link)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("CHG-901");
    }

    @Test
    void recordsAreKeptForTheRetentionTimeAndRemovedAfter() {
        ProcessInstance run = completedRun("CHG-902");
        assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(179))));
        cleanUpHistory();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(run.getId()).count()).isEqualTo(1);
        assertThat(runs.record(run.getId())).isPresent().get().satisfies(record -> assertThat(record.steps()).isNotEmpty());

        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(181))));
        cleanUpHistory();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(run.getId()).count()).isZero();
        assertThat(history.createHistoricDetailQuery().processInstanceId(run.getId()).count()).isZero();
        assertThat(store.identity(run.getId())).as("the run store's part of the record").isEmpty();
        assertThat(store.stepRecords(run.getId())).isEmpty();
        assertThat(store.decisions(run.getId())).isEmpty();
    }

    private void cleanUpHistory() {
        Job cleanup = history.cleanUpHistoryAsync(true);
        management.executeJob(cleanup.getId());
        storeCleanup.removeExpiredRecords();
    }

    private ProcessInstance completedRun(String change) {
        ProcessInstance run = driver.approvedAndNotified("web-01", change);
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "fine",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
        driver.complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
        return run;
    }

    private void user(String id, String group) {
        TestUsers.ensure(identity, id, id + "-secret-pw", group == null ? new String[0] : new String[]{group});
    }

    private static String basic(String user) {
        String credentials = user.contains(":") ? user : user + ":" + user + "-secret-pw";
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(HttpClient http, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
