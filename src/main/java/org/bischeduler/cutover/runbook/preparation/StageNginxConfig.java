package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.NginxConfigException;
import org.bischeduler.cutover.nginx.SiteRewrite;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the new site file (the approved diff) while the old app still serves, and proves it
 * with {@code nginx -t} on a staged copy of the whole configuration. The live configuration is
 * not touched; switching it later is a rename and a reload.
 */
@Step(bean = "stageNginxConfig", name = "Stage and test nginx config")
class StageNginxConfig extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.configured("stage-nginx", arguments(scope.target(), paths, paths.stagedSite()));
    }

    /** The first half of the switch is tested the same way. */
    private static ScriptCall bridgeScript(StepScope scope) {
        RunPaths paths = scope.paths();
        return ScriptCall.configured("stage-nginx", arguments(scope.target(), paths, paths.stagedBridgeSite()));
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        RunPaths paths = scope.paths();
        return List.of("sftp write " + paths.stagedBridgeSite() + " (the new blocks beside the old ones: the switch's first half)",
                bridgeScript(scope).planned(),
                "sftp write " + paths.stagedSite() + " (the new site file, as in the diff below)",
                script(scope).planned());
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        RunPaths paths = new RunPaths(target, step.runStamp());
        String siteFile = target.nginx().siteFile();
        byte[] current = step.readFile(siteFile).orElseThrow(() -> new StepFailedException(siteFile + " does not exist"));
        String approved = step.required(ProcessVariables.NGINX_ORIGINAL_SHA256);
        if (!StepContext.sha256(current).equals(approved)) {
            throw new StepFailedException(siteFile + " changed since the plan was approved (sha256 "
                    + StepContext.sha256(current) + ", approved " + approved + "); render and approve a new plan");
        }
        byte[] bridge;
        byte[] rendered;
        try {
            String site = new String(current, StandardCharsets.UTF_8);
            bridge = SiteRewrite.bridge(site, target, step.changeReference()).getBytes(StandardCharsets.UTF_8);
            rendered = SiteRewrite.apply(site, target, step.changeReference()).getBytes(StandardCharsets.UTF_8);
        } catch (NginxConfigException e) {
            throw new StepFailedException(e.getMessage());
        }
        // the staged files sit in the backup folder the backups created; writing them again is harmless
        step.writeFile(paths.stagedBridgeSite(), bridge, 0644);
        step.runScript(bridgeScript(step.scope()));
        step.writeFile(paths.stagedSite(), rendered, 0644);
        runScript(step);
        step.fact("stagedSha256", StepContext.sha256(rendered));
        step.keep(ProcessVariables.STAGED_BRIDGE_SITE, paths.stagedBridgeSite());
        step.keep(ProcessVariables.STAGED_SITE, paths.stagedSite());
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths, String staged) {
        return List.of(NginxCommands.confDir(target), NginxCommands.confFile(target), target.nginx().siteFile(),
                staged, paths.stagedConfiguration());
    }
}
