package org.bischeduler.cutover.bench;

import org.bischeduler.cutover.testing.Programs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user sees: the old URL requested through nginx every 20 ms, redirects followed, each
 * answer's final status kept with the moment it was asked. The asking runs in a process of its own
 * ({@code bench/prober.py}): in this JVM, which also runs the engine, a pause stretched its gaps.
 */
final class Prober implements AutoCloseable {

    record Answer(long atMillis, int status) {
    }

    /** Over one interval: the longest stretch without a 200, and how many 404, 502 and 503 answers. */
    record Outage(long longestMillis, int count404, int count502, int count503, int answers) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final Process process;
    private final Thread reader;

    Prober(String url) {
        try {
            this.process = new ProcessBuilder(Programs.require("python3", "/usr/bin/python3").toString(), "bench/prober.py", url)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the prober", e);
        }
        this.reader = new Thread(this::read, "prober");
        reader.setDaemon(true);
        reader.start();
        // its first answer: from here on, what users see is measured
        long deadline = System.currentTimeMillis() + 5000;
        while (size() == 0) {
            if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                throw new IllegalStateException("the prober gave no answer for " + url);
            }
            Programs.sleep(10);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split(" ");
                synchronized (answers) {
                    answers.add(new Answer(Long.parseLong(fields[0]), Integer.parseInt(fields[1])));
                }
            }
        } catch (IOException e) {
            // the prober ended
        }
    }

    private int size() {
        synchronized (answers) {
            return answers.size();
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
        try {
            process.getOutputStream().close();
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(3000);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
