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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs when a cutover starts, before anything touches a host: refuses an unknown target, a bad
 * change reference or window, a start by nobody in particular, and a target that already has a
 * cutover in progress (its lock is taken in the transaction that starts the run). Then opens the
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
    private final Clock clock;

    /** The app's context path, for the links the forms show: they are read in the browser, beside Tasklist. */
    private final String contextPath;

    RunStartListener(CutoverProperties properties, TargetLocks locks, RunStore runs,
                     @Value("${server.servlet.context-path:}") String contextPath) {
        this.properties = properties;
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

    /** The fleet run that started this run as its call activity, as the run store holds it; empty for a run of its own. */
    private Optional<RunIdentity> fleetOf(DelegateExecution execution) {
        DelegateExecution parent = execution.getSuperExecution();
        if (parent == null) {
            return Optional.empty();
        }
        String key = execution.getProcessEngineServices().getRepositoryService()
                .getProcessDefinition(parent.getProcessDefinitionId()).getKey();
        if (!ProcessVariables.FLEET_KEY.equals(key)) {
            throw new CutoverRefusedException("a cutover is started on its own or by a fleet, not by " + key);
        }
        return runs.identity(parent.getProcessInstanceId());
    }

    /**
     * A target run the fleet starts after its manager approved the whole change carries that
     * approval: the run store records it for this run (the admission every host step checks), and
     * the approval gateway goes past the run's own approval task.
     */
    private void approveWithFleet(DelegateExecution execution, RunIdentity fleet, String runId, String stage) {
        if (!ProcessVariables.STAGE_RUN.equals(stage) && !ProcessVariables.STAGE_UNDO.equals(stage)) {
            return;
        }
        String approver = runs.admission(fleet.processInstanceId(), Map.of()).approvedBy();
        if (approver == null) {
            throw new CutoverRefusedException("fleet run " + fleet.processInstanceId() + " has no manager's approval");
        }
        runs.recordApproval(runId, approver, Instant.now(clock));
        execution.setVariable(ProcessVariables.APPROVED_WITH_FLEET, true);
    }

    /**
     * The fleet's completed cutover of this target, which a run in stage undo rolls back: found in
     * the engine's history (the fleet's target run that ended completed), never named by a variable.
     */
    private RunIdentity completedCutover(DelegateExecution execution, RunIdentity fleet, String target) {
        return execution.getProcessEngineServices().getHistoryService().createHistoricProcessInstanceQuery()
                .superProcessInstanceId(fleet.processInstanceId()).processDefinitionKey(ProcessVariables.PROCESS_KEY).finished()
                .orderByProcessInstanceEndTime().desc().list().stream()
                .filter(run -> ProcessVariables.END_COMPLETED.equals(run.getEndActivityId()))
                .flatMap(run -> runs.identity(run.getId()).stream()).filter(run -> run.target().equals(target)).findFirst()
                .orElseThrow(() -> new CutoverRefusedException("fleet run " + fleet.processInstanceId()
                        + " has no completed cutover of " + target + " to roll back"));
    }

    /** The targets a fleet target's forms offer to answer for at once: its wave, or the fleet's rollback; none for one alone. */
    private Optional<String> waveShown(RunIdentity fleet, String target, String stage) {
        if (ProcessVariables.STAGE_UNDO.equals(stage)) {
            return Optional.of("the fleet's rollback of every target done");
        }
        if (!ProcessVariables.STAGE_RUN.equals(stage)) {
            return Optional.empty();
        }
        CutoverProperties.Fleet configured = properties.fleet(fleet.target());
        List<String> wave = configured.waveOf(target);
        return wave.size() < 2 ? Optional.empty()
                : Optional.of("wave " + configured.waveNumber(target) + ": " + String.join(", ", wave));
    }

    /** What an undo run starts from: the completed cutover's kept values (its backups, its stamp's paths), without any undo's outcome. */
    private void takeOver(RunIdentity cutover, String runId) {
        Map<String, String> kept = new LinkedHashMap<>();
        runs.values(cutover.processInstanceId()).forEach((name, value) -> {
            if (!name.startsWith(ProcessVariables.UNDO_OUTCOME)) {
                kept.put(name, value);
            }
        });
        kept.put(ProcessVariables.UNDOES_RUN, cutover.processInstanceId());
        runs.keep(runId, kept);
    }

    @Override
    public void notify(DelegateExecution execution) {
        StartRequest request = StartRequest.of(execution.getVariables(), properties);
        Optional<RunIdentity> fleet = fleetOf(execution);
        String stage = (String) execution.getVariable(ProcessVariables.FLEET_STAGE);
        if (fleet.isEmpty() && stage != null) {
            throw new CutoverRefusedException("a run's fleet stage is set by its fleet, and this run has none");
        }
        String startedBy;
        if (fleet.isPresent()) {
            // the engine starts a fleet's target runs, for the person who started the fleet
            if (!properties.fleet(fleet.get().target()).targets().contains(request.target())) {
                throw new CutoverRefusedException("target " + request.target() + " is not one of fleet " + fleet.get().target() + "'s");
            }
            startedBy = fleet.get().startedBy();
        } else {
            Authentication starter = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            if (starter == null || starter.getUserId() == null) {
                throw new CutoverRefusedException("a cutover is started by a logged-in member of ops, not anonymously");
            }
            startedBy = starter.getUserId();
        }
        String runId = execution.getProcessInstanceId();
        // an undo run acts on what the completed cutover left under its stamp
        Optional<RunIdentity> undoes = fleet.filter(parent -> ProcessVariables.STAGE_UNDO.equals(stage))
                .map(parent -> completedCutover(execution, parent, request.target()));
        Optional<String> released = fleet.isPresent()
                ? locks.acquireFrom(fleet.get().processInstanceId(), request.target(), runId, request.changeReference())
                : locks.acquire(request.target(), runId, request.changeReference());
        runs.open(new RunIdentity(runId, request.target(), request.changeReference(), request.windowStart(),
                undoes.map(RunIdentity::runStamp).orElseGet(() -> stamp(runId)), startedBy, Instant.now(clock)));
        undoes.ifPresent(cutover -> takeOver(cutover, runId));
        fleet.ifPresent(parent -> approveWithFleet(execution, parent, runId, stage));
        fleet.flatMap(parent -> waveShown(parent, request.target(), stage))
                .ifPresent(wave -> execution.setVariable(ProcessVariables.FLEET_WAVE, wave));
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
