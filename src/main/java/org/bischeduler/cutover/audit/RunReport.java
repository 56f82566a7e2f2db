package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.runbook.CommandRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A run's record as a self-contained Markdown report: the file an auditor downloads and keeps. */
public final class RunReport {

    private RunReport() {
    }

    public static String markdown(RunRecord record) {
        RunRecord.RunSummary s = record.summary();
        StringBuilder md = new StringBuilder();
        md.append("# Cutover ").append(s.changeReference()).append(" on ").append(s.target()).append(": ").append(s.outcome()).append("\n\n");
        RollbackReason.of(record).ifPresent(why -> md.append("**Rolled back:** ").append(oneLine(why)).append("\n\n"));
        record.warnings().forEach(warning -> md.append("**Warning:** ").append(warning).append("\n\n"));
        md.append("| | |\n|---|---|\n");
        row(md, "Run", s.id());
        row(md, "Target", s.target());
        row(md, "Change", s.changeReference());
        row(md, "Requested by", s.requestedBy());
        row(md, "Started", s.startedAt());
        row(md, "Ended", s.endedAt());
        row(md, "Outcome", s.outcome() + (s.waitingOn().isEmpty() ? "" : ", waiting on " + s.waitingOn()));
        row(md, "Downtime", downtime(record.downtime()));
        if (!record.notifications().isEmpty()) {
            md.append("\n## Notifications\n\n");
            record.notifications().forEach(n -> md.append("- ").append(n).append('\n'));
        }

        md.append("\n## Who decided what\n\n| started | ended | task or step | took | completed by | decision |\n|---|---|---|---|---|---|\n");
        for (RunRecord.TimelineEntry t : record.timeline()) {
            md.append("| ").append(t.startedAt()).append(" | ").append(orDash(t.endedAt())).append(" | ").append(cell(t.name()))
                    .append(" (").append(t.type()).append(") | ").append(millis(t.durationMillis())).append(" | ")
                    .append(orDash(t.completedBy())).append(" | ").append(cell(decision(t.decision()))).append(" |\n");
        }

        if (checkOnly(record)) {
            md.append("\n## Check only\n\nThe run ran the preflight and made the plan and the nginx change against the target,"
                    + " asked nobody to approve anything and changed nothing on it. The plan and the nginx change below are what"
                    + " a cutover would do.\n");
        } else {
            md.append("\n## Success criteria\n\n");
            for (RunRecord.Criterion c : record.successCriteria()) {
                md.append("- [").append(c.met() ? "x" : " ").append("] **").append(c.name()).append("**: ").append(oneLine(c.evidence())).append('\n');
            }
        }

        md.append("\n## Backups\n\n| what | source | path | size | sha256 |\n|---|---|---|---|---|\n");
        for (RunRecord.Backup b : record.backups()) {
            md.append("| ").append(b.what()).append(" | ").append(cell(b.source())).append(" | ").append(cell(b.path())).append(" | ")
                    .append(b.size()).append(" | `").append(b.sha256()).append("` |\n");
        }

        md.append("\n## nginx change\n\n```diff\n").append(record.nginxDiff().strip()).append("\n```\n");

        RunRecord.Rollback rollback = record.rollback();
        md.append("\n## Rollback\n\n");
        if (!rollback.happened()) {
            md.append("No rollback.\n");
        } else {
            md.append("Undone, in this order:\n\n");
            for (int i = 0; i < rollback.compensatedSteps().size(); i++) {
                md.append(i + 1).append(". ").append(rollback.compensatedSteps().get(i)).append('\n');
            }
            md.append("\nRollback check: ").append(rollback.checkPassed() == null ? "not run"
                    : rollback.checkPassed() ? "passed" : "FAILED").append("\n\n").append(findings(rollback.checks()));
        }

        md.append("\n## Preflight\n\n").append(findings(record.preflight()));
        md.append("\n## Verification\n\n").append(findings(record.verification()));

        md.append("\n## What ran on the host\n");
        for (RunRecord.StepEntry step : record.steps()) {
            md.append("\n### ").append(step.sequence()).append(". ").append(step.name()).append(" (").append(step.kind()).append(", ")
                    .append(step.outcome()).append(", ").append(step.attempts()).append(step.attempts() == 1 ? " attempt" : " attempts")
                    .append(", ").append(Duration.between(step.startedAt(), step.endedAt()).toMillis()).append(" ms)\n\n");
            if (!step.message().isBlank()) {
                md.append("> ").append(oneLine(step.message())).append("\n\n");
            }
            for (CommandRecord c : step.commands()) {
                md.append("- `").append(c.command().replace("`", "'")).append("` → ")
                        .append(c.timedOut() ? "timed out" : c.exitCode() == -1 ? "exit unknown" : "exit " + c.exitCode())
                        .append(" in ").append(c.durationMillis()).append(" ms").append(c.truncated() ? " (output truncated)" : "").append('\n');
                excerpt(md, "stdout", c.stdoutExcerpt());
                excerpt(md, "stderr", c.stderrExcerpt());
            }
            if (!step.facts().isEmpty()) {
                md.append("\n  Found: ").append(step.facts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))).append('\n');
            }
            for (String failure : step.failures()) {
                md.append("\n  Failure: ").append(oneLine(failure)).append('\n');
            }
        }
        md.append(checkOnly(record) ? "\n## The plan a manager would approve\n\n```\n" : "\n## The approved plan\n\n```\n").append(record.plan().strip()).append("\n```\n");
        return md.toString();
    }

    /** A check-only run: it judged nothing and changed nothing, so its record shows what a cutover would do. */
    static boolean checkOnly(RunRecord record) {
        return "checked".equals(record.summary().outcome());
    }

    static String downtime(RunRecord.Downtime d) {
        return d.withEstimate(estimate(d));
    }

    private static String estimate(RunRecord.Downtime d) {
        if (d.oldServiceStopped() == null) {
            return "none (the old service was not stopped)";
        }
        if (d.serviceAnsweredAgain() == null) {
            return "since " + d.oldServiceStopped() + " (no service has answered since)";
        }
        return String.format(java.util.Locale.ROOT, "%.3f s: old service stopped %s, %s answered %s", d.millis() / 1000.0,
                d.oldServiceStopped(), d.servedAgainBy(), d.serviceAnsweredAgain())
                + (d.stretches().size() < 2 ? "" : d.stretches().stream()
                .map(s -> String.format(java.util.Locale.ROOT, "%s to %s (%.3f s, until %s)", s.from(), s.to(), s.millis() / 1000.0, s.endedBy()))
                .collect(Collectors.joining("; ", "; without service: ", "")));
    }

    static String decision(Map<String, String> decision) {
        return decision.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    private static void excerpt(StringBuilder md, String stream, String text) {
        if (!text.isBlank()) {
            md.append("\n  ").append(stream).append(":\n\n  ```\n").append(text.strip().replace("```", "'''").indent(2)).append("  ```\n\n");
        }
    }

    private static void row(StringBuilder md, String key, Object value) {
        md.append("| ").append(key).append(" | ").append(cell(value == null ? "-" : value.toString())).append(" |\n");
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", "").replace("\n", " ⏎ ");
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String millis(Long value) {
        return value == null ? "-" : value + " ms";
    }

    static String instant(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    static List<String> outcomes() {
        return List.of("running", "completed", "rolled back", "rolled back by hand", "rejected", "expired", "preflight failed", "planned for its fleet", "checked", "cancelled");
    }

    /** A check's findings as a checklist: ticked when it passed, with what was expected when it did not. */
    private static String findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "Not run.\n";
        }
        StringBuilder md = new StringBuilder();
        for (Finding finding : findings) {
            md.append(finding.ok() ? "- [x] " : "- [ ] ").append(finding.line()).append('\n');
        }
        return md.toString();
    }
}
