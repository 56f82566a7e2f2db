package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.NginxConfigException;
import org.bischeduler.cutover.nginx.SiteRewrite;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.RunPaths;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepSupport;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the new site file (the approved diff) while the old app still serves, and proves it
 * with {@code nginx -t} on a staged copy of the whole configuration. The live configuration is
 * not touched; switching it later is a rename and a reload.
 */
@Component("stageNginxConfig")
class StageNginxConfig extends RunbookStep {

    StageNginxConfig(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Stage and test nginx config";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.configured("stage-nginx", arguments(target, new RunPaths(target, runStamp)));
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        RunPaths paths = new RunPaths(target, runStamp);
        return List.of("sftp write " + paths.stagedSite() + " (the new site file, as in the diff below)",
                script(target, runStamp).planned());
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
        byte[] rendered;
        try {
            rendered = SiteRewrite.apply(new String(current, StandardCharsets.UTF_8), target,
                    step.changeReference()).getBytes(StandardCharsets.UTF_8);
        } catch (NginxConfigException e) {
            throw new StepFailedException(e.getMessage());
        }
        String staged = paths.stagedSite();
        // the staged file sits in the backup folder the backups created; writing it again is harmless
        step.writeFile(staged, rendered, 0644);
        step.runScript(script(step.target(), step.runStamp()));
        step.fact("stagedSha256", StepContext.sha256(rendered));
        step.keep(ProcessVariables.STAGED_SITE, staged);
    }

    private static List<String> arguments(TargetConfig target, RunPaths paths) {
        return List.of(NginxCommands.confDir(target), NginxCommands.confFile(target), target.nginx().siteFile(),
                paths.stagedSite(), paths.stagedConfiguration());
    }
}
