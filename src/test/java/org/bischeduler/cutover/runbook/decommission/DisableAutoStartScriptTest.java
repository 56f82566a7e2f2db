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
 * the undo enables both units and puts the cron file back byte for byte. The undo reverts only the
 * lines its own run commented, and stops at one that someone changed since.
 */
class DisableAutoStartScriptTest {

    @TempDir
    Path dir;

    @Test
    void everyAutoStartIsRecordedBeforeItIsDisabledAndTheUndoPutsEachBack() throws Exception {
        Path state = dir.resolve("autostart.state");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path units = Files.createDirectories(dir.resolve("units"));
        // a folder of this test's own: the host's crontabs and a sandbox's files may name /opt/scheduler
        String app = dir.resolve("opt/scheduler").toString();
        Files.writeString(units.resolve("legacy-scheduler.service"), "[Service]\nWorkingDirectory=" + app + "\nExecStart=/usr/bin/python3 app.py\n");
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
        String cronBefore = "@reboot www-data cd " + app + " && python3 app.py\n# a comment about " + app + "\n";
        Files.writeString(cron, cronBefore);
        List<String> disable = List.of("scheduler", cron.toString(), app, "#cutover-CHG-1# ", state.toString(), units.toString());

        Map<String, String> first = run(bin, "disable-autostart", disable);
        assertThat(first).containsEntry("unitWasEnabled", "yes").containsEntry("autostarts", "3").containsEntry("state", "disabled")
                .containsValues("unit|scheduler", "unit|legacy-scheduler", "file|" + cron);
        assertThat(Files.readAllLines(dir.resolve("log"))).containsExactlyInAnyOrder("recorded-first scheduler", "recorded-first legacy-scheduler");
        assertThat(dir.resolve("unrelated.enabled")).as("a unit that does not start the old app").exists();
        assertThat(Files.readString(cron)).startsWith("#cutover-CHG-1# @reboot").contains("\n# a comment about " + app + "\n");

        Map<String, String> second = run(bin, "disable-autostart", disable);
        assertThat(second).as("a run again knows what the first found").containsEntry("autostarts", "3")
                .containsEntry("unitWasEnabled", "yes").containsEntry("state", "unchanged");

        assertThat(run(bin, "restore-autostart", List.of(state.toString(), "#cutover-CHG-1# ", app)))
                .containsEntry("state", "restored");
        assertThat(dir.resolve("scheduler.enabled")).exists();
        assertThat(dir.resolve("legacy-scheduler.enabled")).exists();
        assertThat(Files.readString(cron)).isEqualTo(cronBefore);
    }

    @Test
    void theUndoRevertsOnlyItsOwnLinesAndStopsAtALineSomeoneChangedSince() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
        Path cron = dir.resolve("cron");
        String scheduler = dir.resolve("opt/scheduler").toString();
        String timetable = dir.resolve("opt/timetable").toString();
        Files.writeString(cron, "@reboot root cd " + scheduler + " && python3 app.py\n@reboot root cd " + timetable + " && python3 app.py\n");
        Path units = Files.createDirectories(dir.resolve("units"));
        // two cutovers on one host, each of its own app, each with its marker
        run(bin, "disable-autostart", List.of("", cron.toString(), scheduler, "#cutover-A# ", dir.resolve("a.state").toString(), units.toString()));
        run(bin, "disable-autostart", List.of("", cron.toString(), timetable, "#cutover-B# ", dir.resolve("b.state").toString(), units.toString()));
        Files.writeString(cron, Files.readString(cron) + "# a person's note, added since\n");

        run(bin, "restore-autostart", List.of(dir.resolve("b.state").toString(), "#cutover-B# ", timetable));

        assertThat(Files.readString(cron)).as("the first cutover's line stays disabled, the person's note stays")
                .isEqualTo("#cutover-A# @reboot root cd " + scheduler + " && python3 app.py\n@reboot root cd " + timetable
                        + " && python3 app.py\n# a person's note, added since\n");

        Files.writeString(cron, Files.readString(cron).replace("#cutover-A# @reboot root", "#cutover-A# @reboot www-data"));
        String refused = runFailing(bin, "restore-autostart", List.of(dir.resolve("a.state").toString(), "#cutover-A# ", scheduler));
        assertThat(refused).contains("changed since this cutover commented them, so left as they are now: "
                + "#cutover-A# @reboot root cd " + scheduler + " && python3 app.py").contains(cron + " is not restored");
        assertThat(Files.readString(cron)).as("nothing overwritten").contains("#cutover-A# @reboot www-data");
    }

    private String runFailing(Path bin, String script, List<String> arguments) throws Exception {
        Process bash = start(bin, script, arguments);
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isNotZero();
        return output;
    }

    private Process start(Path bin, String script, List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(arguments);
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("export PATH=" + bin + ":$PATH\n" + RemoteScript.load(script).text()).getBytes(StandardCharsets.UTF_8));
        }
        return bash;
    }

    private Map<String, String> run(Path bin, String script, List<String> arguments) throws Exception {
        Process bash = start(bin, script, arguments);
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return RemoteScript.facts(output);
    }
}
