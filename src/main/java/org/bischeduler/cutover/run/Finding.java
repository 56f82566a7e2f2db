package org.bischeduler.cutover.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One named check of a run (preflight, verification, the rollback check): passed or failed, with
 * what was expected and what was found. Forms show them as lines, the record and the success
 * criteria read them by name.
 */
public record Finding(String name, boolean ok, String expected, String found) {

    private static final String CHECK = "check.";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Finding passed(String name, String expected, String found) {
        return new Finding(name, true, expected, found);
    }

    public static Finding failed(String name, String expected, String found) {
        return new Finding(name, false, expected, found);
    }

    /** The findings a checking script reported as {@code @check.NAME=ok|EXPECTED|FOUND} (or {@code fail|...}), in order. */
    public static List<Finding> fromFacts(Map<String, String> facts) {
        List<Finding> findings = new ArrayList<>();
        facts.forEach((key, value) -> {
            if (key.startsWith(CHECK)) {
                String[] parts = value.split("\\|", 3);
                String expected = parts.length > 1 ? parts[1] : "";
                String found = parts.length > 2 ? parts[2] : "";
                findings.add(new Finding(key.substring(CHECK.length()), "ok".equals(parts[0]), expected, found));
            }
        });
        return findings;
    }

    public static boolean allPassed(List<Finding> findings) {
        return findings.stream().allMatch(Finding::ok);
    }

    /** The findings as a form shows them, one a line, cut to what a form field holds. */
    public static String report(List<Finding> findings) {
        String report = findings.stream().map(Finding::line).collect(Collectors.joining("\n"));
        return report.length() > 3900 ? report.substring(0, 3900) + "\n… (the rest is in the run's record)" : report;
    }

    /** The findings as the run store keeps them. */
    public static String toJson(List<Finding> findings) {
        try {
            return JSON.writeValueAsString(findings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record findings", e);
        }
    }

    /** Findings the run store kept; none when nothing was kept. */
    public static List<Finding> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Finding>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded findings cannot be read", e);
        }
    }

    /** "port: ok: pid 42" or "port: FAILED: expected bischeduler holds port 5005, found nothing listens". */
    public String line() {
        return ok ? name + ": ok: " + found : name + ": FAILED: expected " + expected + ", found " + found;
    }
}
