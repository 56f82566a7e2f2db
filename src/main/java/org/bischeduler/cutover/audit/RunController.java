package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Where the audit is read: HTML pages for people, JSON for tools, a Markdown report file per run.
 * Every answer is scrubbed of the configured secrets once more before it leaves the app.
 */
@RestController
class RunController {

    private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
    private static final MediaType JSON = MediaType.APPLICATION_JSON;

    private final RunHistory runs;
    private final ObjectMapper json;
    private final AuditScrubber scrubber;

    RunController(RunHistory runs, ObjectMapper json, AuditScrubber scrubber) {
        this.runs = runs;
        this.json = json;
        this.scrubber = scrubber;
    }

    @GetMapping("/cutover/runs")
    ResponseEntity<String> listPage(@RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        RunFilter filter = filter(target, outcome, from, to);
        return answer(HTML, RunPage.list(runs.list(filter), filter));
    }

    @GetMapping("/cutover/runs/{id}")
    ResponseEntity<String> detailPage(@PathVariable String id) {
        return answer(HTML, RunPage.detail(record(id)));
    }

    @GetMapping("/cutover/runs/{id}/report.md")
    ResponseEntity<String> report(@PathVariable String id) {
        RunRecord record = record(id);
        String name = "cutover-" + record.summary().changeReference().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + id + ".md";
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .body(scrubber.scrub(RunReport.markdown(record)));
    }

    @GetMapping("/cutover/api/runs")
    ResponseEntity<String> listJson(@RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return answer(JSON, write(runs.list(filter(target, outcome, from, to))));
    }

    @GetMapping("/cutover/api/runs/{id}")
    ResponseEntity<String> detailJson(@PathVariable String id) {
        return answer(JSON, write(record(id)));
    }

    private RunRecord record(String id) {
        return runs.record(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no cutover run " + id));
    }

    private ResponseEntity<String> answer(MediaType type, String body) {
        return ResponseEntity.ok().contentType(type).body(scrubber.scrub(body));
    }

    private String write(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RunFilter filter(String target, String outcome, String from, String to) {
        if (outcome != null && !outcome.isBlank() && !RunReport.outcomes().contains(outcome)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "outcome must be one of " + RunReport.outcomes());
        }
        return new RunFilter(blankToNull(target), blankToNull(outcome), day(from, 0), day(to, 1));
    }

    private static Instant day(String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "dates are YYYY-MM-DD, got " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
