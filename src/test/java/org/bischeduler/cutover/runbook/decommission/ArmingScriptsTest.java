package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.StandInSystemd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * arm-new-service.sh, disarm-new-service.sh and stop-new-service.sh against the sandbox's
 * systemctl stand-in, which answers as systemd does: an armed unit (its ExecStartPre waiting) is
 * "activating" and {@code is-active} exits 3 for it (systemd issue 18949); a unit waiting to
 * restart is "activating" too; {@code stop} cancels the queued start.
 */
class ArmingScriptsTest {

    @TempDir
    Path dir;
    StandInSystemd systemd;

    @BeforeEach
    void unit() throws Exception {
        systemd = new StandInSystemd(dir);
        Files.writeString(dir.resolve("port-held"), "the old app\n");
        systemd.unit("bischeduler", """
                [Service]
                ExecStartPre=/bin/sh -c 'while [ -e %1$s/port-held ]; do sleep 0.02; done'
                ExecStart=/bin/sh -c 'echo started >> %1$s/started; exec sleep 600'
                Restart=always
                RestartSec=3
                """.formatted(dir));
    }

    @AfterEach
    void stop() throws Exception {
        systemd.close();
    }

    @Test
    void anArmedUnitIsActivatingIsNotArmedTwiceAndDisarmingCancelsItsStartForGood() throws Exception {
        assertThat(run("arm-new-service")).containsEntry("state", "armed");
        assertThat(systemd.state("bischeduler")).isEqualTo("activating");
        assertThat(run("arm-new-service")).as("already armed (activating)").containsEntry("state", "unchanged");

        assertThat(run("disarm-new-service")).containsEntry("was", "activating").containsEntry("state", "stopped");
        assertThat(run("disarm-new-service")).as("nothing left to stop").containsEntry("state", "unchanged");

        // the old app exits later: the cancelled start must not take its port
        Files.delete(dir.resolve("port-held"));
        Thread.sleep(500);
        assertThat(dir.resolve("started")).doesNotExist();
        assertThat(systemd.state("bischeduler")).isEqualTo("inactive");
    }

    @Test
    void stoppingTheNewServiceWhileItWaitsToRestartLeavesItStopped() throws Exception {
        Files.delete(dir.resolve("port-held"));
        assertThat(systemd.systemctl("start", "bischeduler").exitCode()).isZero();
        String main = systemd.systemctl("show", "-p", "MainPID", "--value", "bischeduler").output();
        new ProcessBuilder("kill", "-9", main).start().waitFor();
        StandInSystemd.await(() -> systemd.state("bischeduler"), "activating"::equals, java.time.Duration.ofSeconds(5));

        // (no old service stopped by this run: nothing to hand the port back to)
        assertThat(run("stop-new-service", "bischeduler", "1", "5", dir.resolve("users-probe.log").toString(), "http://127.0.0.1:1/scheduler/", "20",
                dir.resolve("old-service.state").toString(), dir.resolve("old-service.environ").toString(), "1", "5",
                dir.resolve("old-restart.log").toString(), dir.resolve("bischeduler").toString()))
                .containsEntry("state", "stopped");
        Programs.endGroupIn(dir.resolve("users-probe.log.pid"));

        Thread.sleep(3500);
        assertThat(systemd.state("bischeduler")).as("no restart after the stop").isEqualTo("inactive");
        assertThat(Files.readAllLines(dir.resolve("started"))).hasSize(1);
    }

    private Map<String, String> run(String script, String... arguments) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", "-s", "--"));
        command.addAll(arguments.length == 0 ? java.util.List.of("bischeduler") : java.util.List.of(arguments));
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("export PATH=" + systemd.bin() + ":$PATH\n" + RemoteScript.load(script).text()).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return RemoteScript.facts(output);
    }
}
