package org.bischeduler.cutover.runbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The runbook, declared once: its phases, their steps in the order they run, and each step's undo.
 * The plan a manager approves, the undo order a rollback follows, the model check that holds the
 * BPMN to this, and the tests' expected paths all read it. A step's bean is named after its
 * activity: {@code Task_StopOldService} runs the bean {@code stopOldService}.
 */
public final class Runbook {

    /** One step of a phase and, for a step that changes the host, the step that undoes it. */
    public record Step(String activityId, Optional<String> undoActivityId) {

        public String bean() {
            return beanOf(activityId);
        }
    }

    /** A phase: the subprocess that holds its steps, each with its error boundary and retry path. */
    public record Phase(String subProcessId, List<Step> steps) {

        /** The steps a rollback undoes, in the order it undoes them: newest first. */
        public List<String> undoneNewestFirst() {
            List<String> undone = new ArrayList<>(steps.stream().filter(step -> step.undoActivityId().isPresent())
                    .map(Step::activityId).toList());
            Collections.reverse(undone);
            return List.copyOf(undone);
        }
    }

    /** The steps between which users are without the service; the record's criteria read them. */
    public static final String STOP_OLD_SERVICE = "Task_StopOldService";
    public static final String START_NEW_SERVICE = "Task_StartNewService";

    public static final List<Phase> PHASES = List.of(
            new Phase("SubProcess_Preparation", List.of(
                    step("Task_CheckMigrationWorkspace"),
                    step("Task_BackupConfiguration"),
                    step("Task_StageNginxConfig"),
                    step("Task_InstallServiceUnit", "Task_RemoveServiceUnit"),
                    step("Task_RehearseRelease"))),
            new Phase("SubProcess_Infrastructure", List.of(
                    step("Task_SwitchNginxConfig", "Task_RestoreNginxConfig"))),
            new Phase("SubProcess_Decommission", List.of(
                    step("Task_BackupDatabase"),
                    step("Task_DisableAutoStart", "Task_RestoreAutoStart"),
                    step("Task_ArmNewService", "Task_DisarmNewService"),
                    step(STOP_OLD_SERVICE, "Task_StartOldService"))),
            new Phase("SubProcess_Deployment", List.of(
                    step(START_NEW_SERVICE, "Task_StopNewService"))),
            new Phase("SubProcess_Verification", List.of(
                    step("Task_VerifyCutover"),
                    step("Task_ArchiveOldApp", "Task_RestoreOldApp"),
                    step("Task_InstallMonitoring", "Task_RemoveMonitoring"))),
            new Phase("SubProcess_Closing", List.of(
                    step("Task_MakeRedirectPermanent", "Task_MakeRedirectTemporary"))));

    /** Read-only steps outside the phases: they change nothing, so they have no undo. */
    public static final List<String> CHECKS = List.of("Task_RunPreflight", "Task_RenderPlan", "Task_CheckRollback");

    /**
     * The rollback's own steps, which run declared undos where compensation cannot: the undo of the
     * step that failed (never completed, so never compensated), and every undo again at the
     * operator's request.
     */
    public static final List<String> ROLLBACK_STEPS = List.of("Task_UndoFailedStep", "Task_RepeatUndoSteps");

    private Runbook() {
    }

    /** Every phase step, in the order a cutover runs them. */
    public static List<Step> steps() {
        return PHASES.stream().flatMap(phase -> phase.steps().stream()).toList();
    }

    /** The undo steps of a whole rollback, in the order it runs them: newest step first. */
    public static List<String> fullRollback() {
        List<String> undos = new ArrayList<>(steps().stream().flatMap(step -> step.undoActivityId().stream()).toList());
        Collections.reverse(undos);
        return List.copyOf(undos);
    }

    /** The phases a rollback compensates, one after the other: newest first. */
    public static List<String> phasesUndoneNewestFirst() {
        return phasesUndoneNewestFirst(PHASES);
    }

    static List<String> phasesUndoneNewestFirst(List<Phase> declared) {
        List<String> phases = new ArrayList<>(declared.stream().filter(phase -> !phase.undoneNewestFirst().isEmpty())
                .map(Phase::subProcessId).toList());
        Collections.reverse(phases);
        return List.copyOf(phases);
    }

    /** Whether the activity undoes a step: its failure raises an incident, since nothing catches an error during compensation. */
    public static boolean isUndo(String activityId) {
        return steps().stream().anyMatch(step -> step.undoActivityId().filter(activityId::equals).isPresent());
    }

    /** The undo of a phase step, if it has one. */
    public static Optional<String> undoOf(String activityId) {
        return steps().stream().filter(step -> step.activityId().equals(activityId)).findFirst()
                .flatMap(Step::undoActivityId);
    }

    /** {@code Task_StopOldService} → {@code stopOldService}. */
    public static String beanOf(String activityId) {
        String name = activityId.substring("Task_".length());
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Step step(String activityId) {
        return new Step(activityId, Optional.empty());
    }

    private static Step step(String activityId, String undoActivityId) {
        return new Step(activityId, Optional.of(undoActivityId));
    }
}
