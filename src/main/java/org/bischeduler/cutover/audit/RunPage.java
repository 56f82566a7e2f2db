package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.runbook.CommandRecord;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The run list and a run's record as HTML pages, everything escaped. */
final class RunPage {

    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
            th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:13px}
            .ok{color:#176f2c}.no{color:#a31515}code{font-size:13px}form input,form select{margin-right:1em}
            """;

    private RunPage() {
    }

    static String list(List<RunRecord.RunSummary> runs, RunFilter filter) {
        StringBuilder html = head("Cutover runs");
        html.append("<h1>Cutover runs</h1><form method='get'>target <input name='target' value='").append(esc(filter.target()))
                .append("'> outcome <select name='outcome'><option value=''>any</option>");
        for (String outcome : RunReport.outcomes()) {
            html.append("<option").append(outcome.equals(filter.outcome()) ? " selected" : "").append(">").append(outcome).append("</option>");
        }
        html.append("</select> from <input type='date' name='from' value='").append(date(filter.from()))
                .append("'> to <input type='date' name='to' value='").append(date(filter.to()))
                .append("'><button>Filter</button> <a href='/cutover/api/runs'>JSON</a></form>");
        html.append("<table><tr><th>started</th><th>target</th><th>change</th><th>requested by</th><th>ended</th>"
                + "<th>outcome</th><th>downtime</th></tr>");
        for (RunRecord.RunSummary run : runs) {
            html.append("<tr><td><a href='/cutover/runs/").append(esc(run.id())).append("'>").append(esc(RunReport.instant(run.startedAt())))
                    .append("</a></td><td>").append(esc(run.target())).append("</td><td>").append(esc(run.changeReference()))
                    .append("</td><td>").append(esc(run.requestedBy())).append("</td><td>").append(esc(RunReport.instant(run.endedAt())))
                    .append("</td><td>").append(esc(run.outcome())).append(run.waitingOn().isEmpty() ? "" : "<br>waiting on " + esc(run.waitingOn()))
                    .append("</td><td>").append(run.downtimeMillis() == null ? "-" : run.downtimeMillis() + " ms").append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    static String detail(RunRecord record) {
        RunRecord.RunSummary s = record.summary();
        StringBuilder html = head("Cutover " + s.changeReference());
        html.append("<p><a href='/cutover/runs'>All runs</a> · <a href='/cutover/runs/").append(esc(s.id()))
                .append("/report.md'>Download report</a> · <a href='/cutover/api/runs/").append(esc(s.id())).append("'>JSON</a></p>");
        html.append("<h1>Cutover ").append(esc(s.changeReference())).append(" on ").append(esc(s.target())).append(": ")
                .append(esc(s.outcome())).append("</h1>");
        record.warnings().forEach(warning -> html.append("<p class='no'>Warning: ").append(esc(warning)).append("</p>"));
        html.append("<table>");
        row(html, "Run", s.id());
        row(html, "Requested by", s.requestedBy());
        row(html, "Started", RunReport.instant(s.startedAt()));
        row(html, "Ended", RunReport.instant(s.endedAt()));
        row(html, "Outcome", s.outcome() + (s.waitingOn().isEmpty() ? "" : ", waiting on " + s.waitingOn()));
        row(html, "Downtime", RunReport.downtime(record.downtime()));
        html.append("</table>");
        if (!record.notifications().isEmpty()) {
            html.append("<h2>Notifications</h2><ul>");
            record.notifications().forEach(n -> html.append("<li class='").append(n.startsWith("NOT") ? "no" : "ok").append("'>")
                    .append(esc(n)).append("</li>"));
            html.append("</ul>");
        }
        html.append("<h2>Who decided what</h2><table><tr><th>started</th><th>ended</th><th>task or step</th>"
                + "<th>took</th><th>completed by</th><th>decision</th></tr>");
        for (RunRecord.TimelineEntry t : record.timeline()) {
            html.append("<tr><td>").append(esc(RunReport.instant(t.startedAt()))).append("</td><td>").append(esc(RunReport.instant(t.endedAt())))
                    .append("</td><td>").append(esc(t.name())).append(" <small>(").append(esc(t.type())).append(")</small></td><td>")
                    .append(t.durationMillis() == null ? "-" : t.durationMillis() + " ms").append("</td><td>").append(esc(t.completedBy()))
                    .append("</td><td>").append(esc(RunReport.decision(t.decision()))).append("</td></tr>");
        }
        html.append("</table><h2>Success criteria</h2><ul>");
        for (RunRecord.Criterion c : record.successCriteria()) {
            html.append("<li class='").append(c.met() ? "ok'>&#9745; " : "no'>&#9744; ").append("<b>").append(esc(c.name()))
                    .append("</b>: ").append(esc(c.evidence())).append("</li>");
        }
        html.append("</ul><h2>Backups</h2><table><tr><th>what</th><th>source</th><th>path</th><th>size</th><th>sha256</th></tr>");
        for (RunRecord.Backup b : record.backups()) {
            html.append("<tr><td>").append(esc(b.what())).append("</td><td>").append(esc(b.source())).append("</td><td>").append(esc(b.path()))
                    .append("</td><td>").append(b.size()).append("</td><td><code>").append(esc(b.sha256())).append("</code></td></tr>");
        }
        html.append("</table><h2>nginx change</h2>").append(pre(record.nginxDiff()));
        RunRecord.Rollback rollback = record.rollback();
        html.append("<h2>Rollback</h2>");
        if (!rollback.happened()) {
            html.append("<p>No rollback.</p>");
        } else {
            html.append("<ol>").append(rollback.compensatedSteps().stream().map(step -> "<li>" + esc(step) + "</li>")
                    .collect(Collectors.joining())).append("</ol><p>Rollback check: ").append(rollback.checkPassed() == null ? "not run"
                    : rollback.checkPassed() ? "passed" : "<b class='no'>failed</b>").append("</p>").append(findings(rollback.checks()));
        }
        html.append("<h2>Preflight</h2>").append(findings(record.preflight()));
        html.append("<h2>Verification</h2>").append(findings(record.verification()));
        html.append("<h2>What ran on the host</h2>");
        for (RunRecord.StepEntry step : record.steps()) {
            html.append("<h3>").append(step.sequence()).append(". ").append(esc(step.name())).append(" <small>(").append(esc(step.kind()))
                    .append(", ").append(esc(step.outcome())).append(", ").append(step.attempts()).append(" attempt(s), ")
                    .append(Duration.between(step.startedAt(), step.endedAt()).toMillis()).append(" ms)</small></h3>");
            if (!step.message().isBlank()) {
                html.append("<p class='no'>").append(esc(step.message())).append("</p>");
            }
            html.append("<table><tr><th>command</th><th>exit</th><th>took</th><th>output</th></tr>");
            for (CommandRecord c : step.commands()) {
                html.append("<tr><td><code>").append(esc(c.command())).append("</code></td><td>")
                        .append(c.timedOut() ? "timed out" : c.exitCode() == -1 ? "unknown" : String.valueOf(c.exitCode()))
                        .append("</td><td>").append(c.durationMillis()).append(" ms</td><td>")
                        .append(c.stdoutExcerpt().isBlank() ? "" : pre(c.stdoutExcerpt()))
                        .append(c.stderrExcerpt().isBlank() ? "" : pre(c.stderrExcerpt())).append("</td></tr>");
            }
            html.append("</table>");
            for (String failure : step.failures()) {
                html.append("<p class='no'>").append(esc(failure)).append("</p>");
            }
        }
        html.append("<h2>The approved plan</h2>").append(pre(record.plan()));
        return html.append("</body></html>").toString();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    private static void row(StringBuilder html, String key, String value) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    /** A check's findings as a table: what was expected and what was found, failures marked. */
    private static String findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "<p>Not run.</p>";
        }
        StringBuilder table = new StringBuilder("<table><tr><th>check</th><th>result</th><th>expected</th><th>found</th></tr>");
        for (Finding finding : findings) {
            table.append("<tr><td>").append(esc(finding.name())).append("</td><td>")
                    .append(finding.ok() ? "ok" : "<b class='no'>failed</b>").append("</td><td>").append(esc(finding.expected()))
                    .append("</td><td>").append(esc(finding.found())).append("</td></tr>");
        }
        return table.append("</table>").toString();
    }

    private static String pre(String text) {
        return "<pre>" + esc(text) + "</pre>";
    }

    private static String date(java.time.Instant instant) {
        return instant == null ? "" : instant.toString().substring(0, 10);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
