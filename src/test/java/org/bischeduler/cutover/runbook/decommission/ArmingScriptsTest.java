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
 * arm-new-service.sh and disarm-new-service.sh against a systemctl that answers as systemd does
 * for an armed unit: {@code is-active} prints "activating" and exits 3 (systemd issue 18949), and
 * {@code stop} cancels the queued start.
 */
class ArmingScriptsTest {

    @TempDir
    Path dir;

    @Test
    void anArmedUnitThatIsActivatingIsDisarmedAndNotArmedTwice() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/bash
                # the unit's state lives in a file: activating while armed, inactive once stopped
                state="%1$s/state"
                case "$1" in
                  is-active) s=$(cat "$state"); [ "$2" = --quiet ] || echo "$s"; [ "$s" = active ] ;;
                  start) echo start >> "%1$s/log"; echo activating > "$state" ;;
                  stop) echo stop >> "%1$s/log"; echo inactive > "$state" ;;
                esac
                """.formatted(dir));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("state"), "inactive\n");

        assertThat(run(bin, "arm-new-service")).containsEntry("state", "armed");
        assertThat(run(bin, "arm-new-service")).as("already armed (activating)").containsEntry("state", "unchanged");
        assertThat(run(bin, "disarm-new-service")).containsEntry("was", "activating").containsEntry("state", "stopped");
        assertThat(run(bin, "disarm-new-service")).as("nothing left to stop").containsEntry("state", "unchanged");
        assertThat(Files.readString(dir.resolve("log"))).isEqualTo("start\nstop\n");
    }

    private Map<String, String> run(Path bin, String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-s", "--", "bischeduler").redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(("export PATH=" + bin + ":$PATH\n" + RemoteScript.load(script).text()).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return RemoteScript.facts(output);
    }
}
