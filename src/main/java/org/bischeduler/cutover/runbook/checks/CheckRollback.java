package org.bischeduler.cutover.runbook.checks;

import org.bischeduler.cutover.run.Finding;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.UsersSaw;
import org.bischeduler.cutover.runbook.Runbook;
import org.bischeduler.cutover.runbook.RunbookStep;
import org.bischeduler.cutover.runbook.ScriptCall;
import org.bischeduler.cutover.runbook.Step;
import org.bischeduler.cutover.runbook.StepContext;
import org.bischeduler.cutover.runbook.StepFailedException;
import org.bischeduler.cutover.runbook.StepScope;
import org.bischeduler.cutover.runbook.UsersProbe;
import org.bischeduler.cutover.shell.TargetException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After compensation: the old prefix answers through nginx and the old app holds the port again.
 * The result goes to the operator's confirmation task; a failed check does not stop the process.
 * It ends the probers on the host and keeps what users saw during the rollback.
 */
@Step(bean = "checkRollback", name = "Check rollback", failsToOperator = false)
class CheckRollback extends RunbookStep {

    @Override
    protected ScriptCall script(StepScope scope) {
        return ScriptCall.of("check-rollback", String.valueOf(scope.oldApp().port()), scope.nginx().baseUrl(),
                scope.nginx().oldPrefix(), scope.oldApp().dir(), scope.newApp().unit(),
                scope.paths().usersProbeLog(UsersProbe.ROLLBACK), scope.paths().usersProbeLog(UsersProbe.CUTOVER));
    }

    @Override
    protected void perform(StepContext step) {
        List<Finding> findings = new ArrayList<>();
        try {
            Map<String, String> facts = runScript(step);
            UsersSaw.fromFacts(facts).ifPresent(saw -> step.keep(ProcessVariables.USERS_SAW_IN_ROLLBACK, saw.toJson()));
            // reported here when verification, which reports it otherwise, never ran
            UsersSaw.fromFacts(facts, "cutoverProbe.").ifPresent(saw -> step.keep(ProcessVariables.USERS_SAW_IN_CUTOVER, saw.toJson()));
            findings.addAll(Finding.fromFacts(facts));
        } catch (TargetException | StepFailedException e) {
            findings.add(Finding.failed("target", "the rollback check runs", e.getMessage()));
        }
        // a failed undo is a failed rollback, even where the host looks right
        for (String undo : Runbook.fullRollback()) {
            step.kept(ProcessVariables.UNDO_OUTCOME + undo).ifPresent(outcome -> findings.add(outcome.startsWith("failed")
                    ? Finding.failed("undo " + undo, "completed", outcome)
                    : Finding.passed("undo " + undo, "completed", outcome)));
        }
        boolean passed = Finding.allPassed(findings);
        step.fact("passed", String.valueOf(passed));
        step.show(ProcessVariables.ROLLBACK_CHECK_PASSED, passed);
        step.findings(ProcessVariables.ROLLBACK_CHECKS, ProcessVariables.ROLLBACK_CHECK_REPORT, findings);
    }
}
