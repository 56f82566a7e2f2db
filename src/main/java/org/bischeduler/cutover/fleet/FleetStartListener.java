package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.CutoverRefusedException;
import org.bischeduler.cutover.run.FleetRequest;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs when a fleet cutover starts: refuses an unknown fleet, a bad change reference or window,
 * an anonymous start, and a fleet one of whose targets has a cutover in progress. Takes every one
 * of its targets' locks for the fleet's whole life (its target runs take each over in turn). Opens
 * the fleet run in the run store (its "target" is the fleet's name), where its approval is recorded
 * and every target run it starts finds its requester and its approval.
 */
@Component("fleetStartListener")
class FleetStartListener implements ExecutionListener {

    private final CutoverProperties properties;
    private final RunStore runs;
    private final TargetLocks locks;
    private final String contextPath;

    FleetStartListener(CutoverProperties properties, RunStore runs, TargetLocks locks,
                       @Value("${server.servlet.context-path:}") String contextPath) {
        this.properties = properties;
        this.runs = runs;
        this.locks = locks;
        this.contextPath = contextPath.replaceAll("/+$", "");
    }

    @Override
    public void notify(DelegateExecution execution) {
        FleetRequest request = FleetRequest.of(execution.getVariables(), properties);
        Authentication starter = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (starter == null || starter.getUserId() == null) {
            throw new CutoverRefusedException("a fleet cutover is started by a logged-in member of ops, not anonymously");
        }
        String runId = execution.getProcessInstanceId();
        runs.open(new RunIdentity(runId, request.fleet(), request.changeReference(), request.windowStart(), "fleet",
                starter.getUserId(), Instant.now()));
        List<String> warnings = new ArrayList<>();
        for (String target : properties.fleet(request.fleet()).targets()) {
            // refused in this transaction when a target is busy: the fleet then holds none
            locks.acquire(target, runId, request.changeReference()).ifPresent(warnings::add);
        }
        if (!warnings.isEmpty()) {
            runs.keep(runId, Map.of(ProcessVariables.START_WARNING, String.join("; ", warnings)));
        }
        execution.setProcessBusinessKey(request.changeReference());
        execution.setVariable(ProcessVariables.MAINTENANCE_WINDOW_START, request.windowStart());
        execution.setVariable(ProcessVariables.RUN_RECORD_URL, contextPath + "/cutover/fleets/" + runId);
        execution.setVariable(ProcessVariables.FLEET_STOPPED, false);
        execution.setVariable(ProcessVariables.NEXT_WAVE, "continue");
    }
}
