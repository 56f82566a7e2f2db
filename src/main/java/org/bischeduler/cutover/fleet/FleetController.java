package org.bischeduler.cutover.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bischeduler.cutover.audit.AuditScrubber;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A fleet run's record, for people and as JSON; under /cutover, so the audit's readers only. */
@RestController
class FleetController {

    private final FleetRecords records;
    private final SpringTemplateEngine templates;
    private final AuditScrubber scrubber;
    private final ObjectMapper json;

    FleetController(FleetRecords records, SpringTemplateEngine templates, AuditScrubber scrubber, ObjectMapper json) {
        this.records = records;
        this.templates = templates;
        this.scrubber = scrubber;
        this.json = json;
    }

    @GetMapping("/cutover/fleets/{id}")
    ResponseEntity<String> page(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        FleetRecord record = record(id);
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response), request.getLocale(), Map.of("f", record));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
                .body(scrubber.scrub(templates.process("cutover/fleet", context)));
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
