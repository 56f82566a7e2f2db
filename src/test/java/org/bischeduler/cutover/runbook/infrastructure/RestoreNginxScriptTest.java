package org.bischeduler.cutover.runbook.infrastructure;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * restore-nginx.sh puts the old site back only over what the switch wrote, and not while nothing
 * answers on the app's port: the old site has no maintenance page, so users would get 502 where the
 * switched site tells them the service is being worked on.
 */
class RestoreNginxScriptTest {

    private static final String SWITCHED = "location /bischeduler/ { }\nlocation /scheduler/ { rewrite ^/scheduler/(.*)$ /bischeduler/$1 redirect; }\n";

    @TempDir
    Path dir;

    @Test
    void theSwitchedSiteStaysWhileNothingAnswersOnThePortAndTheUndoSaysWhy() throws Exception {
        Path live = Files.writeString(dir.resolve("site"), SWITCHED);
        int nothingListens = Programs.freePort();

        Result undo = restore(live, nothingListens);

        assertThat(undo.exit()).isNotZero();
        assertThat(undo.output()).contains("nothing answers on port " + nothingListens).contains("maintenance page");
        assertThat(Files.readString(live)).isEqualTo(SWITCHED);
    }

    @Test
    void theRedirectMadePermanentStillCountsAsWhatTheSwitchWrote() throws Exception {
        Path live = Files.writeString(dir.resolve("site"), SWITCHED.replace(" redirect;", " permanent;"));
        int nothingListens = Programs.freePort();

        Result undo = restore(live, nothingListens);

        assertThat(undo.output()).as("it got past the check to the port").contains("nothing answers on port " + nothingListens)
                .doesNotContain("changed since the switch");
    }

    @Test
    void aSiteSomeoneChangedSinceTheSwitchIsNotOverwrittenAndTheUndoShowsTheChange() throws Exception {
        String edited = SWITCHED + "location /reports/ { proxy_pass http://127.0.0.1:7000/; }\n";
        Path live = Files.writeString(dir.resolve("site"), edited);

        Result undo = restore(live, Programs.freePort());

        assertThat(undo.exit()).isNotZero();
        assertThat(undo.output()).contains("changed since the switch").contains("+location /reports/ { proxy_pass http://127.0.0.1:7000/; }")
                .contains("does not overwrite it");
        assertThat(Files.readString(live)).isEqualTo(edited);
    }

    private record Result(int exit, String output) {
    }

    private Path probeLog() {
        return dir.resolve("users-probe.log");
    }

    /** The undo started the rollback's prober on the host (here, this machine): it is ended as the rollback check would. */
    @AfterEach
    void endTheProber() {
        Programs.endGroupIn(dir.resolve("users-probe.log.pid"));
    }

    /** Runs the undo with the backup of the old site and the switch's two staged files beside the live one. */
    private Result restore(Path live, int port) throws Exception {
        Path backup = Files.writeString(dir.resolve("site.backup"), "location /scheduler/ { } # as it was\n");
        Path staged = Files.writeString(dir.resolve("site.staged"), SWITCHED);
        Path bridge = Files.writeString(dir.resolve("site.bridge"), "location /bischeduler/ { }\nlocation /scheduler/ { }\n");
        Process bash = new ProcessBuilder("bash", "-s", "--", live.toString(), backup.toString(), dir.resolve("nginx.conf").toString(),
                String.valueOf(port), staged.toString(), bridge.toString(), probeLog().toString(), "http://127.0.0.1:" + port + "/scheduler/", "20")
                .redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(RemoteScript.load("restore-nginx").text().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(bash.exitValue(), output);
    }
}
