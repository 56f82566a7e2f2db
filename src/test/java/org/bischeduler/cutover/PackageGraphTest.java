package org.bischeduler.cutover;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The feature packages import each other without a cycle, and the secret and validation types sit at the bottom. */
class PackageGraphTest {

    private static final Path SOURCES = Path.of("src/main/java/org/bischeduler/cutover");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.bischeduler\\.cutover\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void packagesImportEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertThat(imports).containsKeys("runbook", "run", "shell", "values", "config", "access", "audit");
        List<String> cycles = new ArrayList<>();
        for (String start : imports.keySet()) {
            findCycle(imports, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
        assertThat(imports.get("values")).as("values imports nothing of the app").isEmpty();
    }

    private static void findCycle(Map<String, Set<String>> imports, String at, List<String> path, List<String> cycles) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                cycles.add(String.join(" -> ", path) + " -> " + next);
            } else if (!path.contains(next) && next.compareTo(path.get(0)) > 0) {
                path.add(next);
                findCycle(imports, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String owner = relative.getName(0).toString();
                Set<String> used = imports.computeIfAbsent(owner, k -> new TreeSet<>());
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(owner)) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }
        return imports;
    }
}
