package org.bischeduler.cutover.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox leaves the machine as it found it: each sandbox's sudo rule (for its runner alone) goes
 * with it, the shared login stays while one sandbox is up; when the last goes down, nothing of them
 * is left: no sudoers file, no
 * user, no home, no crontab line, no process, no control group.
 */
class SandboxTeardownIT {

    private static final Path REGISTRY = Path.of("/run/cutover-sandboxes");

    @TempDir
    Path root;

    @Test
    void theLastSandboxDownTakesTheLoginItsSudoRuleAndTheOldAppsUserWithIt() throws Exception {
        // the end-to-end class runs beside the others and takes its sandboxes down when it ends: wait for that
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        while (!others().isEmpty() && System.nanoTime() < deadline) {
            Programs.sleep(500);
        }
        assertThat(others()).as("sandboxes that something else left up (bring them down with scripts/sandbox.sh down DIR)").isEmpty();
        // a user's own service and a user's crontab: the old app's user gets a home and a crontab
        Sandbox first = Sandbox.up(root.resolve("first"), "--user-unit", "--user-crontab");
        Sandbox second = Sandbox.up(root.resolve("second"));
        assertThat(sh("id -u cutover-oldapp && crontab -l -u cutover-oldapp")).contains(first.dir().toString());

        assertThat(sudoRules(first.dir())).as("each sandbox's own rule, for its runner alone").hasSize(1)
                .allMatch(rule -> rule.endsWith("NOPASSWD: " + first.path("cutover/bin/cutover-run") + "\n"));
        first.close();
        assertThat(sudoRules(first.dir())).as("its rule goes with it").isEmpty();
        assertThat(sudoRules(second.dir())).as("the other sandbox still logs in with its own").hasSize(1);
        assertThat(second.status(second.baseUrl() + "/scheduler/")).isEqualTo(200);

        // a sandbox another build is still making: listed, its folder there, its sandbox.env not written yet
        Path building = Files.createDirectories(root.resolve("building"));
        Path entry = REGISTRY.resolve("test-building-" + ProcessHandle.current().pid());
        Files.writeString(entry, building + "\n");
        second.close();
        assertThat(sh("id -u cutover-sandbox")).as("the sandbox being built still needs its login").containsPattern("^\\d+");

        // its folder gone without a down (a killed build): it no longer counts
        Files.delete(building);
        Sandbox.up(root.resolve("third")).close();
        assertThat(entry).doesNotExist();
        assertThat(sh("ls /etc/sudoers.d | grep cutover-sandbox; true")).as("no sudo rule left").isBlank();
        assertThat(sh("id -u cutover-sandbox; id -u cutover-oldapp; true")).as("no user left").doesNotContainPattern("(?m)^\\d+$");
        assertThat(Path.of("/var/lib/cutover-sandbox")).doesNotExist();
        assertThat(Path.of("/home/cutover-oldapp")).doesNotExist();
        assertThat(sh("crontab -l -u root 2>/dev/null; true")).doesNotContain(root.toString());
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(command -> command.contains(root.toString()) && !command.contains("sandbox.sh")).toList())
                .as("no process of the sandboxes").isEmpty();
        assertThat(sh("ls /sys/fs/cgroup/unified /sys/fs/cgroup 2>/dev/null | grep cutover-sandbox; true")).as("no control group").isBlank();
        assertThat(REGISTRY).doesNotExist();
    }

    /** The sudo rules that name the sandbox's folder. */
    private static List<String> sudoRules(Path sandbox) throws Exception {
        try (var rules = Files.list(Path.of("/etc/sudoers.d"))) {
            return rules.map(rule -> {
                try {
                    return Files.readString(rule);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(rule -> rule.contains(sandbox + "/")).toList();
        }
    }

    private static List<String> others() throws Exception {
        if (!Files.isDirectory(REGISTRY)) {
            return List.of();
        }
        try (var entries = Files.list(REGISTRY)) {
            return entries.map(entry -> {
                try {
                    return Files.readString(entry).strip();
                } catch (java.io.IOException e) {
                    return entry.toString();
                }
            }).filter(dir -> Files.isDirectory(Path.of(dir))).toList();
        }
    }

    private static String sh(String command) {
        return Programs.run(List.of("bash", "-c", command));
    }
}
