package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sandbox's {@code systemctl} stand-in installed into a folder of its own, with units written
 * there: for tests of the stand-in and of the runbook scripts that call it.
 */
public final class StandInSystemd implements AutoCloseable {

    private static final Path SOURCE = Path.of("scripts/sandbox/systemctl").toAbsolutePath();

    /** What a command printed (both streams) and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private final Path root;
    private final Path bin;

    public StandInSystemd(Path root) throws IOException {
        this.root = root;
        this.bin = Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, Files.readString(SOURCE).replace("@SANDBOX@", root.toString()));
        // as on a real host, and as the sandbox installs it: any user may ask it
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The folder to put first on a script's PATH. */
    public Path bin() {
        return bin;
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public void unit(String name, String text) throws IOException {
        Files.writeString(root.resolve("etc/systemd/system/" + name + ".service"), text);
    }

    public Result systemctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("systemctl").toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("systemctl " + String.join(" ", arguments) + " did not return");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the systemctl stand-in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code is-active} prints for the unit. */
    public String state(String unit) {
        return systemctl("is-active", unit).output();
    }

    /** The process exists and has not ended (one that has ended stays a zombie until init reaps it). */
    public static boolean running(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the condition holds; fails with the last value seen after the timeout. */
    public static <T> T await(Supplier<T> value, java.util.function.Predicate<T> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.get();
        }
        return last;
    }

    /** Stops every unit the test started and removes their control groups. */
    @Override
    public void close() throws IOException {
        for (String folder : List.of("etc/systemd/system", "lib/systemd/system")) {
            if (!Files.isDirectory(root.resolve(folder))) {
                continue;
            }
            try (var units = Files.list(root.resolve(folder))) {
                units.filter(file -> file.toString().endsWith(".service"))
                        .forEach(file -> systemctl("stop", file.getFileName().toString()));
            }
        }
        Result removed = systemctl("__remove-cgroups");
        if (removed.exitCode() != 0) {
            throw new IllegalStateException("the stand-in's control groups were not removed: " + removed.output());
        }
    }
}
