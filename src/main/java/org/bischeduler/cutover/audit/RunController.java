package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Where the audit is read: HTML pages for people (a run's record and its live view), JSON for
 * tools, a Markdown report file per run.
 * Every answer is scrubbed of the configured secrets once more before it leaves the app.
 */
@RestController
class RunController {

    private static final MediaType JSON = MediaType.APPLICATION_JSON;

    private final RunHistory runs;
    private final AuditPages pages;
    private final LiveView live;
    private final ObjectMapper json;
    private final AuditScrubber scrubber;

    RunController(RunHistory runs, AuditPages pages, LiveView live, ObjectMapper json, AuditScrubber scrubber) {
        this.runs = runs;
        this.pages = pages;
        this.live = live;
        this.json = json;
        this.scrubber = scrubber;
    }

    @GetMapping("/cutover/runs")
    ResponseEntity<String> listPage(@RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    HttpServletRequest request, HttpServletResponse response) {
        RunFilter filter = filter(target, outcome, from, to);
        return pages.list(runs.list(filter), filter, request, response);
    }

    @GetMapping("/cutover/runs/{id}")
    ResponseEntity<String> detailPage(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return pages.record(record(id), request, response);
    }

    @GetMapping("/cutover/runs/{id}/live")
    ResponseEntity<String> livePage(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return pages.live(runs.summary(id).orElseThrow(() -> notFound(id)), runs.phase(id), request, response);
    }

    /** The live view's stream; the browser sends the id of the last event it got when it reconnects. */
    @GetMapping(path = "/cutover/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        runs.summary(id).orElseThrow(() -> notFound(id));
        return live.open(id, lastEventId);
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
        return runs.record(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no cutover run " + id);
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
