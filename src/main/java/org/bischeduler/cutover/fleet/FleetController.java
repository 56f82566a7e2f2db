package org.bischeduler.cutover.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bischeduler.cutover.audit.AuditScrubber;
import org.bischeduler.cutover.audit.HtmlPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.Map;

/** The fleet runs and each one's record, for people and as JSON; under /cutover, so the audit's readers only. */
@RestController
class FleetController {

    private final FleetRecords records;
    private final HtmlPage page;
    private final AuditScrubber scrubber;
    private final ObjectMapper json;

    FleetController(FleetRecords records, HtmlPage page, AuditScrubber scrubber, ObjectMapper json) {
        this.records = records;
        this.page = page;
        this.scrubber = scrubber;
        this.json = json;
    }

    @GetMapping("/cutover/fleets")
    ResponseEntity<String> list(HttpServletRequest request, HttpServletResponse response) {
        return page.render("cutover/fleets", Map.of("fleets", records.list()), request, response);
    }

    @GetMapping("/cutover/api/fleets")
    ResponseEntity<String> listJson() throws JsonProcessingException {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(scrubber.scrub(json.writerWithDefaultPrettyPrinter().writeValueAsString(records.list())));
    }

    @GetMapping("/cutover/fleets/{id}")
    ResponseEntity<String> page(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        return page.render("cutover/fleet", Map.of("f", record(id)), request, response);
    }

    @GetMapping("/cutover/api/fleets/{id}")
    ResponseEntity<String> json(@PathVariable String id) throws JsonProcessingException {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(scrubber.scrub(json.writerWithDefaultPrettyPrinter().writeValueAsString(record(id))));
    }

    private FleetRecord record(String id) {
        return records.record(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no fleet run " + id));
    }
}
