package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Switches nginx to the staged configuration: renamed over the live site file, tested, reloaded
 * gracefully. The new blocks still proxy to the same port, so the old app keeps answering (now
 * behind the new prefix, the old one redirecting to it) until it is stopped; while no app
 * answers, nginx serves the maintenance page (503) instead of 502.
 */
@Component("switchNginxConfig")
class SwitchNginxConfig extends RunbookStep {

    SwitchNginxConfig(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Switch nginx config";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of(RemoteScript.load("switch-nginx").describe(List.of(target.nginx().siteFile(),
                new RunPaths(target, runStamp).stagedSite(), "<approved sha256>", target.nginx().confFile())));
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        Map<String, String> facts = step.runScript("switch-nginx", List.of(target.nginx().siteFile(),
                step.required(ProcessVariables.STAGED_SITE),
                step.required(ProcessVariables.NGINX_ORIGINAL_SHA256), target.nginx().confFile()));
        step.markUnchangedIf(facts);
    }
}
