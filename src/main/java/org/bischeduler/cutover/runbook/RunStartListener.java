package org.bischeduler.cutover.runbook;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.run.CutoverRefusedException;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StartRequest;
import org.bischeduler.cutover.run.TargetLocks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Runs when a cutover starts, before anything touches a host: refuses an unknown target, a bad
 * change reference or window, a start by nobody in particular, and a target that already has a
 * cutover in progress (its lock is taken in the transaction that starts the run; a check-only run
 * takes none). A run its fleet
 * started takes what the fleet hands it ({@link FleetMembership}). Then opens the
 * run in the run store, the only place steps read their target and change from, and sets what
 * the forms and timers show.
 */
@Component("runStartListener")
class RunStartListener implements ExecutionListener {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LoggerFactory.getLogger(RunStartListener.class);

    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final RunStore runs;
    private final FleetMembership.Finder fleets;
    private final Clock clock;

    /** The app's context path, for the links the forms show: they are read in the browser, beside Tasklist. */
    private final String contextPath;

    RunStartListener(CutoverProperties properties, TargetLocks locks, RunStore runs, FleetMembership.Finder fleets,
                     @Value("${server.servlet.context-path:}") String contextPath) {
        this.properties = properties;
        this.fleets = fleets;
        this.contextPath = contextPath.replaceAll("/+$", "");
        this.locks = locks;
        this.runs = runs;
        this.clock = Clock.systemUTC();
    }

    /**
     * The run's mark in every path it makes on the host (state files, backups, the archive): its
     * start to the second and the start of its id, so two runs in the same second never share one.
     */
    private String stamp(String runId) {
        String id = runId.replaceAll("[^0-9a-fA-F]", "").toLowerCase(java.util.Locale.ROOT);
        return STAMP.format(LocalDateTime.now(clock)) + "-" + id.substring(0, Math.min(8, id.length()));
    }

    private static String loggedInStarter(DelegateExecution execution) {
        Authentication starter = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (starter == null || starter.getUserId() == null) {
            throw new CutoverRefusedException("a cutover is started by a logged-in member of ops, not anonymously");
        }
        return starter.getUserId();
    }

    @Override
    public void notify(DelegateExecution execution) {
        StartRequest request = StartRequest.of(execution.getVariables(), properties);
        Optional<FleetMembership> fleet = fleets.of(execution, request);
        String startedBy = fleet.map(FleetMembership::startedBy).orElseGet(() -> loggedInStarter(execution));
        String runId = execution.getProcessInstanceId();
        // an undo run acts on what the completed cutover left under its stamp
        Optional<RunIdentity> undoes = fleet.flatMap(FleetMembership::undoes);
        // a check-only run looks and changes nothing: it holds no lock on its target
        boolean checkOnly = fleet.isEmpty() && Boolean.TRUE.equals(execution.getVariable(ProcessVariables.CHECK_ONLY));
        Optional<String> released = fleet.isPresent() ? fleet.get().takeLock(runId, request.changeReference())
                : checkOnly ? Optional.empty() : locks.acquire(request.target(), runId, request.changeReference());
        runs.open(new RunIdentity(runId, request.target(), request.changeReference(), request.windowStart(),
                undoes.map(RunIdentity::runStamp).orElseGet(() -> stamp(runId)), startedBy, Instant.now(clock)));
        if (checkOnly) {
            // the run store, not the variable a user sent, is what the steps' admission reads
            runs.keep(runId, Map.of(ProcessVariables.CHECK_ONLY, "true"));
        }
        fleet.ifPresent(member -> member.opened(execution, runId));
        released.ifPresent(warning -> {
            LOG.warn("{}", warning);
            runs.keep(runId, Map.of(ProcessVariables.START_WARNING, warning));
        });
        // Tasklist and Cockpit find a run by its change reference
        execution.setProcessBusinessKey(request.changeReference());
        execution.setVariable(ProcessVariables.MAINTENANCE_WINDOW_START, request.windowStart());
        CutoverProperties.Timings timings = properties.timings();
        execution.setVariable(ProcessVariables.APPROVAL_DEADLINE, timings.approvalDeadline().toString());
        execution.setVariable(ProcessVariables.APPROVAL_DUE, Date.from(Instant.now(clock).plus(timings.approvalDeadline())));
        execution.setVariable(ProcessVariables.PREPARATION_BUDGET, timings.preparationBudget().toString());
        execution.setVariable(ProcessVariables.DECOMMISSION_BUDGET, timings.decommissionBudget().toString());
        execution.setVariable(ProcessVariables.INFRASTRUCTURE_BUDGET, timings.infrastructureBudget().toString());
        execution.setVariable(ProcessVariables.DEPLOYMENT_BUDGET, timings.deploymentBudget().toString());
        execution.setVariable(ProcessVariables.VERIFICATION_BUDGET, timings.verificationBudget().toString());
        execution.setVariable(ProcessVariables.FAILURE_DECISION, ProcessVariables.DECISION_NONE);
        execution.setVariable(ProcessVariables.VERIFICATION_PASSED, false);
        execution.setVariable(ProcessVariables.RUN_RECORD_URL, contextPath + "/cutover/runs/" + runId);
        // the sign-off's reviewer checks the new app where its users will reach it
        TargetConfig.Nginx nginx = properties.target(request.target()).nginx();
        execution.setVariable(ProcessVariables.NEW_APP_ADDRESS, nginx.userAddress(nginx.newPrefix()));
    }
}
