package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.testing.StandInSystemd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * common.sh finds what keeps an old app alive by what it is, not by its name: a respawn loop in a
 * script started through its #! line (which the kernel names after the script), a loop given to
 * {@code sh -c}, a loop in Python; and it lists every process still running from a folder.
 */
class KeeperScriptTest {

    private final List<Process> started = new ArrayList<>();
    private Path app;

    @AfterEach
    void stopEverything() throws Exception {
        // the loops start new children: kill the whole session each of them leads
        for (Process loop : started) {
            new ProcessBuilder("pkill", "-KILL", "-s", String.valueOf(loop.pid())).start().waitFor();
        }
    }

    @Test
    void aRespawnLoopInAnExecutableScriptIsALauncherAndRunsFromTheFolder() throws Exception {
        app = Files.createTempDirectory("old-app-");
        Path script = app.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nwhile :; do sleep 300; sleep 1; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        long loop = start(app, "setsid", "./run.sh");
        long child = childOf(loop);

        assertThat(bash("cat /proc/" + loop + "/comm")).as("the kernel's name for it").isEqualTo("run.sh");
        assertThat(bash("launchers " + child)).as("the loop above the app").isEqualTo(String.valueOf(loop));
        assertThat(bash("processes_in " + app).lines().map(line -> line.split(" ")[0]))
                .containsExactlyInAnyOrder(String.valueOf(loop), String.valueOf(child));
    }

    @Test
    void aShellStringAndAPythonLoopAreLaunchersTooAndAnAppAloneHasNone() throws Exception {
        app = Files.createTempDirectory("old-app-");
        long shell = start(app, "setsid", "sh", "-c", "while :; do sleep 300; done");
        long python = start(app, "setsid", "/usr/bin/python3", "-c", "import subprocess\nwhile True: subprocess.call(['sleep', '300'])");
        long alone = start(app, "setsid", "sleep", "300");

        assertThat(bash("launchers " + childOf(shell))).isEqualTo(String.valueOf(shell));
        assertThat(bash("launchers " + childOf(python))).isEqualTo(String.valueOf(python));
        assertThat(bash("launchers " + alone)).isEmpty();
        assertThat(bash("processes_in " + app).lines()).hasSize(5)
                .anyMatch(line -> line.startsWith(alone + " ") && line.endsWith("sleep 300"));
    }

    @Test
    void aFolderNothingRunsFromListsNothingThoughThisScriptNamesIt() throws Exception {
        app = Files.createTempDirectory("old-app-");
        start(Path.of("/"), "setsid", "sleep", "300");

        assertThat(bash("processes_in " + app)).isEmpty();
    }

    @Test
    void aProcessThatEndsWhileTheListIsMadeIsLeftOut() throws Exception {
        app = Files.createTempDirectory("old-app-");
        long gone = start(app, "setsid", "sleep", "300");
        // a ps that ends the process first, as a request the old app forked ends between two looks at /proc
        Path shims = Files.createTempDirectory("shims-");
        Path ps = shims.resolve("ps");
        Files.writeString(ps, "#!/bin/sh\ncase \" $* \" in *\" -p " + gone + " \"*) kill -9 " + gone
                + "; while [ -n \"$(/usr/bin/ps -o pid= -p " + gone + ")\" ]; do sleep 0.05; done ;; esac\nexec /usr/bin/ps \"$@\"\n");
        Files.setPosixFilePermissions(ps, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(bash("PATH=" + shims + ":$PATH processes_in " + app)).isEmpty();
    }

    @Test
    void aControlGroupNamesTheServiceThatRunsAProcessWhereverItLies() throws Exception {
        assertThat(bash("""
                for p in /system.slice/scheduler.service /docker/4f2a/system.slice/legacy.service \\
                    /user.slice/user-1000.slice/user@1000.service/app.slice/sched.service \\
                    /user.slice/user-1000.slice/user@1000.service /user.slice/user-1000.slice/session-4.scope \\
                    /system.slice/user-runtime-dir@1000.service /init.scope /; do
                  printf '%s=%s;' "$p" "$(cgroup_unit "$p")"
                done""")).isEqualTo("/system.slice/scheduler.service=system|scheduler;"
                + "/docker/4f2a/system.slice/legacy.service=system|legacy;"
                + "/user.slice/user-1000.slice/user@1000.service/app.slice/sched.service=user|1000|sched;"
                + "/user.slice/user-1000.slice/user@1000.service=;/user.slice/user-1000.slice/session-4.scope=;"
                + "/system.slice/user-runtime-dir@1000.service=;/init.scope=;/=;");
    }

    /** systemd's stand-in puts each service in a real control group, as systemd does. */
    @Test
    void aServiceRunningTheAppKeepsItButOneThatOnlyStartedItDoesNot() throws Exception {
        app = Files.createTempDirectory("old-app-");
        try (StandInSystemd systemd = new StandInSystemd(Files.createTempDirectory("systemd-"))) {
            // installed by a package, in /lib; its main process is the loop that keeps the app
            Files.createDirectories(systemd.path("lib/systemd/system"));
            Files.writeString(systemd.path("lib/systemd/system/legacy.service"),
                    "[Service]\nWorkingDirectory=" + app + "\nExecStart=/bin/sh -c 'while :; do sleep 301; done'\n");
            // a daemon that is not an interpreter (as cron is) started a loop that runs the app
            systemd.unit("starter", "[Service]\nWorkingDirectory=" + app + "\nExecStart=/usr/bin/timeout 600 sh -c 'sleep 302'\n");
            assertThat(systemd.systemctl("start", "legacy", "starter").exitCode()).isZero();
            String path = "PATH=" + systemd.bin() + ":$PATH ";
            long kept = pidOf("sleep 301");
            long started = pidOf("sleep 302");

            assertThat(bash(path + "unit_of " + kept)).isEqualTo("system|legacy");
            assertThat(bash(path + "keeping_unit " + kept)).isEqualTo("system legacy");
            assertThat(bash(path + "unit_of " + started)).isEqualTo("system|starter");
            assertThat(bash(path + "keeping_unit " + started)).as("its service only started it").isEmpty();
            assertThat(bash(path + "launchers " + started)).as("the loop, within the service's group")
                    .isEqualTo(bash("ps -o ppid= -p " + started).strip());
        }
    }

    /** The newest process whose command line is exactly this, once it runs. */
    private static long pidOf(String commandLine) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            String pid = bash("pgrep -n -x -f '" + commandLine + "' || true");
            if (!pid.isBlank()) {
                return Long.parseLong(pid);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing runs " + commandLine);
    }

    private long start(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        started.add(process);
        return process.pid();
    }

    /** The {@code sleep} the loop started (the app it keeps alive), once it runs. */
    private static long childOf(long pid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            String sleeping = bash("ps -o pid=,comm= --ppid " + pid + " | awk '$2 == \"sleep\" { print $1; exit }'");
            if (!sleeping.isBlank()) {
                return Long.parseLong(sleeping);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pid " + pid + " started no sleep");
    }

    private static String bash(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-s").redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write((RemoteScript.load("check-workspace").text().split("# ---- ")[0] + script + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }
}
