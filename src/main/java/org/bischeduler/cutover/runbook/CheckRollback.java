package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.shell.TargetException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After compensation: the old prefix answers through nginx and the old app holds the port again.
 * The result goes to the operator's confirmation task; a failed check does not stop the process.
 */
@Component("checkRollback")
class CheckRollback extends RunbookStep {

    CheckRollback(StepSupport support) {
        super(support);
    }

    @Override
    public String stepName() {
        return "Check rollback";
    }

    @Override
    protected ScriptCall script(TargetConfig target, String runStamp) {
        return ScriptCall.of("check-rollback", String.valueOf(target.oldApp().port()), target.nginx().baseUrl(),
                target.nginx().oldPrefix());
    }

    @Override
    protected boolean failsToOperator() {
        return false;
    }

    @Override
    protected void perform(StepContext step) {
        List<String> findings = new ArrayList<>();
        try {
            Map<String, String> facts = step.runScript(script(step.target(), step.runStamp()));
            findings.addAll(RemoteScript.checks(facts));
        } catch (TargetException | StepFailedException e) {
            findings.add("target: fail: " + step.scrub(e.getMessage()));
        }
        boolean passed = findings.stream().noneMatch(line -> line.contains(": fail"));
        step.fact("passed", String.valueOf(passed));
        step.show(ProcessVariables.ROLLBACK_CHECK_PASSED, passed);
        step.show(ProcessVariables.ROLLBACK_CHECK_REPORT, String.join("\n", findings));
    }

    }
