package org.bischeduler.cutover.runbook;

import com.sun.net.httpserver.HttpServer;
import org.bischeduler.cutover.run.UsersSaw;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prober the window's scripts start on the host (prober_start, prober_stop and prober_report in
 * common.sh), against a real HTTP server that answers 503 for a stretch: what it reports lies
 * between what the server itself saw (its first to its last 503) and the gap between the 200s on
 * either side, and it counts the 503s it got. Ended, it leaves nothing running.
 */
class UsersProbeScriptIT {

    /** How far a probe's stamp may be from the server's: one request's time on a busy machine. */
    private static final long SLACK = 50;

    @TempDir
    Path dir;

    private HttpServer server;

    private record Served(long atMillis, int status) {
    }

    private final List<Served> served = new ArrayList<>();
    private volatile int answer = 200;

    @AfterEach
    void stopServer() {
        Programs.endGroupIn(dir.resolve("probe.log.pid"));
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theStretchWithout200IsWhatTheServerGaveWithinARequestsTimeAndEveryOtherAnswerIsCounted() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = answer;
            synchronized (served) {
                served.add(new Served(System.currentTimeMillis(), status));
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path log = dir.resolve("probe.log");
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/scheduler/";

        assertThat(bash("prober_start \"$1\" \"$2\" 20", log.toString(), url)).isEmpty();
        Programs.sleep(300);
        answer = 503;
        Programs.sleep(300);
        answer = 200;
        Programs.sleep(300);
        UsersSaw saw = UsersSaw.fromFacts(RemoteScript.facts(bash("prober_stop \"$1\"; prober_report \"$1\"", log.toString())))
                .orElseThrow();

        List<Served> all;
        synchronized (served) {
            all = List.copyOf(served);
        }
        List<Served> unavailable = all.stream().filter(s -> s.status() == 503).toList();
        long firstBad = unavailable.get(0).atMillis();
        long lastBad = unavailable.get(unavailable.size() - 1).atMillis();
        long okBefore = all.stream().filter(s -> s.status() == 200 && s.atMillis() < firstBad).mapToLong(Served::atMillis).max().orElseThrow();
        long okAfter = all.stream().filter(s -> s.status() == 200 && s.atMillis() > lastBad).mapToLong(Served::atMillis).min().orElseThrow();
        assertThat(saw.longestMillis()).as("the server gave 503 from %d to %d, 200 at %d and %d", firstBad, lastBad, okBefore, okAfter)
                .isBetween(lastBad - firstBad - SLACK, okAfter - okBefore + SLACK);
        assertThat(saw.notOk()).isEqualTo(Map.of("503", unavailable.size()));
        // (a busy machine may ask less often; only the upper bound is the prober's promise)
        assertThat(all.size()).as("never more than one request every 20 ms over 0.9 s").isLessThanOrEqualTo(50);
        assertThat(saw.from()).isLessThanOrEqualTo(all.get(0).atMillis());
        Programs.sleep(100);
        int after = served.size();
        Programs.sleep(200);
        assertThat(served).as("the prober ended").hasSize(after);
    }

    /** Runs a snippet with the runbook's shared helpers, as the scripts run on the host; returns its output. */
    private static String bash(String snippet, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(List.of(arguments));
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write((RemoteScript.commonHelpers() + "\n" + snippet + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }
}
