package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the real programs the tests need and runs short commands; never skips a test silently. */
public final class Programs {

    public static final String INSTALL_HINT = "run scripts/install-dependencies.sh (as root) to install the Debian packages the tests need";

    private Programs() {
    }

    /** The first existing path, or a failure that says how to install it. */
    public static Path require(String what, String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        throw new IllegalStateException(what + " not found (looked for " + List.of(candidates) + "); " + INSTALL_HINT);
    }

    /** Runs a command to completion and returns its output; fails with the output when it exits non-zero. */
    public static String run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(argv + " exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a command that starts daemons: its output goes to a file, not a pipe, so a daemon that
     * keeps the inherited descriptors cannot hold the caller up. Fails with the log's tail.
     */
    public static void runLogged(List<String> argv, Path log, java.time.Duration timeout) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish in " + timeout + ":\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(argv + " exited " + process.exitValue() + ":\n" + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until something accepts TCP connections on the loopback port. */
    public static void awaitPort(int port, java.time.Duration timeout, Process owner, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (owner != null && !owner.isAlive()) {
                    throw new IllegalStateException("process exited before listening on " + port + ":\n" + tail(log));
                }
                sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout + ":\n" + tail(log));
    }

    public static String tail(Path log) {
        try {
            if (log == null || !Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends the process group whose leader's pid the file holds, if it does (a prober a script started). */
    public static void endGroupIn(Path pidFile) {
        try {
            if (Files.exists(pidFile)) {
                new ProcessBuilder("kill", "-TERM", "--", "-" + Files.readString(pidFile).strip()).start().waitFor();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
