package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts every target's preflight result and plan summary before the manager who approves the whole
 * change, each with a link to the target's planning run (the whole plan and nginx diff). The
 * fleet goes on to the approval only when every target passed its preflight.
 */
@Component("summariseFleetPlans")
class SummariseFleetPlans implements JavaDelegate {

    private static final int SHOWN_LIMIT = 3900;

    private final FleetTargetRuns targets;
    private final RunStore runs;
    private final String contextPath;

    SummariseFleetPlans(FleetTargetRuns targets, RunStore runs, @Value("${server.servlet.context-path:}") String contextPath) {
        this.targets = targets;
        this.runs = runs;
        this.contextPath = contextPath.replaceAll("/+$", "");
    }

    @Override
    public void execute(DelegateExecution execution) {
        StringBuilder shown = new StringBuilder("| target | preflight | plan | record |\n|---|---|---|---|\n");
        boolean allPassed = true;
        for (FleetTargetRuns.TargetRun run : targets.of(execution.getProcessInstanceId())) {
            Map<String, String> values = runs.values(run.runId());
            boolean passed = "true".equals(values.get(ProcessVariables.PREFLIGHT_PASSED));
            allPassed &= passed;
            List<Finding> failed = Finding.fromJson(values.get(ProcessVariables.PREFLIGHT_CHECKS)).stream().filter(f -> !f.ok()).toList();
            String preflight = passed ? "passed" : "**failed**: " + failed.stream().map(Finding::line).collect(Collectors.joining("; "));
            shown.append("| ").append(run.summary().target()).append(" | ").append(cell(preflight)).append(" | ")
                    .append(cell(summary(values.get(ProcessVariables.PLAN_DOCUMENT), values.get(ProcessVariables.NGINX_DIFF))))
                    .append(" | [record](")
                    .append(contextPath).append("/cutover/runs/").append(run.runId()).append(") |\n");
        }
        String text = shown.length() <= SHOWN_LIMIT ? shown.toString() : shown.substring(0, SHOWN_LIMIT) + "\n… (the fleet's record has every target)";
        runs.keep(execution.getProcessInstanceId(), Map.of(ProcessVariables.FLEET_PLANS, shown.toString()));
        execution.setVariable(ProcessVariables.FLEET_PLANS, text);
        execution.setVariable(ProcessVariables.PREFLIGHT_PASSED, allPassed);
    }

    /** The plan in a few words: how many steps, and how large the nginx change is; the whole plan is one click away. */
    private static String summary(String plan, String nginxDiff) {
        if (plan == null || plan.isBlank()) {
            return "no plan";
        }
        long steps = plan.lines().filter(line -> line.matches("\\d+\\. .*")).count();
        long changed = nginxDiff == null ? 0 : nginxDiff.lines().filter(line -> line.matches("[+-][^+-].*")).count();
        return steps + " steps, nginx: " + changed + " lines changed";
    }

    private static String cell(String text) {
        String line = text.replace("|", "/").replace("\n", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + " …";
    }
}
