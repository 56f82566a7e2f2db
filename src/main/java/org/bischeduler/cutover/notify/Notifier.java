package org.bischeduler.cutover.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends notifications by e-mail and to the configured webhooks once the engine's transaction has
 * committed, on a thread of its own: a notification never fails, blocks or rolls back a cutover.
 * Each is tried a few times; what was sent, and what could not be, is kept on the run.
 */
@Component
class Notifier implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    /** The header every e-mail carries with its run's id. */
    static final String RUN_HEADER = "X-Cutover-Run";

    private final CutoverProperties.Notifications settings;
    private final ObjectProvider<JavaMailSender> mail;
    private final RunStore runs;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sending = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "notifications");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());

    Notifier(CutoverProperties properties, ObjectProvider<JavaMailSender> mail, RunStore runs, ObjectMapper json) {
        this.settings = properties.notifications();
        this.mail = mail;
        this.runs = runs;
        this.json = json;
    }

    CutoverProperties.Notifications settings() {
        return settings;
    }

    /** Whether a mail server is configured. */
    boolean canMail() {
        return mail.getIfAvailable() != null;
    }

    /** Sends it after the current transaction commits (at once when there is none). */
    void send(Notification notification) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sending.submit(() -> deliver(notification));
                }
            });
        } else {
            sending.submit(() -> deliver(notification));
        }
    }

    /**
     * Each e-mail recipient gets a message of their own, so one address that cannot be used (it does
     * not parse, its mailbox refuses) fails only its own message.
     */
    private void deliver(Notification notification) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender != null) {
            for (String recipient : notification.recipients()) {
                attempt(notification, "e-mail to " + recipient, () -> sender.send(message(sender, notification, recipient)));
            }
        }
        for (CutoverProperties.Webhook webhook : notification.toWebhooks() ? settings.webhooks() : List.<CutoverProperties.Webhook>of()) {
            attempt(notification, "webhook " + webhook.url(), () -> post(webhook, notification));
        }
    }

    /** One recipient's message; it names its run in a header of its own, so a mailbox can sort by run. */
    private MimeMessage message(JavaMailSender sender, Notification notification, String recipient) throws MessagingException {
        InternetAddress to;
        try {
            to = new InternetAddress(recipient, true);
        } catch (AddressException malformed) {
            throw new UnusableAddressException(recipient, malformed);
        }
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(to);
        helper.setSubject(notification.subject());
        helper.setText(notification.text() + (notification.link().isEmpty() ? "\n" : "\n\n" + notification.link() + "\n"));
        message.setHeader(RUN_HEADER, notification.runId());
        return message;
    }

    /** An address that does not parse: trying it again cannot help. */
    private static final class UnusableAddressException extends RuntimeException {
        UnusableAddressException(String address, AddressException cause) {
            super("'" + address + "' is not an e-mail address (" + cause.getMessage() + ")");
        }
    }

    private void post(CutoverProperties.Webhook webhook, Notification notification) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        if (webhook.format().equals("json")) {
            body.put("event", notification.event());
            body.put("run", notification.runId());
            body.put("subject", notification.subject());
            body.put("text", notification.text());
            body.put("link", notification.link());
        } else {
            // Slack's and Teams' incoming webhooks both take a text
            body.put("text", notification.subject() + "\n" + notification.text() + "\n" + notification.link());
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(webhook.url())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException("answered " + answer.statusCode());
        }
    }

    private interface Delivery {
        void run() throws Exception;
    }

    private void attempt(Notification notification, String channel, Delivery delivery) {
        String outcome;
        int tries = Math.max(1, settings.attempts());
        for (int attempt = 1; ; attempt++) {
            try {
                delivery.run();
                outcome = "sent: " + notification.event() + " by " + channel + " at " + Instant.now();
                break;
            } catch (Exception e) {
                if (attempt >= tries || e instanceof UnusableAddressException) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    outcome = "NOT sent: " + notification.event() + " by " + channel + " after " + attempt + " tries: " + why;
                    LOG.warn("notification of run {} {}", notification.runId(), outcome);
                    break;
                }
                pause(settings.retryBackoff());
            }
        }
        try {
            runs.keep(notification.runId(), Map.of(ProcessVariables.NOTIFICATION + sequence.incrementAndGet(), outcome));
        } catch (RuntimeException e) {
            LOG.warn("cannot keep the notification outcome of run {}: {}", notification.runId(), e.getMessage());
        }
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        sending.shutdown();
    }
}
