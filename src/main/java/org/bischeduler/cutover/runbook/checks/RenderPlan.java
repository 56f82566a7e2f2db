package org.bischeduler.cutover.runbook.checks;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.SiteRewrite;
import org.bischeduler.cutover.nginx.UnifiedDiff;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.Runbook;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;
import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders what the run will do, for the manager's approval: every step of the {@link Runbook} with
 * its exact commands in order, each undo beside its step, and the nginx change as a unified diff of
 * the real file.
 */
@Step(bean = "renderPlan", name = "Render cutover plan", needsApproval = false, failsToOperator = false)
class RenderPlan extends RunbookStep {

    private static final int SHOWN_LIMIT = 3900;

    private final ObjectProvider<java.util.Map<String, RunbookStep>> steps;

    RenderPlan(ObjectProvider<java.util.Map<String, RunbookStep>> steps) {
        this.steps = steps;
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        return List.of("sftp read " + scope.nginx().siteFile());
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String siteFile = target.nginx().siteFile();
        byte[] site = step.readFile(siteFile)
                .orElseThrow(() -> new StepFailedException(siteFile + " does not exist on the target"));
        String current = new String(site, StandardCharsets.UTF_8);
        String rewritten = SiteRewrite.apply(current, target, step.changeReference());
        String diff = UnifiedDiff.of(siteFile, current, siteFile + " (after the cutover)", rewritten);
        String plan = found(step) + render(target, step.runStamp());
        step.fact("nginxOriginalSha256", StepContext.sha256(site));
        step.keep(ProcessVariables.NGINX_ORIGINAL_SHA256, StepContext.sha256(site));
        List<String> parts = parts(plan);
        step.show(ProcessVariables.PLAN, parts.get(0));
        step.show(ProcessVariables.PLAN + "2", parts.size() > 1 ? parts.get(1) : "");
        step.show(ProcessVariables.PLAN + "3", parts.size() > 2 ? String.join("\n", parts.subList(2, parts.size())) : "");
        step.show(ProcessVariables.NGINX_DIFF, shown(diff));
        step.keep(ProcessVariables.PLAN_DOCUMENT, plan + "\n\n" + diff);
    }

    /** What preflight found starts and keeps the old app: the decommission disables and stops it, the undo brings it back. */
    private static String found(StepContext step) {
        StringBuilder found = new StringBuilder();
        for (Finding finding : Finding.fromJson(step.kept(ProcessVariables.PREFLIGHT_CHECKS).orElse(null))) {
            if (finding.name().equals("old-app-autostart")) {
                found.append("Starts the old app at boot (disabled in the window, put back by a rollback): ").append(finding.found()).append('\n');
            } else if (finding.name().equals("old-app-launchers")) {
                found.append("Keeps the old app running (stopped with it, brought back by a rollback): ").append(finding.found()).append('\n');
            }
        }
        return found.length() == 0 ? "" : found.append('\n').toString();
    }

    String render(TargetConfig target, String runStamp) {
        java.util.Map<String, RunbookStep> byName = steps.getObject();
        StepScope scope = new StepScope(target, runStamp);
        StringBuilder plan = new StringBuilder();
        int number = 1;
        for (Runbook.Step step : Runbook.steps()) {
            RunbookStep forward = byName.get(step.bean());
            plan.append(number++).append(". ").append(forward.stepName()).append('\n');
            forward.plannedCommands(scope).forEach(line -> plan.append("   $ ").append(line).append('\n'));
            step.undoActivityId().map(Runbook::beanOf).map(byName::get).ifPresent(undo -> {
                plan.append("   undo (").append(undo.stepName()).append("):\n");
                undo.plannedCommands(scope).forEach(line -> plan.append("   $ ").append(line).append('\n'));
            });
        }
        return plan.toString();
    }

    /** The plan in pieces that each fit a form field (a string variable holds 4000 characters), cut between lines. */
    static List<String> parts(String text) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String line : text.split("\n")) {
            if (part.length() + line.length() + 1 > SHOWN_LIMIT && part.length() > 0) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(line.length() > SHOWN_LIMIT ? line.substring(0, SHOWN_LIMIT - 20) + " …(cut)" : line).append('\n');
        }
        parts.add(part.toString());
        if (parts.size() > 3) {
            String rest = "… (the whole plan is in the run's record)";
            parts = new java.util.ArrayList<>(parts.subList(0, 3));
            String third = parts.get(2);
            parts.set(2, third.substring(0, Math.min(third.length(), SHOWN_LIMIT - rest.length() - 1)) + "\n" + rest);
        }
        return parts;
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_LIMIT ? text
                : text.substring(0, SHOWN_LIMIT) + "\n… (the whole plan is in the run's record)";
    }
}
