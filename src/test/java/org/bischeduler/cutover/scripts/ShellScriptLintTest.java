package org.bischeduler.cutover.scripts;

import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's shellcheck, at its strictest level, on every shell script of the project: the runbook's
 * scripts that run on targets (bash, fed with common.sh), the sandbox and its systemctl stand-in,
 * the install, demo and benchmark scripts, the compose images' entry points and CI's entry.
 */
class ShellScriptLintTest {

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        Path shellcheck = Programs.require("shellcheck", "/usr/bin/shellcheck");
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> runbook = Files.list(Path.of("src/main/resources/runbook/scripts"))) {
            runbook.filter(file -> file.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        scripts.add(Path.of("src/main/resources/runbook/cutover-run"));
        for (String folder : List.of("scripts", "scripts/sandbox", "bench", "docker/demo-target", "docker/engine-db", ".ci")) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                files.filter(Files::isRegularFile).filter(ShellScriptLintTest::isShellScript).sorted().forEach(scripts::add);
            }
        }
        assertThat(scripts).hasSizeGreaterThan(25);

        List<String> argv = new ArrayList<>(List.of(shellcheck.toString(), "--shell=bash", "--severity=style", "--format=gcc"));
        scripts.forEach(script -> argv.add(script.toString()));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(output).as("shellcheck findings").isEmpty();
        assertThat(process.exitValue()).isZero();
    }

    private static boolean isShellScript(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            return first.startsWith("#!") && (first.endsWith("bash") || first.endsWith("/sh"));
        } catch (IOException | java.io.UncheckedIOException binary) {
            return false;
        }
    }
}
