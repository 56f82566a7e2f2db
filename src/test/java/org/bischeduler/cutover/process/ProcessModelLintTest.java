package org.bischeduler.cutover.process;

import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda Modeler's own checks on every model in {@code processes/}: bpmnlint's recommended
 * rules plus the Camunda Platform 7.24 compatibility rules, with warnings counted as failures.
 */
class ProcessModelLintTest {

    @Test
    void everyModelPassesModelerChecksWithoutWarnings() throws Exception {
        Path lint = Path.of("lint").toAbsolutePath();
        Path bpmnlint = lint.resolve("node_modules/.bin/bpmnlint");
        if (!Files.isExecutable(bpmnlint)) {
            throw new IllegalStateException("bpmnlint is not installed in " + lint + "; run 'npm ci --prefix lint' ("
                    + Programs.INSTALL_HINT + ")");
        }
        List<Path> models;
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            models = files.filter(f -> f.toString().endsWith(".bpmn")).map(Path::toAbsolutePath).toList();
        }
        assertThat(models).isNotEmpty();
        for (Path model : models) {
            Process process = new ProcessBuilder(bpmnlint.toString(), model.toString())
                    .directory(lint.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("bpmnlint on %s:%n%s", model.getFileName(), output).isZero();
            assertThat(output).as("bpmnlint warnings on %s", model.getFileName()).doesNotContain("warning");
        }
    }

}
