package org.bischeduler.cutover.run;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Findings as checking scripts report them, as forms show them, as the run store keeps them. */
class FindingTest {

    @Test
    void aScriptsCheckFactsBecomeNamedFindingsInOrderAndOtherFactsAreIgnored() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("check.port", "ok|bischeduler holds port 5005|pid 42, main pid 40");
        facts.put("state", "unchanged");
        facts.put("check.redirect", "fail|301 to /bischeduler/ from http://h/scheduler/|'404 ' | with a bar");

        List<Finding> findings = Finding.fromFacts(facts);

        assertThat(findings).containsExactly(
                Finding.passed("port", "bischeduler holds port 5005", "pid 42, main pid 40"),
                Finding.failed("redirect", "301 to /bischeduler/ from http://h/scheduler/", "'404 ' | with a bar"));
        assertThat(Finding.allPassed(findings)).isFalse();
        assertThat(Finding.report(findings)).isEqualTo("port: ok: pid 42, main pid 40\n"
                + "redirect: FAILED: expected 301 to /bischeduler/ from http://h/scheduler/, found '404 ' | with a bar");
    }

    @Test
    void findingsSurviveTheRunStoreAndALongReportIsCutForItsFormField() {
        List<Finding> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Finding.passed("check-" + i, "x", "a found value that takes some room " + i)).toList();

        assertThat(Finding.fromJson(Finding.toJson(many))).isEqualTo(many);
        assertThat(Finding.fromJson(null)).isEmpty();
        assertThat(Finding.report(many)).hasSizeLessThan(4000).endsWith("(the rest is in the run's record)");
    }
}
