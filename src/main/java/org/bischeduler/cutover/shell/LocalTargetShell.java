package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.values.SafeValues;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The target is the machine the app runs on: the same seam, run through the local {@code /bin/sh}. */
public final class LocalTargetShell implements TargetShell {

    private final int outputCap;
    private final boolean runningAsRoot;

    public LocalTargetShell(int outputCap) {
        this.outputCap = outputCap;
        this.runningAsRoot = "root".equals(System.getProperty("user.name"));
    }

    @Override
    public CommandResult run(RemoteCommand command) {
        return run(command, OutputTap.NONE);
    }

    @Override
    public CommandResult run(RemoteCommand command, OutputTap tap) {
        List<String> argv = new ArrayList<>();
        if (command.needsRoot() && !runningAsRoot) {
            argv.addAll(List.of("sudo", "-n", "--"));
        }
        argv.addAll(List.of("timeout", "-k", "2", String.format(java.util.Locale.ROOT, "%.3f", command.timeout().toMillis() / 1000.0)));
        argv.addAll(command.argv());
        String line = ShellQuoting.join(argv);
        long started = System.nanoTime();
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", line).start();
            OutputCollector out = new OutputCollector(outputCap, tap, false);
            OutputCollector err = new OutputCollector(outputCap, tap, true);
            Thread outPump = pump(process.getInputStream(), out);
            Thread errPump = pump(process.getErrorStream(), err);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(command.stdin());
            } catch (IOException closedEarly) {
                // the command did not read all its input; its exit status says what happened
            }
            boolean finished = process.waitFor(command.timeout().plusSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            outPump.join(1000);
            errPump.join(1000);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            int exit = finished ? process.exitValue() : CommandResult.UNKNOWN_EXIT;
            boolean timedOut = !finished || (took.compareTo(command.timeout()) >= 0 && (exit == 124 || exit == 137));
            CommandResult result = new CommandResult(line, exit, out.text(), err.text(), took, timedOut,
                    out.truncated() || err.truncated());
            if (command.needsRoot() && !runningAsRoot && exit == 1 && result.stderr().startsWith("sudo:")) {
                throw new TargetException(TargetException.Kind.SUDO_REFUSED, describe(), line + ": " + result.stderr().strip());
            }
            return result;
        } catch (IOException e) {
            throw new TargetException(TargetException.Kind.UNREACHABLE, describe(), "could not start " + line + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException(TargetException.Kind.CONNECTION_DROPPED, describe(), "interrupted while running " + line, e);
        }
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        SafeValues.path("path", path);
        try {
            return Optional.of(Files.readAllBytes(Path.of(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TargetException(TargetException.Kind.FILE_TRANSFER, describe(), "reading " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeFile(String path, byte[] content, int newFileMode) {
        SafeValues.path("path", path);
        Path target = Path.of(path);
        Path temporary = target.resolveSibling("." + target.getFileName() + ".cutover-" + UUID.randomUUID());
        try {
            // private from its creation; it gets its mode only once the content is in
            Files.createFile(temporary, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, content);
            PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                PosixFileAttributes existing = Files.readAttributes(target, PosixFileAttributes.class);
                view.setPermissions(existing.permissions());
                if (runningAsRoot) {
                    view.setOwner(existing.owner());
                    view.setGroup(existing.group());
                }
            } else {
                view.setPermissions(permissions(newFileMode));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            throw new TargetException(TargetException.Kind.FILE_TRANSFER, describe(), "writing " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PortForward forward(String remoteHost, int remotePort) {
        SafeValues.hostName("remoteHost", remoteHost);
        SafeValues.port("remotePort", remotePort);
        return new PortForward() {
            @Override
            public String localHost() {
                return remoteHost;
            }

            @Override
            public int localPort() {
                return remotePort;
            }

            @Override
            public void close() {
                // a direct address needs no tunnel
            }
        };
    }

    @Override
    public String describe() {
        return "local machine";
    }

    @Override
    public void close() {
        // nothing held open
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private static Thread pump(InputStream from, OutputCollector to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended; what arrived is kept
            }
        }, "local-shell-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
