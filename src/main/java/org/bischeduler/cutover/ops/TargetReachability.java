package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.bischeduler.cutover.shell.TargetException;
import org.bischeduler.cutover.shell.TargetShells;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Whether each configured target answers over SSH: a real login with the pinned host key and a
 * no-op command, every target at once, each given {@link #PATIENCE}; an answer is kept for
 * {@link #KEEP}. Apart from the app's health: a school server that is off says nothing about
 * whether the app works, and must not get it restarted.
 */
@Component
public class TargetReachability implements DisposableBean {

    static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration KEEP = Duration.ofSeconds(30);
    /** However often a person asks again, each target is asked at most this often. */
    private static final Duration AGAIN_AFTER = Duration.ofSeconds(2);

    /** One target's answer, and when it was asked. */
    public record Reach(String target, boolean reachable, String detail, Instant checkedAt) {
    }

    private final CutoverProperties properties;
    private final TargetShells shells;
    private final Map<String, Reach> kept = new ConcurrentHashMap<>();
    private final ExecutorService askers = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "target-reachability");
        thread.setDaemon(true);
        return thread;
    });

    TargetReachability(CutoverProperties properties, TargetShells shells) {
        this.properties = properties;
        this.shells = shells;
    }

    /** Every configured target, asked at once where the last answer is older than 30 s. */
    public List<Reach> all() {
        return all(KEEP);
    }

    /** The same, asking again every target whose answer is older than 2 s (after a host was mended). */
    public List<Reach> again() {
        return all(AGAIN_AFTER);
    }

    private List<Reach> all(Duration keep) {
        Map<String, CompletableFuture<Reach>> asked = new java.util.LinkedHashMap<>();
        for (String name : properties.targets().keySet()) {
            Reach last = kept.get(name);
            asked.put(name, last != null && last.checkedAt().plus(keep).isAfter(Instant.now())
                    ? CompletableFuture.completedFuture(last)
                    : CompletableFuture.supplyAsync(() -> ask(name), askers));
        }
        List<Reach> answers = new ArrayList<>();
        asked.forEach((name, answer) -> {
            Reach reach = answer.completeOnTimeout(new Reach(name, false, "no answer within " + PATIENCE.toSeconds() + " s",
                    Instant.now()), PATIENCE.toMillis() + 500, TimeUnit.MILLISECONDS).join();
            kept.put(name, reach);
            answers.add(reach);
        });
        return answers;
    }

    private Reach ask(String name) {
        try {
            var result = shells.forTarget(name).run(RemoteCommand.of(PATIENCE, "true"));
            return new Reach(name, result.succeeded(), result.succeeded() ? "reachable over SSH"
                    : "SSH login works but 'true' exited " + result.exitCode(), Instant.now());
        } catch (TargetException | IllegalStateException e) {
            return new Reach(name, false, e.getMessage(), Instant.now());
        }
    }

    @Override
    public void destroy() {
        askers.shutdownNow();
    }
}
