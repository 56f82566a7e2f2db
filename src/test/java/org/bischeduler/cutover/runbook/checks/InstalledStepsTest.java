package org.bischeduler.cutover.runbook.checks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What preflight expects a narrow target to hold, and how it names what differs. */
class InstalledStepsTest {

    @Test
    void everyStepScriptAndTheRunnerAreExpected() throws Exception {
        Map<String, String> expected = InstalledSteps.expected();
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/runbook/scripts"))) {
            assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(Stream.concat(
                    scripts.map(file -> file.getFileName().toString()).filter(name -> !name.equals("common.sh"))
                            .map(name -> "steps/" + name),
                    Stream.of("bin/cutover-run")).toList());
        }
        assertThat(expected.values()).allMatch(sha256 -> sha256.matches("[0-9a-f]{64}"));
    }

    @Test
    void aMissingAChangedAndAStrayFileAreEachNamed() {
        Map<String, String> expected = InstalledSteps.expected();
        Map<String, String> found = new TreeMap<>(expected);
        found.remove("steps/verify.sh");
        found.put("steps/stop-old-service.sh", "0".repeat(64));
        found.put("steps/retired-step.sh", "1".repeat(64));

        assertThat(InstalledSteps.differences(expected, found)).containsExactlyInAnyOrder(
                "steps/stop-old-service.sh differs (sha256 000000000000…, this version's "
                        + expected.get("steps/stop-old-service.sh").substring(0, 12) + "…)",
                "steps/verify.sh is missing",
                "steps/retired-step.sh is not one of this version's steps");
        assertThat(InstalledSteps.differences(expected, expected)).isEmpty();
    }
}
