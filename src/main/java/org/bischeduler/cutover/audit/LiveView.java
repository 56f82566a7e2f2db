package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bischeduler.cutover.run.LiveOutput;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.runbook.StepRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Streams a run to the live view as server-sent events: what the steps running on this node do
 * as it happens (from {@link LiveOutput}), every step as the run store records it (so steps run by
 * another node of the cluster show too), and the run's state (outcome, whose task it waits on).
 * Each event's id says how far the stream got, so a browser that reconnects resumes there.
 */
@Component
class LiveView implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final Duration STREAM_FOR = Duration.ofMinutes(30);
    private static final long PUSH_EVERY_MILLIS = 250;
    private static final int STATE_EVERY = 8;

    private final LiveOutput live;
    private final RunStore runs;
    private final RunHistory history;
    private final AuditScrubber scrubber;
    private final ObjectMapper json;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-view");
        thread.setDaemon(true);
        return thread;
    });
    private long ticks;

    LiveView(LiveOutput live, RunStore runs, RunHistory history, AuditScrubber scrubber, ObjectMapper json) {
        this.live = live;
        this.runs = runs;
        this.history = history;
        this.scrubber = scrubber;
        this.json = json;
        pusher.scheduleWithFixedDelay(this::push, PUSH_EVERY_MILLIS, PUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of the run from where {@code lastEventId} (as a browser sends it back) left off. */
    SseEmitter open(String runId, String lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_FOR.toMillis());
        Subscriber subscriber = new Subscriber(runId, emitter);
        subscriber.resumeFrom(lastEventId);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        return emitter;
    }

    private void push() {
        boolean withState = ticks++ % STATE_EVERY == 0;
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.push(withState || !subscriber.stateSent);
            } catch (IOException | IllegalStateException gone) {
                subscribers.remove(subscriber);
            } catch (RuntimeException e) {
                LOG.warn("live view of run {}: {}", subscriber.runId, e.getMessage());
            }
        }
    }

    /** One browser watching one run, and how far it got. */
    private final class Subscriber {

        private final String runId;
        private final SseEmitter emitter;
        private long liveSeen;
        private long recordedSeen;
        private boolean stateSent;
        private String lastState = "";
        /** Steps whose end this browser saw live; their record is not shown a second time. */
        private final Set<String> endedLive = new HashSet<>();

        private Subscriber(String runId, SseEmitter emitter) {
            this.runId = runId;
            this.emitter = emitter;
        }

        private void resumeFrom(String lastEventId) {
            if (lastEventId == null || !lastEventId.matches("\\d{1,18}-\\d{1,18}")) {
                return;
            }
            String[] parts = lastEventId.split("-");
            liveSeen = Long.parseLong(parts[0]);
            recordedSeen = Long.parseLong(parts[1]);
        }

        private void push(boolean withState) throws IOException {
            // the run's state is read before its events: when it says the run has ended, every event the
            // run made is there to send before the stream closes (read after them, a step that ran in
            // between would end the stream with its events unsent)
            RunRecord.RunSummary summary = withState ? history.summary(runId).orElse(null) : null;
            for (LiveOutput.Event event : live.since(runId, liveSeen)) {
                liveSeen = event.sequence();
                if (event.kind().equals("step-ended")) {
                    endedLive.add(event.step());
                }
                send(event.kind(), Map.of("step", event.step(), "text", event.text(), "at", event.at().toString()));
            }
            if (!withState) {
                return;
            }
            // the run store is read less often: the live events above already show this node's steps
            List<String> records = runs.stepRecords(runId);
            for (String text : records) {
                StepRecord record = json.readValue(text, StepRecord.class);
                if (record.sequence() <= recordedSeen) {
                    continue;
                }
                recordedSeen = record.sequence();
                if (!endedLive.remove(record.stepName())) {
                    send("recorded", Map.of("sequence", record.sequence(), "step", record.stepName(),
                            "text", record.outcome() + (record.message().isBlank() ? "" : ": " + record.message())));
                }
            }
            sendState(summary, records.size());
        }

        private void sendState(RunRecord.RunSummary summary, int stepsDone) throws IOException {
            if (summary == null) {
                emitter.complete();
                return;
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("outcome", summary.outcome());
            state.put("waitingOn", summary.waitingOn());
            state.put("phase", history.phase(runId));
            state.put("stepsDone", stepsDone);
            state.put("ended", summary.endedAt() != null);
            String text = json.writeValueAsString(state);
            if (!text.equals(lastState)) {
                lastState = text;
                send("state", state);
            }
            stateSent = true;
            if (summary.endedAt() != null) {
                emitter.complete();
            }
        }

        private void send(String name, Map<String, Object> data) throws IOException {
            String body;
            try {
                body = scrubber.scrub(json.writeValueAsString(data));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            emitter.send(SseEmitter.event().id(liveSeen + "-" + recordedSeen).name(name).data(body, org.springframework.http.MediaType.APPLICATION_JSON));
        }
    }

    @Override
    public void destroy() {
        pusher.shutdownNow();
        subscribers.forEach(subscriber -> subscriber.emitter.complete());
    }
}
