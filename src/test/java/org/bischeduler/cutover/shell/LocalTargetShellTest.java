package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same seam on the machine the app runs on. */
class LocalTargetShellTest {

    @TempDir
    Path dir;

    private final LocalTargetShell shell = new LocalTargetShell(1024);

    @Test
    void commandReportsOutputExitCodeAndCapsOutput() {
        CommandResult result = shell.run(RemoteCommand.of(Duration.ofSeconds(10), "sh", "-c",
                "echo err >&2; head -c 5000 /dev/zero | tr '\\0' b; exit 4"));

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.stdout()).hasSize(1024);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void argumentsArePassedLiterally() {
        Path marker = dir.resolve("marker");
        String payload = "'; touch " + marker + "; '$(touch " + marker + ")";

        assertThat(shell.run(RemoteCommand.of(Duration.ofSeconds(10), "printf", "%s", payload)).stdout()).isEqualTo(payload);
        assertThat(marker).doesNotExist();
    }

    @Test
    void commandThatOutlivesItsTimeoutIsKilled() {
        CommandResult result = shell.run(RemoteCommand.of(Duration.ofMillis(500), "sleep", "3003"));

        assertThat(result.timedOut()).isTrue();
        Programs.sleep(500);
        assertThat(Programs.run(List.of("ps", "-eo", "args"))).doesNotContain("sleep 3003");
    }

    @Test
    void writeReplacesTheFileKeepingItsModeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("app.env");
        Files.writeString(file, "A=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        shell.writeFile(file.toString(), "A=2\n".getBytes(StandardCharsets.UTF_8), 0644);

        assertThat(shell.readFile(file.toString())).contains("A=2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
        assertThat(shell.readFile(dir.resolve("absent").toString())).isEmpty();
    }
}
