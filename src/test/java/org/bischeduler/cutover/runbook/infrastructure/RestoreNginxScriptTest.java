package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * restore-nginx.sh does not put the old site back while nothing answers on the app's port: the old
 * site has no maintenance page, so users would get 502 where the switched site tells them the
 * service is being worked on.
 */
class RestoreNginxScriptTest {

    @TempDir
    Path dir;

    @Test
    void theSwitchedSiteStaysWhileNothingAnswersOnThePortAndTheUndoSaysWhy() throws Exception {
        Path live = Files.writeString(dir.resolve("site"), "location /bischeduler/ { } # switched\n");
        Path backup = Files.writeString(dir.resolve("site.backup"), "location /scheduler/ { } # as it was\n");
        int nothingListens = Programs.freePort();

        Process bash = new ProcessBuilder("bash", "-s", "--", live.toString(), backup.toString(), dir.resolve("nginx.conf").toString(),
                String.valueOf(nothingListens)).redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(RemoteScript.load("restore-nginx").text().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(bash.exitValue()).isNotZero();
        assertThat(output).contains("nothing answers on port " + nothingListens).contains("maintenance page");
        assertThat(Files.readString(live)).contains("# switched");
    }
}
