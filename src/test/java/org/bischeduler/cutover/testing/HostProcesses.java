package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What runs on this machine, read from /proc: the host's own account, not the product's report. */
public final class HostProcesses {

    private HostProcesses() {
    }

    /**
     * What runs from these folders, read from the host's /proc (not from the product's report): each
     * process whose working directory or executable lies in one, or whose command line names one.
     */
    public static List<String> runningFrom(Path... folders) throws IOException {
        List<String> found = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path proc : entries.filter(entry -> entry.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    List<String> places = new ArrayList<>(List.of(cmdline));
                    for (String link : List.of("cwd", "exe")) {
                        try {
                            places.add(Files.readSymbolicLink(proc.resolve(link)).toString() + "/");
                        } catch (IOException unreadable) {
                            // a kernel thread has neither
                        }
                    }
                    for (Path folder : folders) {
                        if (places.stream().anyMatch(place -> place.contains(folder + "/"))) {
                            found.add(proc.getFileName() + " " + cmdline.strip());
                            break;
                        }
                    }
                } catch (IOException ended) {
                    // the process ended while it was read
                }
            }
        }
        return found;
    }
}
