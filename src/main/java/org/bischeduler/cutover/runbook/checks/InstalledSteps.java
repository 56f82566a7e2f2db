package org.bischeduler.cutover.runbook.checks;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.shell.CommandResult;
import org.bischeduler.cutover.shell.RemoteCommand;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * On a narrow target the steps run from the copies scripts/prepare-target.sh installed there, so
 * preflight checks that those copies and the runner are this version's, byte for byte: a target
 * prepared by another version would otherwise run other steps than the plan shows.
 */
final class InstalledSteps {

    private InstalledSteps() {
    }

    /** The sha256 of every file a narrow target must hold, by its path under the runner's folder. */
    static Map<String, String> expected() {
        Map<String, String> files = new TreeMap<>();
        try {
            for (Resource script : new PathMatchingResourcePatternResolver().getResources("classpath:/runbook/scripts/*.sh")) {
                String name = script.getFilename().replaceFirst("\\.sh$", "");
                if (!name.equals("common")) {
                    files.put("steps/" + name + ".sh", StepContext.sha256(RemoteScript.load(name).text().getBytes(StandardCharsets.UTF_8)));
                }
            }
            try (InputStream runner = InstalledSteps.class.getResourceAsStream("/runbook/cutover-run")) {
                files.put("bin/cutover-run", StepContext.sha256(runner.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Compares the target's copies with this version's; read as the login user, the files are readable by all. */
    static Finding check(StepContext step, String runner) {
        String folder = runner.replaceFirst("/bin/cutover-run$", "");
        String expectation = "the runner and the steps in " + folder + " are this version's";
        if (folder.equals(runner)) {
            return Finding.failed("installed-steps", expectation, "the runner must be named …/bin/cutover-run, got " + runner);
        }
        CommandResult listed = step.run(RemoteCommand.of(Duration.ofSeconds(30), "sh", "-c",
                "cd \"$1\" && sha256sum -- bin/cutover-run steps/*.sh", "installed-steps", folder));
        Map<String, String> found = new TreeMap<>();
        for (String line : listed.stdout().split("\n")) {
            String[] fields = line.strip().split("\\s+", 2);
            if (fields.length == 2) {
                found.put(fields[1].replaceFirst("^\\*", ""), fields[0]);
            }
        }
        List<String> differences = differences(expected(), found);
        return differences.isEmpty()
                ? Finding.passed("installed-steps", expectation, found.size() + " files, each as this version has it")
                : Finding.failed("installed-steps", expectation, String.join("; ", differences)
                        + ". Prepare the target again: scripts/prepare-target.sh on-target (docs/preparing-a-target.md)");
    }

    static List<String> differences(Map<String, String> expected, Map<String, String> found) {
        List<String> differences = new ArrayList<>();
        expected.forEach((file, sha256) -> {
            if (!found.containsKey(file)) {
                differences.add(file + " is missing");
            } else if (!found.get(file).equals(sha256)) {
                differences.add(file + " differs (sha256 " + found.get(file).substring(0, 12) + "…, this version's "
                        + sha256.substring(0, 12) + "…)");
            }
        });
        found.keySet().stream().filter(file -> !expected.containsKey(file))
                .forEach(file -> differences.add(file + " is not one of this version's steps"));
        return differences;
    }
}
