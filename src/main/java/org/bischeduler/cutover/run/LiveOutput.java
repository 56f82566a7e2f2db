package org.bischeduler.cutover.run;

import org.bischeduler.cutover.shell.OutputTap;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the steps running on this node are doing, as it happens: a step starts, a command starts,
 * its output line by line (a script's facts in words), the step ends. Kept in memory for the live view, at most
 * {@link #KEPT_PER_RUN} events per run, and for at most {@link #KEPT_RUNS} runs. Output is handed
 * on in whole lines only, each scrubbed by the step's scrubber, so a secret split across two
 * pieces of a stream is still found.
 */
@Component
public class LiveOutput {

    static final int KEPT_PER_RUN = 2000;
    static final int KEPT_RUNS = 50;
    private static final int LONGEST_LINE = 2000;

    /** One thing that happened; {@code sequence} rises by one per event of a run. */
    public record Event(long sequence, Instant at, String kind, String step, String text) {
    }

    private final Map<String, RunEvents> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunEvents> eldest) {
            return size() > KEPT_RUNS;
        }
    };
    private final Clock clock;

    public LiveOutput() {
        this(Clock.systemUTC());
    }

    LiveOutput(Clock clock) {
        this.clock = clock;
    }

    public void stepStarted(String runId, String step) {
        add(runId, "step-started", step, step);
    }

    /** The step waits before trying again (its host cannot be reached, or the connection dropped). */
    public void stepWaiting(String runId, String step, String why) {
        add(runId, "step-waiting", step, why);
    }

    public void stepEnded(String runId, String step, String outcome) {
        add(runId, "step-ended", step, outcome);
    }

    /** A command starts; the lines it prints follow until the returned stream is closed. */
    public CommandOutput commandStarted(String runId, String step, String commandLine, UnaryOperator<String> scrub) {
        add(runId, "command", step, scrub.apply(commandLine));
        return new CommandOutput(runId, step, scrub);
    }

    /** The events of a run after {@code after}, oldest first. */
    public List<Event> since(String runId, long after) {
        synchronized (runs) {
            RunEvents events = runs.get(runId);
            if (events == null) {
                return List.of();
            }
            return events.kept.stream().filter(event -> event.sequence() > after).toList();
        }
    }

    private void add(String runId, String kind, String step, String text) {
        synchronized (runs) {
            RunEvents events = runs.computeIfAbsent(runId, id -> new RunEvents());
            events.kept.addLast(new Event(++events.last, clock.instant(), kind, step, text));
            if (events.kept.size() > KEPT_PER_RUN) {
                events.kept.removeFirst();
            }
        }
    }

    private static final class RunEvents {
        private final Deque<Event> kept = new ArrayDeque<>();
        private long last;
    }

    /** Cuts a command's two streams into lines as they arrive. */
    public final class CommandOutput implements OutputTap, AutoCloseable {

        private final String runId;
        private final String step;
        private final UnaryOperator<String> scrub;
        private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};

        private CommandOutput(String runId, String step, UnaryOperator<String> scrub) {
            this.runId = runId;
            this.step = step;
            this.scrub = scrub;
        }

        @Override
        public synchronized void received(boolean stderr, byte[] bytes, int offset, int length) {
            ByteArrayOutputStream line = pending[stderr ? 1 : 0];
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n' || line.size() >= LONGEST_LINE) {
                    emit(stderr, line);
                }
                if (bytes[i] != '\n') {
                    line.write(bytes[i]);
                }
            }
        }

        private void emit(boolean stderr, ByteArrayOutputStream line) {
            String text = scrub.apply(line.toString(StandardCharsets.UTF_8));
            // a script's facts in words (the record keeps them as the script wrote them)
            add(runId, stderr ? "stderr" : "stdout", step, stderr ? text : ReadableFact.of(text));
            line.reset();
        }

        /** The last lines, those without a newline. */
        @Override
        public synchronized void close() {
            for (int stream = 0; stream < 2; stream++) {
                if (pending[stream].size() > 0) {
                    emit(stream == 1, pending[stream]);
                }
            }
        }
    }
}
