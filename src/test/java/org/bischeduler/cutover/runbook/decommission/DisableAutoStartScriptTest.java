package org.bischeduler.cutover.runbook.decommission;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * disable-autostart.sh and restore-autostart.sh run by bash against a systemctl that keeps each
 * unit's enablement in a file and notes whether the state file existed when disable came: what the
 * script found (the configured unit, another unit that starts the old app, the cron file's line) is
 * on disk before anything changes, a second run after a crash acts on what the first one found, and
 * the undo enables both units and puts the cron file back byte for byte.
 */
class DisableAutoStartScriptTest {

    @TempDir
    Path dir;

    @Test
    void everyAutoStartIsRecordedBeforeItIsDisabledAndTheUndoPutsEachBack() throws Exception {
        Path state = dir.resolve("autostart.state");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path units = Files.createDirectories(dir.resolve("units"));
        Files.writeString(units.resolve("legacy-scheduler.service"), "[Service]\nWorkingDirectory=/opt/scheduler\nExecStart=/usr/bin/python3 app.py\n");
        Files.writeString(units.resolve("unrelated.service"), "[Service]\nExecStart=/usr/bin/other\n");
        for (String unit : List.of("scheduler", "legacy-scheduler", "unrelated")) {
            Files.writeString(dir.resolve(unit + ".enabled"), "");
        }
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/bash
                # a unit is enabled while its .enabled file exists; disable notes whether the state file was there first
                for a in "$@"; do case "$a" in --*) ;; *) u=$a ;; esac; done
                case "$1" in
                  is-enabled) [ -e "%1$s/$u.enabled" ] ;;
                  disable) [ -f "%2$s" ] && echo "recorded-first $u" >> "%1$s/log"; rm -f "%1$s/$u.enabled" ;;
                  enable) touch "%1$s/$u.enabled" ;;
                esac
                """.formatted(dir, state));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
        Path cron = dir.resolve("cron");
        String cronBefore = "@reboot www-data cd /opt/scheduler && python3 app.py\n# a comment about /opt/scheduler\n";
        Files.writeString(cron, cronBefore);
        List<String> disable = List.of("scheduler", cron.toString(), "/opt/scheduler", "#cutover-CHG-1# ", state.toString(), units.toString());

        Map<String, String> first = run(bin, "disable-autostart", disable);
        assertThat(first).containsEntry("unitWasEnabled", "yes").containsEntry("autostarts", "3").containsEntry("state", "disabled")
                .containsValues("unit|scheduler", "unit|legacy-scheduler", "file|" + cron);
        assertThat(Files.readAllLines(dir.resolve("log"))).containsExactlyInAnyOrder("recorded-first scheduler", "recorded-first legacy-scheduler");
        assertThat(dir.resolve("unrelated.enabled")).as("a unit that does not start the old app").exists();
        assertThat(Files.readString(cron)).startsWith("#cutover-CHG-1# @reboot").contains("\n# a comment about /opt/scheduler\n");

        Map<String, String> second = run(bin, "disable-autostart", disable);
        assertThat(second).as("a run again knows what the first found").containsEntry("autostarts", "3")
                .containsEntry("unitWasEnabled", "yes").containsEntry("state", "unchanged");

        assertThat(run(bin, "restore-autostart", List.of(state.toString())))
                .containsEntry("state", "restored");
        assertThat(dir.resolve("scheduler.enabled")).exists();
        assertThat(dir.resolve("legacy-scheduler.enabled")).exists();
        assertThat(Files.readString(cron)).isEqualTo(cronBefore);
    }

    private Map<String, String> run(Path bin, String script, List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(arguments);
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("export PATH=" + bin + ":$PATH\n" + RemoteScript.load(script).text()).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return RemoteScript.facts(output);
    }
}
