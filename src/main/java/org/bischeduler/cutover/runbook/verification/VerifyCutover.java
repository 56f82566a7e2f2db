package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.UsersSaw;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;
import org.bischeduler.cutover.verify.DatabaseProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runbook's verification: the new unit holds the port; HTTP 200 directly and through nginx
 * at the new prefix; 302 from the old prefix (301 once the change is closed); static files and API endpoints; the database
 * through the SSH connection with its data checks. A failed check fails verification (and the
 * run rolls back) with what was expected and what came back. It ends the window's prober on the
 * host and keeps what users saw, passed or not.
 */
@Step(bean = "verifyCutover", name = "Verify cutover")
class VerifyCutover extends RunbookStep {

    static final String ERROR_VERIFICATION_FAILED = "Error_VerificationFailed";

    private final DatabaseProbe database;

    VerifyCutover(DatabaseProbe database) {
        this.database = database;
    }

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.configured("verify", arguments(scope));
    }

    @Override
    public List<String> plannedCommands(StepScope scope) {
        return List.of(script(scope).planned(),
                "JDBC through an SSH port forward to " + scope.database().host() + ":" + scope.database().port()
                        + "/" + scope.database().name() + " with " + scope.database().dataChecks().size() + " data check(s)");
    }

    @Override
    protected void perform(StepContext step) {
        TargetConfig target = step.target();
        // the database is checked through its own forwarded connection while the script runs
        var databaseReport = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> database.probe(step.targetName(), target, step.shell()));
        Map<String, String> facts = runScript(step);
        UsersSaw.fromFacts(facts).ifPresent(saw -> step.keepAlways(ProcessVariables.USERS_SAW_IN_CUTOVER, saw.toJson()));
        List<Finding> findings = new ArrayList<>(Finding.fromFacts(facts));
        findings.addAll(databaseReport.join());
        boolean passed = Finding.allPassed(findings);
        step.showAlways(ProcessVariables.VERIFICATION_PASSED, passed);
        step.findings(ProcessVariables.VERIFICATION_CHECKS, ProcessVariables.VERIFICATION_REPORT, findings);
        if (!passed) {
            throw new VerificationFailedException("verification failed:\n" + Finding.report(
                    findings.stream().filter(finding -> !finding.ok()).toList()));
        }
    }

    @Override
    protected String errorCodeFor(RuntimeException failure) {
        return failure instanceof VerificationFailedException ? ERROR_VERIFICATION_FAILED : ERROR_STEP_FAILED;
    }

    private static List<String> arguments(StepScope scope) {
        TargetConfig target = scope.target();
        List<String> arguments = new ArrayList<>(List.of(target.newApp().unit(), String.valueOf(target.newApp().port()),
                target.nginx().baseUrl(), target.nginx().newPrefix(), target.nginx().oldPrefix(), target.newApp().staticProbe(),
                scope.paths().usersProbeLog(UsersProbe.CUTOVER)));
        arguments.addAll(target.newApp().apiEndpoints());
        return arguments;
    }

    /** The checks ran and some did not pass: the cutover is not good, as opposed to a step that could not run. */
    static final class VerificationFailedException extends StepFailedException {
        VerificationFailedException(String message) {
            super(message);
        }
    }
}
