package org.bischeduler.cutover.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bischeduler.cutover.ops.TargetReachability;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Whether each configured target answers over SSH, for ops to open: a page and its JSON. */
@RestController
class TargetsController {

    private final TargetReachability reachability;
    private final HtmlPage page;
    private final ObjectMapper json;
    private final AuditScrubber scrubber;

    TargetsController(TargetReachability reachability, HtmlPage page, ObjectMapper json, AuditScrubber scrubber) {
        this.reachability = reachability;
        this.page = page;
        this.json = json;
        this.scrubber = scrubber;
    }

    /** {@code again}: ask every target now (at most every 2 s), as after a host was mended. */
    @GetMapping("/cutover/targets")
    ResponseEntity<String> targetsPage(@RequestParam(defaultValue = "false") boolean again, HttpServletRequest request,
                                       HttpServletResponse response) {
        return page.render("cutover/targets", Map.of("targets", asked(again)), request, response);
    }

    @GetMapping("/cutover/api/targets")
    ResponseEntity<String> targetsJson(@RequestParam(defaultValue = "false") boolean again) throws JsonProcessingException {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(scrubber.scrub(json.writerWithDefaultPrettyPrinter().writeValueAsString(asked(again))));
    }

    private List<TargetReachability.Reach> asked(boolean again) {
        return again ? reachability.again() : reachability.all();
    }
}
