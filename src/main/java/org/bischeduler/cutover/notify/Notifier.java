package org.bischeduler.cutover.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private void deliver(Notification notification) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender != null && !notification.recipients().isEmpty()) {
            attempt(notification, "e-mail to " + String.join(", ", notification.recipients()), () -> {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(settings.from());
                message.setTo(notification.recipients().toArray(String[]::new));
                message.setSubject(notification.subject());
                message.setText(notification.text() + (notification.link().isEmpty() ? "\n" : "\n\n" + notification.link() + "\n"));
                sender.send(message);
            });
        }
        for (CutoverProperties.Webhook webhook : notification.toWebhooks() ? settings.webhooks() : List.<CutoverProperties.Webhook>of()) {
            attempt(notification, "webhook " + webhook.url(), () -> post(webhook, notification));
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
                if (attempt >= tries) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    outcome = "NOT sent: " + notification.event() + " by " + channel + " after " + tries + " tries: " + why;
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
