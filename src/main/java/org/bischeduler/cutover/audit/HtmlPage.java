package org.bischeduler.cutover.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An audit page as it leaves the app: rendered by Thymeleaf (it escapes every value, and its links
 * carry the app's context path), scrubbed of the configured secrets, and allowed to run only the
 * app's own scripts and styles, framed by nobody.
 */
@Component
public class HtmlPage {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final String POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final SpringTemplateEngine templates;
    private final AuditScrubber scrubber;

    HtmlPage(SpringTemplateEngine templates, AuditScrubber scrubber) {
        this.templates = templates;
        this.scrubber = scrubber;
    }

    public ResponseEntity<String> render(String template, Map<String, Object> model, HttpServletRequest request,
                                         HttpServletResponse response) {
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response), request.getLocale(), model);
        return ResponseEntity.ok().contentType(HTML).header("Content-Security-Policy", POLICY)
                .body(scrubber.scrub(templates.process(template, context)));
    }
}
