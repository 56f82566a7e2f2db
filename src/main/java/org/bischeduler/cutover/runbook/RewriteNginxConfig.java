package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.nginx.NginxConfigException;
import org.bischeduler.cutover.nginx.SiteRewrite;
import org.bischeduler.cutover.target.CommandResult;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replaces the old location block with the new app's blocks and the 301, leaving every other
 * byte of the site file as it was. The file must still be the one the manager approved; the
 * change counts only once {@code nginx -t} accepts it, and the old file goes back at once if not.
 */
@Component("rewriteNginxConfig")
class RewriteNginxConfig extends RunbookStep {

    RewriteNginxConfig(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Rewrite nginx config";
    }

    @Override
    public List<String> plannedCommands(TargetConfig target, String runStamp) {
        return List.of("sftp write " + target.nginx().siteFile() + " (the diff below; temporary name, then rename)",
                NginxCommands.test(target).commandLine(),
                "if nginx -t fails: sftp write " + target.nginx().siteFile() + " (the original, byte for byte)");
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        String siteFile = target.nginx().siteFile();
        byte[] current = step.readFile(siteFile).orElseThrow(() -> new StepFailedException(siteFile + " does not exist"));
        String text = new String(current, StandardCharsets.UTF_8);
        if (SiteRewrite.isApplied(text, target)) {
            step.markUnchanged();
            step.require(step.run(NginxCommands.test(target)), "nginx -t");
            return;
        }
        String approved = step.requiredVariable(ProcessVariables.NGINX_ORIGINAL_SHA256);
        if (!StepContext.sha256(current).equals(approved)) {
            throw new StepFailedException(siteFile + " changed since the plan was approved (sha256 "
                    + StepContext.sha256(current) + ", approved " + approved + "); render and approve a new plan");
        }
        String rewritten;
        try {
            rewritten = SiteRewrite.apply(text, target, step.requiredVariable(ProcessVariables.CHANGE_REFERENCE));
        } catch (NginxConfigException e) {
            throw new StepFailedException(e.getMessage());
        }
        step.writeFile(siteFile, rewritten.getBytes(StandardCharsets.UTF_8), 0644);
        CommandResult test = step.run(NginxCommands.test(target));
        if (!test.succeeded()) {
            step.writeFile(siteFile, current, 0644);
            step.fact("restored", "nginx -t refused the new file; the original was put back");
            throw new StepFailedException("nginx -t refused the rewritten " + siteFile + "; the original was put back", test);
        }
        step.fact("sha256", StepContext.sha256(rewritten.getBytes(StandardCharsets.UTF_8)));
    }
}
