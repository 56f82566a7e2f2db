package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.Sandbox;
import org.bischeduler.cutover.testing.SecretSearch;
import org.bischeduler.cutover.testing.TasklistSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile insider's attacks on the packaged jar, over HTTP only (the engine's REST API and
 * Tasklist's own engine path), with a real sandbox target whose old app runs with a password on
 * its command line and another in its environment under a name no scrubber could guess. Users in
 * ops, managers and auditors, one in both ops and managers, one in no group. Each attack asserts
 * on its effect: the engine's state, the run's course, the host, the record and the messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DenyByDefaultIT {

    private static final String TARGET = "attacked";
    private static final String START = "/engine-rest/process-definition/key/Process_DecommissionPortReuse/start";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> USERS = List.of("ops1", "manager1", "auditor1", "boss", "nobody", "admin");
    private static final List<String> HOOKED = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Sandbox host;
    private static AppNode app;
    private static GreenMail mail;
    private static HttpServer hooks;

    @BeforeAll
    static void upTheAppAndItsTarget() throws IOException {
        Path dir = Files.createTempDirectory("cutover-deny-");
        host = Sandbox.up(dir.resolve(TARGET));
        mail = new GreenMail(new ServerSetup(Programs.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                HOOKED.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();

        Map<String, String> properties = new LinkedHashMap<>();
        host.targetProperties(TARGET).forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("cutover.timings.approval-deadline", "PT25S");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(mail.getSmtp().getPort()));
        properties.put("cutover.notifications.managers", "managers@school.example");
        properties.put("cutover.notifications.operators", "ops@school.example");
        properties.put("cutover.notifications.subscribers", "helpdesk@school.example");
        properties.put("cutover.notifications.users", "scheduler-users@school.example");
        properties.put("cutover.notifications.webhooks[0].url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook");
        Map<String, String> environment = new HashMap<>();
        Map<String, String> passwords = new HashMap<>();
        for (String user : USERS) {
            passwords.put(user, user + "-pw-" + Long.toHexString(System.nanoTime()));
        }
        environment.put("CUTOVER_ADMIN_PASSWORD", passwords.get("admin"));
        Map<String, String> groups = Map.of("ops1", "ops", "manager1", "managers", "auditor1", "auditors", "boss", "ops,managers",
                "nobody", "");
        groups.forEach((user, in) -> {
            String variable = user.toUpperCase() + "_PASSWORD";
            environment.put(variable, passwords.get(user));
            properties.put("cutover.users." + user + ".password", "env:" + variable);
            properties.put("cutover.users." + user + ".groups", in);
            properties.put("cutover.users." + user + ".email", user + "@school.example");
        });
        app = AppNode.start("deny", dir, properties, environment, passwords);
    }

    @AfterAll
    static void down() {
        if (app != null) {
            app.close();
        }
        if (hooks != null) {
            hooks.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    @Order(1)
    void anAuditorCannotFreezeARunByExecutingItsTimerAndTheRunStillExpiresOnItsDeadline() {
        String run = start("ops1", "CHG-9001");
        app.awaitTask(run, "Task_ApprovePlan", WAIT);
        JsonNode timer = app.rest("admin", "GET", "/job?processInstanceId=" + run + "&timers=true", null).get(0);
        String job = timer.path("id").asText();
        int retries = timer.path("retries").asInt();

        for (String user : List.of("auditor1", "auditor1", "auditor1", "ops1", "manager1", "boss", "nobody")) {
            HttpResponse<String> execute = app.send(user, "POST", "/engine-rest/job/" + job + "/execute", null);
            assertThat(execute.statusCode()).as(user + ": " + execute.body()).isEqualTo(403);
        }
        assertThat(app.send("auditor1", "PUT", "/engine-rest/job/" + job + "/retries", "{\"retries\":0}").statusCode()).isEqualTo(403);
        assertThat(app.send("auditor1", "PUT", "/engine-rest/job/" + job + "/suspended", "{\"suspended\":true}").statusCode()).isEqualTo(403);
        assertThat(app.send("auditor1", "PUT", "/engine-rest/job/" + job + "/duedate", "{\"duedate\":\"2099-01-01T00:00:00.000+0000\"}")
                .statusCode()).isEqualTo(403);
        TasklistSession auditor = TasklistSession.login(app.base(), "auditor1", app.password("auditor1"));
        assertThat(auditor.send("POST", "/job/" + job + "/execute", null).statusCode()).as("on Tasklist's path").isEqualTo(403);

        JsonNode after = app.rest("admin", "GET", "/job/" + job, null);
        assertThat(after.path("retries").asInt()).as("no failure was counted").isEqualTo(retries);
        assertThat(after.path("suspended").asBoolean()).isFalse();
        assertThat(after.path("exceptionMessage").isNull() || after.path("exceptionMessage").isMissingNode()).isTrue();
        assertThat(app.rest("admin", "GET", "/incident?processInstanceId=" + run, null)).as("no incident").isEmpty();

        app.awaitEnded(run, WAIT);
        assertThat(app.rest("admin", "GET", "/history/activity-instance?processInstanceId=" + run
                + "&activityId=EndEvent_ApprovalExpired", null)).as("the run expired on its deadline").hasSize(1);
    }

    @Test
    @Order(2)
    void aManagerWhoStartedARunCannotApproveItWhateverTheTasksLinksSay() {
        String run = start("boss", "CHG-9002");
        String approval = app.awaitTask(run, "Task_ApprovePlan", WAIT);
        String links = "/engine-rest/task/" + approval + "/identity-links";
        JsonNode before = app.rest("admin", "GET", "/task/" + approval + "/identity-links", null);

        HttpResponse<String> unlink = app.send("boss", "POST", links + "/delete", "{\"groupId\":\"managers\",\"type\":\"candidate\"}");
        assertThat(unlink.statusCode()).as(unlink.body()).isEqualTo(403);
        assertThat(app.send("boss", "POST", links, "{\"userId\":\"boss\",\"type\":\"candidate\"}").statusCode()).isEqualTo(403);
        assertThat(app.send("boss", "POST", "/engine-rest/task/" + approval + "/delegate", "{\"userId\":\"manager1\"}").statusCode())
                .isEqualTo(403);
        assertThat(app.send("boss", "POST", "/engine-rest/task/" + approval + "/assignee", "{\"userId\":\"manager1\"}").statusCode())
                .as("handing the task to another person").isEqualTo(403);
        assertThat(app.send("ops1", "POST", "/engine-rest/task/" + approval + "/claim", "{\"userId\":\"ops1\"}").statusCode())
                .as("a task of another group").isEqualTo(403);
        assertThat(app.rest("admin", "GET", "/task/" + approval + "/identity-links", null)).as("the links").isEqualTo(before);

        // even with the managers' link gone (only an admin can remove it), the requester may not decide
        HttpResponse<String> adminUnlinks = app.send("admin", "POST", links + "/delete", "{\"groupId\":\"managers\",\"type\":\"candidate\"}");
        assertThat(adminUnlinks.statusCode()).as(adminUnlinks.body()).isEqualTo(204);
        assertThat(app.send("admin", "POST", links, "{\"userId\":\"boss\",\"type\":\"candidate\"}").statusCode()).isEqualTo(204);
        HttpResponse<String> own = app.send("boss", "POST", "/engine-rest/task/" + approval + "/complete", APPROVE);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(own.body()).contains("boss started this run and so may not also decide");
        TasklistSession boss = TasklistSession.login(app.base(), "boss", app.password("boss"));
        HttpResponse<String> ownInTasklist = boss.send("POST", "/task/" + approval + "/submit-form", APPROVE);
        assertThat(ownInTasklist.statusCode()).as(ownInTasklist.body()).isEqualTo(403);

        assertThat(app.send("admin", "POST", links, "{\"groupId\":\"managers\",\"type\":\"candidate\"}").statusCode()).isEqualTo(204);
        HttpResponse<String> another = app.send("manager1", "POST", "/engine-rest/task/" + approval + "/complete", APPROVE);
        assertThat(another.statusCode()).as("another manager approves: " + another.body()).isEqualTo(204);
        JsonNode record = json(app.send("auditor1", "GET", "/cutover/api/runs/" + run, null));
        assertThat(record.toString()).contains("\"completedBy\":\"manager1\"").doesNotContain("\"completedBy\":\"boss\"");
        app.awaitTask(run, "Task_NotifyUsers", WAIT);
        assertThat(app.send("admin", "DELETE", "/engine-rest/process-instance/" + run, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void nobodyEditsTheirOwnProfileOrPasswordAndAUserInNoGroupCanDoNothing() {
        JsonNode profile = app.rest("admin", "GET", "/user/ops1/profile", null);
        HttpResponse<String> email = app.send("ops1", "PUT", "/engine-rest/user/ops1/profile",
                "{\"id\":\"ops1\",\"firstName\":\"ops1\",\"lastName\":\"\",\"email\":\"not an address\"}");
        assertThat(email.statusCode()).as(email.body()).isEqualTo(403);
        assertThat(app.send("ops1", "PUT", "/engine-rest/user/ops1/credentials",
                "{\"password\":\"new-pw-123\",\"authenticatedUserPassword\":\"" + app.password("ops1") + "\"}").statusCode()).isEqualTo(403);
        TasklistSession ops = TasklistSession.login(app.base(), "ops1", app.password("ops1"));
        assertThat(ops.send("PUT", "/user/ops1/profile", "{\"id\":\"ops1\",\"email\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(app.rest("admin", "GET", "/user/ops1/profile", null)).isEqualTo(profile);

        for (String path : List.of("/engine-rest/task", "/engine-rest/process-definition", "/engine-rest/history/process-instance")) {
            assertThat(app.send("nobody", "GET", path, null).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(app.send("nobody", "GET", "/cutover/api/runs", null).statusCode()).isEqualTo(403);
        assertThat(app.send("auditor1", "GET", "/engine-rest/history/process-instance", null).statusCode())
                .as("auditors read the app's record, not the engine's history API").isEqualTo(403);
        assertThat(app.send("auditor1", "GET", "/cutover/api/runs", null).statusCode()).isEqualTo(200);

        // a step runs only when a cutover's box calls it: started on its own it would have no run to act for
        for (String user : List.of("ops1", "boss")) {
            HttpResponse<String> step = app.send(user, "POST", "/engine-rest/process-definition/key/Process_RunStep/start", "{}");
            assertThat(step.statusCode()).as(user + ": " + step.body()).isIn(400, 403);
        }
        assertThat(app.rest("admin", "GET", "/process-instance?processDefinitionKey=Process_RunStep", null)).isEmpty();
    }

    @Test
    @Order(4)
    void aValueAFormCannotTakeIsRefusedWith400AndAMessageOnEveryPath() {
        List<String> malformed = List.of(
                "{\"value\":{\"a\":1},\"type\":\"Object\"}",
                "{\"value\":\"rO0ABXQAAXg=\",\"type\":\"Object\",\"valueInfo\":{\"objectTypeName\":\"java.lang.String\","
                        + "\"serializationDataFormat\":\"application/x-java-serialized-object\"}}",
                "{\"value\":\"{\\\"a\\\":1}\",\"type\":\"Object\",\"valueInfo\":{\"objectTypeName\":\"java.util.HashMap\","
                        + "\"serializationDataFormat\":\"application/json\"}}",
                "{\"value\":\"aGVsbG8=\",\"type\":\"File\",\"valueInfo\":{\"filename\":\"x.txt\"}}",
                "{\"value\":\"aGVsbG8=\",\"type\":\"Bytes\"}",
                "{\"value\":\"{}\",\"type\":\"Json\"}",
                "{\"value\":\"<a/>\",\"type\":\"Xml\"}",
                "{\"value\":\"abc\",\"type\":\"Integer\"}",
                "{\"value\":\"yesterday\",\"type\":\"Date\"}",
                "{\"value\":\"x\",\"type\":\"NoSuchType\"}");
        TasklistSession ops = TasklistSession.login(app.base(), "ops1", app.password("ops1"));
        for (String value : malformed) {
            String body = "{\"variables\":{\"target\":{\"value\":\"" + TARGET + "\"},\"changeReference\":" + value
                    + ",\"maintenanceWindowStart\":{\"value\":\"" + window() + "\"}}}";
            for (HttpResponse<String> answer : List.of(app.send("ops1", "POST", START, body),
                    app.send("ops1", "POST", START.replace("/start", "/submit-form"), body),
                    ops.send("POST", "/process-definition/key/Process_DecommissionPortReuse/submit-form", body))) {
                assertThat(answer.statusCode()).as(value + " -> " + answer.body()).isEqualTo(400);
                assertThat(json(answer).path("message").asText()).as(value).isNotBlank();
            }
        }
        assertThat(app.rest("admin", "GET", "/process-instance?processDefinitionKey=Process_DecommissionPortReuse", null)).isEmpty();

        String run = start("ops1", "CHG-9004");
        String approval = app.awaitTask(run, "Task_ApprovePlan", WAIT);
        for (String value : malformed) {
            String body = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},\"approvalComment\":" + value + "}}";
            HttpResponse<String> answer = app.send("manager1", "POST", "/engine-rest/task/" + approval + "/complete", body);
            assertThat(answer.statusCode()).as(value + " -> " + answer.body()).isEqualTo(400);
            assertThat(json(answer).path("message").asText()).as(value).isNotBlank();
        }
        app.awaitTask(run, "Task_ApprovePlan", Duration.ofSeconds(5));
        assertThat(app.send("admin", "DELETE", "/engine-rest/process-instance/" + run, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(5)
    void theOldAppsSecretsAppearNowhereTheProductShowsInAnyEncodingAndItComesBackWithThem() throws Exception {
        List<String> secrets = host.oldAppSecrets();
        String run = start("ops1", "CHG-9005");
        app.complete("manager1", run, "Task_ApprovePlan", "{\"approvalDecision\":{\"value\":\"approve\"},"
                + "\"approvalComment\":{\"value\":\"go\"}}", WAIT);
        app.complete("ops1", run, "Task_NotifyUsers", "{\"announcementDelivery\":{\"value\":\"elsewhere\"},"
                + "\"notificationChannel\":{\"value\":\"intranet\"},\"notificationMessage\":{\"value\":\"tonight\"},"
                + "\"windowConfirmed\":{\"value\":true}}", WAIT);
        app.awaitTask(run, "Task_SignOff", WAIT);
        List<String> shown = new ArrayList<>(pages(run));
        app.complete("ops1", run, "Task_SignOff", "{\"signOffDecision\":{\"value\":\"reject\"},"
                + "\"signOffComment\":{\"value\":\"roll it back\"}}", WAIT);
        app.complete("ops1", run, "Task_ConfirmRollback", "{\"outcomeDelivery\":{\"value\":\"send\"},"
                + "\"outcomeSubject\":{\"value\":\"Maintenance called off\"},\"outcomeMessage\":{\"value\":\"back as before\"},"
                + "\"usersInformedOfRollback\":{\"value\":true}}", WAIT);
        app.awaitEnded(run, WAIT);

        shown.addAll(pages(run));
        List<MimeMessage> mails = awaitMails(run, "helpdesk@school.example");
        assertThat(mails).as("the subscribers' notice of the end").isNotEmpty();
        assertThat(awaitMails(run, "ops1@school.example")).as("the requester's, at their configured address").isNotEmpty();
        for (MimeMessage message : mail.getReceivedMessages()) {
            shown.add(message.getSubject() + "\n" + GreenMailUtil.getBody(message));
        }
        shown.addAll(HOOKED);
        shown.add(app.log());
        for (String secret : secrets) {
            for (String text : shown) {
                assertThat(SecretSearch.formsIn(text, secret)).as("the old app's secret in: %s",
                        text.length() > 300 ? text.substring(0, 300) + "…" : text).isEmpty();
            }
        }
        String record = json(app.send("auditor1", "GET", "/cutover/api/runs/" + run, null)).toString();
        assertThat(record).as("the record names the environment's variables").contains("PW")
                .as("and shows the command line, masked").contains("--db-password=****").contains("scheduler:****@");

        int pid = Integer.parseInt(host.sh("ss -Hltnp 'sport = :" + host.appPort() + "' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2").strip());
        String argv = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
        assertThat(argv).as("the old app came back with its command line").contains("--db-password=" + secrets.get(0));
        assertThat(environ).as("and its environment").contains("PW=" + secrets.get(1));
    }

    // ------------------------------------------------------------------ helpers

    private static final String APPROVE = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
            + "\"approvalComment\":{\"value\":\"go\"}}}";

    private static String start(String user, String change) {
        String body = "{\"variables\":{\"target\":{\"value\":\"" + TARGET + "\"},\"changeReference\":{\"value\":\"" + change + "\"},"
                + "\"maintenanceWindowStart\":{\"value\":\"" + window() + "\"}}}";
        HttpResponse<String> started = app.send(user, "POST", START, body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return json(started).path("id").asText();
    }

    private static String window() {
        return Instant.now().minusSeconds(60).toString().replaceAll("\\.\\d+Z$", "Z");
    }

    /** Everything a person can read of a run: its page, its JSON, its report, the run list, its live view and stream. */
    private static List<String> pages(String run) throws Exception {
        List<String> pages = new ArrayList<>();
        for (String path : List.of("/cutover/runs/" + run, "/cutover/api/runs/" + run, "/cutover/runs/" + run + "/report.md",
                "/cutover/runs", "/cutover/api/runs", "/cutover/runs/" + run + "/live")) {
            HttpResponse<String> page = app.send("auditor1", "GET", path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            pages.add(page.body());
        }
        pages.add(stream(run));
        return pages;
    }

    /** What the live view's event stream sends within a few seconds. */
    private static String stream(String run) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String credentials = "auditor1:" + app.password("auditor1");
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.base() + "/cutover/runs/" + run + "/events"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> answer = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder text = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = answer.body()) {
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException closed) {
                // the stream ends when the reader is interrupted
            }
        });
        reader.start();
        reader.join(4000);
        reader.interrupt();
        synchronized (text) {
            assertThat(text).as("the live view's stream").isNotEmpty();
            return text.toString();
        }
    }

    private static List<MimeMessage> awaitMails(String run, String recipient) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<MimeMessage> found = new ArrayList<>();
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equals(recipient) && run.equals(message.getHeader("X-Cutover-Run", null))) {
                    found.add(message);
                }
            }
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + answer.statusCode() + "): " + answer.body(), e);
        }
    }
}
