package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.Runbook;
import org.bischeduler.cutover.verify.DatabaseProbe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's success criteria as a checklist: each ticked by the evidence the run recorded
 * (verification checks, step facts, the people's answers), or left unticked with the reason.
 */
final class SuccessCriteria {

    private SuccessCriteria() {
    }

    static List<RunRecord.Criterion> evaluate(RunRecord.RunSummary summary, List<RunRecord.StepEntry> steps,
                                              Map<String, String> values, Map<String, String> answers,
                                              RunRecord.Rollback rollback,
                                              List<RunRecord.Backup> backups) {
        Map<String, Finding> verify = new LinkedHashMap<>();
        Finding.fromJson(values.get(ProcessVariables.VERIFICATION_CHECKS)).forEach(finding -> verify.put(finding.name(), finding));
        Optional<RunRecord.StepEntry> stop = last(steps, Runbook.STOP_OLD_SERVICE);
        Optional<RunRecord.StepEntry> start = last(steps, Runbook.START_NEW_SERVICE);
        String notRolledBack = rollback.happened() ? "the cutover was rolled back; the old scheduler serves again" : null;
        List<RunRecord.Criterion> criteria = new ArrayList<>();

        criteria.add(stop.filter(SuccessCriteria::done)
                .map(s -> criterion("Old scheduler stopped", notRolledBack,
                        "stopped with SIG" + s.facts().getOrDefault("signal", "?") + " (pid " + s.facts().getOrDefault("pid", "?")
                                + ", " + s.facts().getOrDefault("mode", "?") + ") at " + s.endedAt()))
                .orElse(new RunRecord.Criterion("Old scheduler stopped", false, missing(summary, "the stop step did not complete"))));
        criteria.add(stop.filter(SuccessCriteria::done).flatMap(s -> start.filter(SuccessCriteria::done))
                .map(s -> criterion("Port free for reuse", notRolledBack,
                        "the old port was free after the stop; the new service answered on it at " + s.endedAt()))
                .orElse(new RunRecord.Criterion("Port free for reuse", false, missing(summary, "the new service never started on the port"))));
        List<RunRecord.Backup> files = backups.stream().filter(b -> !b.source().equals("mysqldump")).toList();
        criteria.add(files.isEmpty()
                ? new RunRecord.Criterion("Configuration backups made", false, missing(summary, "no configuration backup was recorded"))
                : new RunRecord.Criterion("Configuration backups made", true, "under "
                + RunHistory.text(values.get(ProcessVariables.CONFIG_BACKUP_DIR)) + ": " + files.stream()
                .map(b -> b.what() + " (" + b.size() + " bytes, sha256 " + b.sha256() + ")").collect(java.util.stream.Collectors.joining(", "))));
        criteria.add(check("BiScheduler running on the port", verify, notRolledBack, summary, "port"));
        criteria.add(check("nginx proxy correct", verify, notRolledBack, summary, "nginx", "redirect"));
        criteria.add(check("Static files served", verify, notRolledBack, summary, "static"));
        List<Finding> database = verify.values().stream().filter(finding -> finding.name().equals(DatabaseProbe.DATABASE)
                || finding.name().startsWith(DatabaseProbe.DATA_CHECK)).toList();
        boolean dataOk = !database.isEmpty() && Finding.allPassed(database);
        criteria.add(new RunRecord.Criterion("Data accessible", dataOk && notRolledBack == null && signedOff(answers, ProcessVariables.DATA_OK),
                database.isEmpty() ? missing(summary, "no database check ran")
                        : database.stream().map(Finding::line).collect(java.util.stream.Collectors.joining("; "))
                        + signOff(answers, ProcessVariables.DATA_OK) + (notRolledBack == null ? "" : "; " + notRolledBack)));
        List<String> api = verify.keySet().stream().filter(name -> name.startsWith("api")).sorted().toList();
        List<String> web = new ArrayList<>(List.of("direct"));
        web.addAll(api);
        RunRecord.Criterion responding = check("Web interface and API responding", verify, notRolledBack, summary, web.toArray(String[]::new));
        criteria.add(new RunRecord.Criterion(responding.name(),
                responding.met() && signedOff(answers, ProcessVariables.WEB_INTERFACE_OK) && signedOff(answers, ProcessVariables.API_ENDPOINTS_OK),
                responding.evidence() + signOff(answers, ProcessVariables.WEB_INTERFACE_OK) + signOff(answers, ProcessVariables.API_ENDPOINTS_OK)));
        criteria.add(usersInformed(answers, values));
        return criteria;
    }

    /**
     * Told of the window and of the outcome: by the announcement the cutover sent (ticked only once
     * it went out), or as the operator recorded it was done elsewhere.
     */
    private static RunRecord.Criterion usersInformed(Map<String, String> answers, Map<String, String> values) {
        Told before;
        if (!"true".equals(answers.get(ProcessVariables.WINDOW_CONFIRMED))) {
            before = new Told(false, "the maintenance window was not confirmed to users");
        } else if ("send".equals(answers.get(ProcessVariables.ANNOUNCEMENT_DELIVERY))) {
            before = sent(values, "announcement", "the window", answers.get(ProcessVariables.ANNOUNCEMENT_SUBJECT));
        } else {
            before = new Told(true, "told of the window by " + RunHistory.text(answers.get(ProcessVariables.NOTIFICATION_CHANNEL)) + ": \""
                    + RunHistory.text(answers.get(ProcessVariables.NOTIFICATION_MESSAGE)) + "\"");
        }
        Told after;
        if (!"true".equals(answers.get(ProcessVariables.USERS_INFORMED)) && !"true".equals(answers.get(ProcessVariables.USERS_INFORMED_OF_ROLLBACK))) {
            after = new Told(false, "not yet told the outcome");
        } else if ("send".equals(answers.get(ProcessVariables.OUTCOME_DELIVERY))) {
            after = sent(values, "outcome-announcement", "the outcome", answers.get(ProcessVariables.OUTCOME_SUBJECT));
        } else {
            after = new Told(true, "told the outcome when the change was closed");
        }
        return new RunRecord.Criterion("Users informed", before.ok() && after.ok(), before.evidence() + "; " + after.evidence());
    }

    private record Told(boolean ok, String evidence) {
    }

    /** What became of an announcement the cutover was asked to send, as the notifier kept it. */
    private static Told sent(Map<String, String> values, String event, String what, String subject) {
        Optional<String> latest = values.entrySet().stream().filter(value -> value.getKey().startsWith(ProcessVariables.NOTIFICATION))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .filter(outcome -> outcome.startsWith("sent: " + event + " ") || outcome.startsWith("NOT sent: " + event + " "))
                .reduce((first, second) -> second);
        if (latest.isEmpty()) {
            return new Told(false, "the announcement of " + what + " is not sent yet");
        }
        return latest.get().startsWith("sent:")
                ? new Told(true, "told of " + what + ": \"" + RunHistory.text(subject) + "\", " + latest.get())
                : new Told(false, "the announcement of " + what + " failed: " + latest.get());
    }

    private static RunRecord.Criterion check(String name, Map<String, Finding> verify, String notRolledBack,
                                             RunRecord.RunSummary summary, String... checks) {
        List<String> evidence = new ArrayList<>();
        boolean met = true;
        for (String check : checks) {
            Finding finding = verify.get(check);
            if (finding == null) {
                return new RunRecord.Criterion(name, false, missing(summary, "verification did not run the '" + check + "' check"));
            }
            met &= finding.ok();
            evidence.add(finding.line());
        }
        if (notRolledBack != null) {
            evidence.add(notRolledBack);
        }
        return new RunRecord.Criterion(name, met && notRolledBack == null, String.join("; ", evidence));
    }

    private static RunRecord.Criterion criterion(String name, String notRolledBack, String evidence) {
        return new RunRecord.Criterion(name, notRolledBack == null, notRolledBack == null ? evidence : evidence + "; " + notRolledBack);
    }

    private static boolean signedOff(Map<String, String> answers, String field) {
        return "true".equals(answers.get(field));
    }

    private static String signOff(Map<String, String> answers, String field) {
        if (!answers.containsKey(ProcessVariables.SIGN_OFF_DECISION)) {
            return "; not yet signed off";
        }
        return "true".equals(answers.get(field)) ? "; confirmed at sign-off (" + field + ")" : "; not confirmed at sign-off (" + field + ")";
    }

    private static String missing(RunRecord.RunSummary summary, String reason) {
        return reason + " (run " + summary.outcome() + ")";
    }

    private static boolean done(RunRecord.StepEntry step) {
        return "completed".equals(step.outcome()) || "unchanged".equals(step.outcome());
    }

    private static Optional<RunRecord.StepEntry> last(List<RunRecord.StepEntry> steps, String activityId) {
        return steps.stream().filter(s -> s.activityId().equals(activityId)).reduce((a, b) -> b);
    }
}
