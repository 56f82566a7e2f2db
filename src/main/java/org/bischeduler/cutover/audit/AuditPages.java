package org.bischeduler.cutover.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bischeduler.cutover.run.Finding;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's HTML pages: each method gathers what one page shows and hands it to {@link HtmlPage}.
 */
@Component
class AuditPages {

    /** A people's task in the record: when, who and what they decided. */
    record Decided(String started, String name, String took, String by, String decision) {
    }

    private final HtmlPage page;
    private final RunDiagrams diagrams;
    private final Clock clock = Clock.systemUTC();
    private final java.time.ZoneId zone;

    AuditPages(HtmlPage page, RunDiagrams diagrams, org.bischeduler.cutover.config.CutoverProperties properties) {
        this.page = page;
        this.diagrams = diagrams;
        this.zone = properties.audit().zone();
    }

    ResponseEntity<String> list(RunPage shown, RunFilter filter, HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> model = new HashMap<>();
        model.put("runs", shown.runs());
        model.put("page", shown);
        model.put("filter", filter);
        model.put("outcomes", RunReport.outcomes());
        model.put("from", day(filter.from(), 0));
        model.put("to", day(filter.to(), -1));
        return page.render("cutover/runs", model, request, response);
    }

    ResponseEntity<String> record(RunRecord record, HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> model = summary(record.summary());
        model.put("run", record);
        model.put("downtime", downtime(record.downtime()));
        model.put("diagram", diagrams.draw(record));
        model.put("timeline", RunTimeline.of(record, clock.instant(), zone));
        model.put("people", record.timeline().stream().filter(t -> t.type().equals("user task"))
                .map(t -> new Decided(RunReport.instant(t.startedAt()), t.name(),
                        t.durationMillis() == null ? "open" : RunTimeline.duration(t.durationMillis()),
                        t.completedBy() == null ? "" : t.completedBy(), RunReport.decision(t.decision())))
                .toList());
        model.put("preflightFailed", !Finding.allPassed(record.preflight()));
        model.put("verificationFailed", !Finding.allPassed(record.verification()));
        model.put("checked", RunReport.checkOnly(record));
        model.put("rolledBackBecause", RollbackReason.of(record).orElse(null));
        return page.render("cutover/run", model, request, response);
    }

    ResponseEntity<String> live(RunRecord.RunSummary summary, String phase, HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> model = summary(summary);
        model.put("phase", phase);
        return page.render("cutover/live", model, request, response);
    }

    private static Map<String, Object> summary(RunRecord.RunSummary summary) {
        Map<String, Object> model = new HashMap<>();
        model.put("s", summary);
        model.put("outcomeCss", summary.outcome().replace(' ', '-'));
        model.put("started", RunReport.instant(summary.startedAt()));
        model.put("ended", summary.endedAt() == null ? "not yet" : RunReport.instant(summary.endedAt()));
        return model;
    }

    /** The downtime in a few words: what the prober measured, then the estimate from step times. */
    static String downtime(RunRecord.Downtime downtime) {
        return downtime.withEstimate(estimate(downtime));
    }

    private static String estimate(RunRecord.Downtime downtime) {
        if (downtime.oldServiceStopped() == null) {
            return "none: the old service was not stopped";
        }
        if (downtime.millis() == null) {
            return "ongoing: no service has answered users since " + downtime.oldServiceStopped();
        }
        String exact = downtime.millis() < 1000 ? "" : " (" + downtime.millis() + " ms)";
        return RunTimeline.duration(downtime.millis()) + exact + ", until the " + downtime.servedAgainBy() + " answered";
    }

    private static String day(java.time.Instant instant, int plusDays) {
        return instant == null ? "" : instant.plus(java.time.Duration.ofDays(plusDays)).toString().substring(0, 10);
    }
}
