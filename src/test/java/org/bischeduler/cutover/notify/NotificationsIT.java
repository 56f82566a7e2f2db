package org.bischeduler.cutover.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.Programs;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Notifications through a real SMTP server (GreenMail) and a local webhook receiver, with a second
 * webhook whose receiver is down: managers hear of the approval with a link into Tasklist, the
 * subscribers of the end with a link to the record, the Slack-style receiver gets the text, and the
 * receiver that is down fails nothing: the run completes and its record says what was not sent.
 */
@SpringBootTest
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
class NotificationsIT {

    private static final int SMTP_PORT = Programs.freePort();
    private static final int DOWN_PORT = Programs.freePort();
    private static final List<String> HOOKED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            HOOKED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @DynamicPropertySource
    static void notifications(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("cutover.notifications.managers", () -> "managers@school.example");
        registry.add("cutover.notifications.operators", () -> "ops@school.example");
        // an address that does not parse fails only its own message
        registry.add("cutover.notifications.subscribers", () -> "helpdesk@school.example,not an address@@");
        registry.add("cutover.users.ops1.password", () -> "file:" + passwordFile());
        registry.add("cutover.users.ops1.groups", () -> "ops");
        registry.add("cutover.users.ops1.email", () -> "ops1@school.example");
        registry.add("cutover.notifications.base-url", () -> "https://cutover.school.example");
        registry.add("cutover.notifications.attempts", () -> "2");
        registry.add("cutover.notifications.retry-backoff", () -> "PT0.05S");
        registry.add("cutover.notifications.webhooks[0].url", () -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        registry.add("cutover.notifications.webhooks[0].format", () -> "slack");
        registry.add("cutover.notifications.webhooks[1].url", () -> "http://127.0.0.1:" + DOWN_PORT + "/hook");
        registry.add("cutover.notifications.users", () -> "scheduler-users@school.example");
        registry.add("cutover.targets.web-01.nginx.public-url", () -> "https://school.example");
    }

    private static java.nio.file.Path passwordFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("ops1-", ".pw",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(file, "ops1-secret-pw");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Autowired
    ProcessEngine engine;
    @Autowired
    RunHistory runs;

    @Test
    void peopleAreToldWhenTheyAreNeededAndWhenTheRunEndsAndAReceiverThatIsDownFailsNothing() throws Exception {
        ScriptedTargets.reset("web-01");
        ProcessDriver driver = new ProcessDriver(engine);
        ProcessInstance run = driver.start("web-01", "CHG-3001");

        MimeMessage approval = awaitMail("managers@school.example", run, 1).get(0);
        assertThat(approval.getSubject()).contains("CHG-3001").contains("Approve");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(approval))
                .contains("https://cutover.school.example/camunda/app/tasklist/default/#/?task=" + driver.taskId(run, "Task_ApprovePlan"));

        driver.complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
        driver.complete(run, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);
        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "fine",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
        driver.complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
        driver.drive();

        MimeMessage end = awaitMail("helpdesk@school.example", run, 1).get(0);
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(end)).contains("https://cutover.school.example/cutover/runs/" + run.getId());
        MimeMessage toRequester = awaitMail("ops1@school.example", run, 1).get(0);
        assertThat(toRequester.getSubject()).as("the requester, at the address configuration gives them").isEqualTo(end.getSubject());
        List<String> sent = awaitNotifications(run, 8);
        assertThat(HOOKED).anyMatch(body -> body.startsWith("{\"text\":") && body.contains("CHG-3001"));
        assertThat(sent).anyMatch(n -> n.startsWith("sent: approval-waiting by e-mail to managers@school.example"))
                .anyMatch(n -> n.startsWith("sent: run-ended by e-mail to helpdesk@school.example"))
                .anyMatch(n -> n.startsWith("sent: run-ended by e-mail to ops1@school.example"))
                .anyMatch(n -> n.startsWith("NOT sent: run-ended by e-mail to not an address@@ after 1 tries")
                        && n.contains("is not an e-mail address"))
                .anyMatch(n -> n.startsWith("NOT sent: approval-waiting by webhook http://127.0.0.1:" + DOWN_PORT) && n.contains("after 2 tries"));
        assertThat(runs.record(run.getId()).orElseThrow().summary().outcome()).isEqualTo("completed");
    }

    @Test
    void theOperatorSendsTheUsersTheAnnouncementPrefilledFromThePlanAndTheOutcome() throws Exception {
        ScriptedTargets.reset("web-01");
        ProcessDriver driver = new ProcessDriver(engine);
        ProcessInstance run = driver.start("web-01", "CHG-3002");
        driver.complete(run, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));

        Map<String, Object> shown = engine.getRuntimeService().getVariables(run.getId());
        assertThat((String) shown.get("announcementSubject")).contains("https://school.example/bischeduler/");
        assertThat((String) shown.get("notificationMessage")).contains("https://school.example/scheduler/")
                .contains("https://school.example/bischeduler/").contains("CHG-3002")
                // the window's start as people read it (web-01's users are on UTC, in English), not as an instant
                .contains(java.time.format.DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy 'at' HH:mm 'UTC'", java.util.Locale.ENGLISH)
                        .format(java.time.Instant.parse((String) shown.get("maintenanceWindowStart")).atZone(java.time.ZoneOffset.UTC)))
                .doesNotContain((String) shown.get("maintenanceWindowStart"));
        assertThat(shown).containsEntry("announcementRecipients", "scheduler-users@school.example");

        Map<String, Object> send = Map.of("announcementDelivery", "send", "announcementSubject", "Scheduler maintenance tonight",
                "notificationMessage", "The scheduler moves to https://school.example/bischeduler/ tonight.", "windowConfirmed", true);
        Map<String, Object> forgedHeader = new java.util.HashMap<>(send);
        forgedHeader.put("announcementSubject", "Maintenance\nBcc: everyone@school.example");
        assertThatThrownBy(() -> driver.complete(run, "Task_NotifyUsers", "ops1", "ops", forgedHeader))
                .hasMessageContaining("the subject is one line");
        Map<String, Object> elsewhereTo = new java.util.HashMap<>(send);
        elsewhereTo.put("announcementRecipients", "everyone@school.example");
        assertThatThrownBy(() -> driver.complete(run, "Task_NotifyUsers", "ops1", "ops", elsewhereTo))
                .as("the recipients are shown, never taken from a form").hasMessageContaining("read-only");
        Map<String, Object> nowhere = Map.of("announcementDelivery", "elsewhere", "notificationMessage", "told them", "windowConfirmed", true);
        assertThatThrownBy(() -> driver.complete(run, "Task_NotifyUsers", "ops1", "ops", nowhere))
                .hasMessageContaining("say where the announcement was sent");

        driver.complete(run, "Task_NotifyUsers", "ops1", "ops", send);
        MimeMessage announcement = awaitMail("scheduler-users@school.example", run, 1).get(0);
        assertThat(announcement.getSubject()).isEqualTo("Scheduler maintenance tonight");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(announcement)).contains("moves to https://school.example/bischeduler/ tonight");

        driver.complete(run, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "fine",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
        Object outcomeSubject = engine.getRuntimeService().getVariable(run.getId(), "outcomeSubject");
        assertThat((String) outcomeSubject).isEqualTo("Maintenance finished: the application is at https://school.example/bischeduler/");
        driver.complete(run, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true, "outcomeDelivery", "send",
                "outcomeSubject", outcomeSubject, "outcomeMessage", engine.getHistoryService().createHistoricVariableInstanceQuery()
                        .processInstanceId(run.getId()).variableName("outcomeMessage").singleResult().getValue()));
        driver.drive();

        MimeMessage outcome = awaitMail("scheduler-users@school.example", run, 2).get(1);
        assertThat(outcome.getSubject()).isEqualTo(outcomeSubject);
        awaitNotifications(run, 5);
        RunRecord.Criterion informed = runs.record(run.getId()).orElseThrow().successCriteria().stream()
                .filter(c -> c.name().equals("Users informed")).findFirst().orElseThrow();
        assertThat(informed.met()).as(informed.evidence()).isTrue();
        assertThat(informed.evidence()).contains("\"Scheduler maintenance tonight\", sent: announcement by e-mail to scheduler-users@school.example")
                .contains("sent: outcome-announcement by e-mail to scheduler-users@school.example");
        assertThat(HOOKED).as("the operators' channels do not get what users are told").noneMatch(body -> body.contains("maintenance tonight"));
    }

    /**
     * The mails to one recipient about one run, in the order they arrived: a run of an earlier test
     * may still be sending (after its commit, on the notifier's thread) into this test's server.
     */
    private List<MimeMessage> awaitMail(String recipient, ProcessInstance run, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<MimeMessage> to = new java.util.ArrayList<>();
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (message.getAllRecipients().length == 1 && message.getAllRecipients()[0].toString().equals(recipient)
                        && run.getId().equals(message.getHeader("X-Cutover-Run", null))) {
                    to.add(message);
                }
            }
            if (to.size() >= count || System.nanoTime() > deadline) {
                assertThat(to).as("mails to %s about run %s", recipient, run.getId()).hasSizeGreaterThanOrEqualTo(count);
                return to;
            }
            Thread.sleep(100);
        }
    }

    private List<String> awaitNotifications(ProcessInstance run, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> sent = runs.record(run.getId()).orElseThrow().notifications();
        while (sent.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sent = runs.record(run.getId()).orElseThrow().notifications();
        }
        return sent;
    }
}
