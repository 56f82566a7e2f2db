package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * disable-autostart.sh run by bash against a systemctl that records when it was asked to disable:
 * what the script found is on disk before anything changes, so a second run after a crash acts on
 * what the first one found, and the undo re-enables the unit.
 */
class DisableAutoStartScriptTest {

    @TempDir
    Path dir;

    @Test
    void theStateIsRecordedBeforeTheUnitIsDisabledAndASecondRunKeepsWhatTheFirstFound() throws Exception {
        Path state = dir.resolve("autostart.state");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/bash
                # enabled until disabled; notes whether the state file existed when disable came
                case "$1" in
                  is-enabled) [ ! -e "%1$s/disabled" ] ;;
                  disable) [ -f "%2$s" ] && echo recorded-first >> "%1$s/log"; touch "%1$s/disabled" ;;
                esac
                """.formatted(dir, state));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
        Path cron = dir.resolve("cron");
        Files.writeString(cron, "@reboot www-data cd /opt/scheduler && python3 app.py\n# a comment about /opt/scheduler\n");

        Map<String, String> first = run(bin, cron, state);
        assertThat(first).containsEntry("unitWasEnabled", "yes").containsEntry("cronLinesDisabled", "1")
                .containsEntry("state", "disabled");
        assertThat(Files.readString(dir.resolve("log"))).isEqualTo("recorded-first\n");
        assertThat(Files.readString(cron)).startsWith("#cutover-CHG-1# @reboot").contains("\n# a comment about /opt/scheduler\n");

        Map<String, String> second = run(bin, cron, state);
        assertThat(second).as("a run again after the unit was disabled still knows it was enabled")
                .containsEntry("unitWasEnabled", "yes").containsEntry("state", "unchanged");
    }

    private Map<String, String> run(Path bin, Path cron, Path state) throws Exception {
        Process bash = new ProcessBuilder("bash", "-s", "--", "scheduler", cron.toString(), "/opt/scheduler", "#cutover-CHG-1# ",
                state.toString()).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("export PATH=" + bin + ":$PATH\n" + RemoteScript.load("disable-autostart").text())
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return RemoteScript.facts(output);
    }
}
