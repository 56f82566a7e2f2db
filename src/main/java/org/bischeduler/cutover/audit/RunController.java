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
import java.util.ArrayList;
import java.util.List;

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
                                    @RequestParam(required = false) String change,
                                    @RequestParam(required = false) String page, @RequestParam(required = false) String size,
                                    HttpServletRequest request, HttpServletResponse response) {
        RunFilter filter = filter(target, outcome, from, to, change);
        return pages.list(page(filter, page, size), filter, request, response);
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

    /** The list as JSON, one page of it; the total is in {@code X-Total-Count}, the neighbours in {@code Link}. */
    @GetMapping("/cutover/api/runs")
    ResponseEntity<String> listJson(@RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String change,
                                    @RequestParam(required = false) String page, @RequestParam(required = false) String size,
                                    HttpServletRequest request) {
        RunPage shown = page(filter(target, outcome, from, to, change), page, size);
        List<String> links = new ArrayList<>();
        String self = request.getRequestURL() + "?" + (request.getQueryString() == null ? "" : request.getQueryString()
                .replaceAll("(^|&)(page|size)=[^&]*", "").replaceFirst("^&", ""));
        String separator = self.endsWith("?") ? "" : "&";
        if (shown.hasPrevious()) {
            links.add("<" + self + separator + "page=" + (shown.number() - 1) + "&size=" + shown.size() + ">; rel=\"prev\"");
        }
        if (shown.hasNext()) {
            links.add("<" + self + separator + "page=" + (shown.number() + 1) + "&size=" + shown.size() + ">; rel=\"next\"");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(JSON).header("X-Total-Count", String.valueOf(shown.total()));
        if (!links.isEmpty()) {
            answer.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return answer.body(scrubber.scrub(write(shown.runs())));
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

    private static RunFilter filter(String target, String outcome, String from, String to, String change) {
        if (outcome != null && !outcome.isBlank() && !RunReport.outcomes().contains(outcome)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "outcome must be one of " + RunReport.outcomes());
        }
        if (change != null && change.length() > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a change reference has at most 100 characters");
        }
        return new RunFilter(blankToNull(target), blankToNull(outcome), day(from, 0), day(to, 1), blankToNull(change));
    }

    private RunPage page(RunFilter filter, String page, String size) {
        int number = whole("page", page, 1, 1, Integer.MAX_VALUE);
        int perPage = whole("size", size, RunPage.DEFAULT_SIZE, 1, RunPage.MAX_SIZE);
        return RunPage.of(runs.list(filter), number, perPage);
    }

    private static int whole(String name, String value, int absent, int least, int most) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= least && number <= most) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " must be a whole number from " + least + " to " + most);
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
