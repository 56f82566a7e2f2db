package org.bischeduler.cutover.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user sees: the old URL requested through nginx every 20 ms, redirects followed, each
 * answer's final status kept with the moment it was asked.
 */
final class Prober implements AutoCloseable {

    record Answer(long atMillis, int status) {
    }

    /** Over one interval: the longest stretch without a 200, and how many 404, 502 and 503 answers. */
    record Outage(long longestMillis, int count404, int count502, int count503, int answers) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofMillis(500)).build();
    private final URI url;
    private final List<Answer> answers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Prober(String url) {
        this.url = URI.create(url);
        this.thread = new Thread(this::probe, "prober");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        while (running) {
            long at = System.currentTimeMillis();
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = 0;
            }
            synchronized (answers) {
                answers.add(new Answer(at, status));
            }
            long next = at + 20 - System.currentTimeMillis();
            if (next > 0) {
                try {
                    Thread.sleep(next);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    Outage between(long from, long to) {
        List<Answer> window;
        synchronized (answers) {
            window = answers.stream().filter(a -> a.atMillis() >= from && a.atMillis() <= to).toList();
        }
        long longest = 0;
        Long lastOk = null;
        Long firstBad = null;
        int c404 = 0;
        int c502 = 0;
        int c503 = 0;
        for (Answer answer : window) {
            if (answer.status() == 404) {
                c404++;
            }
            if (answer.status() == 502) {
                c502++;
            }
            if (answer.status() == 503) {
                c503++;
            }
            if (answer.status() == 200) {
                if (firstBad != null) {
                    longest = Math.max(longest, answer.atMillis() - (lastOk == null ? firstBad : lastOk));
                    firstBad = null;
                }
                lastOk = answer.atMillis();
            } else if (firstBad == null) {
                firstBad = answer.atMillis();
            }
        }
        if (firstBad != null) {
            longest = Math.max(longest, to - (lastOk == null ? firstBad : lastOk));
        }
        return new Outage(longest, c404, c502, c503, window.size());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
