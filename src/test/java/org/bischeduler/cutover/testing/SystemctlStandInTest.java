package org.bischeduler.cutover.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's systemctl stand-in behaves as systemd documents it, where the runbook depends on
 * it: systemctl(1) for is-active, start, --no-block, stop and show; systemd.service(5) for
 * ExecStartPre=, TimeoutStartSec=, Restart= and RestartSec=; systemd.exec(5) for Environment= and
 * the clean environment of a service; systemd issue 18949 for is-active on an activating unit.
 */
class SystemctlStandInTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    StandInSystemd systemd;

    @BeforeEach
    void install() throws Exception {
        systemd = new StandInSystemd(dir);
    }

    @AfterEach
    void stopUnits() throws Exception {
        systemd.close();
    }

    /** A service that writes its environment to a file and then sleeps, whose start waits while a gate file exists. */
    private void gatedUnit(String name, String extra) throws Exception {
        Files.writeString(dir.resolve("gate"), "closed\n");
        systemd.unit(name, """
                [Service]
                Type=simple
                WorkingDirectory=%1$s
                Environment=GIVEN=to-the-service
                ExecStartPre=/bin/sh -c 'while [ -e %1$s/gate ]; do sleep 0.02; done; echo pre > %1$s/pre-ran'
                ExecStart=/bin/sh -c 'cat %1$s/pre-ran > %1$s/main-saw-pre; env > %1$s/env; exec sleep 600'
                %2$s
                """.formatted(dir, extra));
    }

    @Test
    void aQueuedStartIsActivatingAndIsActiveExitsThreeForIt() throws Exception {
        gatedUnit("app", "");

        assertThat(systemd.systemctl("start", "--no-block", "app").exitCode()).as("--no-block only queues").isZero();

        StandInSystemd.Result active = systemd.systemctl("is-active", "app");
        assertThat(active.output()).isEqualTo("activating");
        assertThat(active.exitCode()).as("systemd issue 18949").isEqualTo(3);
        assertThat(systemd.systemctl("is-active", "--quiet", "app").exitCode()).isEqualTo(3);
        assertThat(systemd.systemctl("show", "-p", "MainPID", "--value", "app").output()).isEqualTo("0");
    }

    @Test
    void execStartPreRunsBeforeExecStartAndTheUnitIsActiveOnceExecStartRuns() throws Exception {
        gatedUnit("app", "");
        systemd.systemctl("start", "--no-block", "app");
        Files.delete(dir.resolve("gate"));

        assertThat(StandInSystemd.await(() -> systemd.state("app"), "active"::equals, SOON)).isEqualTo("active");
        assertThat(systemd.systemctl("is-active", "app").exitCode()).isZero();
        StandInSystemd.await(() -> Files.exists(dir.resolve("main-saw-pre")), Boolean::booleanValue, SOON);
        assertThat(Files.readString(dir.resolve("main-saw-pre"))).isEqualTo("pre\n");
        String mainPid = systemd.systemctl("show", "-p", "MainPID", "--value", "app").output();
        assertThat(Files.readString(Path.of("/proc/" + mainPid + "/cmdline"))).contains("sleep");
    }

    @Test
    void stopCancelsAQueuedStartSoTheServiceNeverRuns() throws Exception {
        gatedUnit("app", "");
        systemd.systemctl("start", "--no-block", "app");

        assertThat(systemd.systemctl("stop", "app").exitCode()).isZero();
        assertThat(systemd.state("app")).isEqualTo("inactive");
        Files.delete(dir.resolve("gate"));
        Thread.sleep(500);

        assertThat(dir.resolve("pre-ran")).as("the cancelled start's pre-step went no further").doesNotExist();
        assertThat(systemd.state("app")).isEqualTo("inactive");
    }

    @Test
    void aBlockingStartWaitsForItsPreStepAndFailsWhenTimeoutStartSecPasses() throws Exception {
        gatedUnit("app", "TimeoutStartSec=1");
        long started = System.nanoTime();

        StandInSystemd.Result start = systemd.systemctl("start", "app");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(start.exitCode()).isNotZero();
        assertThat(start.output()).contains("Job for app.service failed");
        assertThat(systemd.state("app")).isEqualTo("failed");
    }

    @Test
    void restartAlwaysStartsTheServiceAgainAfterRestartSecThroughActivating() throws Exception {
        gatedUnit("app", "Restart=always\nRestartSec=1");
        Files.delete(dir.resolve("gate"));
        assertThat(systemd.systemctl("start", "app").exitCode()).isZero();
        String first = systemd.systemctl("show", "-p", "MainPID", "--value", "app").output();

        new ProcessBuilder("kill", "-9", first).start().waitFor();

        assertThat(StandInSystemd.await(() -> systemd.state("app"), "activating"::equals, SOON))
                .as("waiting to restart").isEqualTo("activating");
        assertThat(systemd.systemctl("is-active", "app").exitCode()).isEqualTo(3);
        StandInSystemd.await(() -> systemd.state("app"), "active"::equals, SOON);
        assertThat(systemd.systemctl("show", "-p", "MainPID", "--value", "app").output()).isNotEqualTo(first).isNotEqualTo("0");
    }

    @Test
    void theServiceGetsItsEnvironmentLinesAndNothingOfTheCallers() throws Exception {
        gatedUnit("app", "");
        Files.delete(dir.resolve("gate"));
        ProcessBuilder caller = new ProcessBuilder(systemd.bin().resolve("systemctl").toString(), "start", "app");
        caller.environment().put("FLASK_PORT", "from-the-callers-shell");
        assertThat(caller.start().waitFor()).isZero();

        String env = StandInSystemd.await(() -> read(dir.resolve("env")), text -> text.contains("GIVEN"), SOON);
        assertThat(env).contains("GIVEN=to-the-service").doesNotContain("FLASK_PORT").contains("PATH=/usr/local/sbin");
    }

    @Test
    void aStoppedServiceIsGoneAndIsActiveSaysInactive() throws Exception {
        gatedUnit("app", "Restart=always");
        Files.delete(dir.resolve("gate"));
        systemd.systemctl("start", "app");
        String main = systemd.systemctl("show", "-p", "MainPID", "--value", "app").output();

        assertThat(systemd.systemctl("stop", "app").exitCode()).isZero();

        assertThat(Path.of("/proc/" + main)).doesNotExist();
        StandInSystemd.Result state = systemd.systemctl("is-active", "app");
        assertThat(state.output()).isEqualTo("inactive");
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(systemd.systemctl("show", "-p", "MainPID", "--value", "app").output()).isEqualTo("0");
    }

    /** systemd.unit(5)'s load path, and systemd.kill(5): stop ends every process of the service's control group. */
    @Test
    void aUnitInLibIsLoadedAndEnabledFromThereAndStopEndsWhatDetachedFromIt() throws Exception {
        Files.createDirectories(systemd.path("lib/systemd/system"));
        Path file = systemd.path("lib/systemd/system/packaged.service");
        Files.writeString(file, """
                [Service]
                WorkingDirectory=%1$s
                ExecStart=/bin/sh -c 'setsid sleep 303 & echo $! > %1$s/detached; exec sleep 600'
                """.formatted(dir));

        assertThat(systemd.systemctl("enable", "--now", "packaged").exitCode()).isZero();
        assertThat(Files.readSymbolicLink(systemd.path("etc/systemd/system/multi-user.target.wants/packaged.service"))).isEqualTo(file);
        String main = systemd.systemctl("show", "-p", "MainPID", "--value", "packaged").output();
        String detached = StandInSystemd.await(() -> read(dir.resolve("detached")).strip(), pid -> !pid.isEmpty(), SOON);
        for (String pid : List.of(main, detached)) {
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")))
                    .anyMatch(line -> line.startsWith("0::") && line.endsWith("/system.slice/packaged.service"));
        }
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + main + "/cwd"))).isEqualTo(dir);

        assertThat(systemd.systemctl("stop", "packaged").exitCode()).isZero();

        assertThat(StandInSystemd.running(main)).isFalse();
        assertThat(StandInSystemd.running(detached)).as("in its own session, yet in the service's group").isFalse();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
