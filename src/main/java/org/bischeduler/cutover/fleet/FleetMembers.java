package org.bischeduler.cutover.fleet;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.run.CutoverRefusedException;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.run.RunIdentity;
import org.bischeduler.cutover.run.RunStore;
import org.bischeduler.cutover.run.StartRequest;
import org.bischeduler.cutover.run.TargetLocks;
import org.bischeduler.cutover.runbook.FleetMembership;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet's target runs as they start: started by the fleet's call activity for one of its targets,
 * for the person who started the fleet, with the fleet's approval, the target's lock taken over
 * from the fleet, and in stage undo the completed cutover they roll back.
 */
@Component
class FleetMembers implements FleetMembership.Finder {

    private final CutoverProperties properties;
    private final TargetLocks locks;
    private final RunStore runs;
    private final Clock clock = Clock.systemUTC();

    FleetMembers(CutoverProperties properties, TargetLocks locks, RunStore runs) {
        this.properties = properties;
        this.locks = locks;
        this.runs = runs;
    }

    @Override
    public Optional<FleetMembership> of(DelegateExecution execution, StartRequest request) {
        String stage = (String) execution.getVariable(ProcessVariables.FLEET_STAGE);
        Optional<RunIdentity> fleet = fleetOf(execution);
        if (fleet.isEmpty()) {
            if (stage != null) {
                throw new CutoverRefusedException("a run's fleet stage is set by its fleet, and this run has none");
            }
            return Optional.empty();
        }
        if (!properties.fleet(fleet.get().target()).targets().contains(request.target())) {
            throw new CutoverRefusedException("target " + request.target() + " is not one of fleet " + fleet.get().target() + "'s");
        }
        Optional<RunIdentity> undoes = ProcessVariables.STAGE_UNDO.equals(stage)
                ? Optional.of(completedCutover(execution, fleet.get(), request.target())) : Optional.empty();
        return Optional.of(new Member(fleet.get(), request.target(), stage, undoes));
    }

    private final class Member implements FleetMembership {

        private final RunIdentity fleet;
        private final String target;
        private final String stage;
        private final Optional<RunIdentity> undoes;

        Member(RunIdentity fleet, String target, String stage, Optional<RunIdentity> undoes) {
            this.fleet = fleet;
            this.target = target;
            this.stage = stage;
            this.undoes = undoes;
        }

        @Override
        public String startedBy() {
            // the engine starts a fleet's target runs, for the person who started the fleet
            return fleet.startedBy();
        }

        @Override
        public Optional<RunIdentity> undoes() {
            return undoes;
        }

        @Override
        public Optional<String> takeLock(String runId, String changeReference) {
            return locks.acquireFrom(fleet.processInstanceId(), target, runId, changeReference);
        }

        @Override
        public void opened(DelegateExecution execution, String runId) {
            undoes.ifPresent(cutover -> takeOver(cutover, runId));
            approveWithFleet(execution, fleet, runId, stage);
            waveShown(fleet, target, stage).ifPresent(wave -> execution.setVariable(ProcessVariables.FLEET_WAVE, wave));
        }
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
}
