package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.AppNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app nodes on one engine database, each answering some of the run's tasks and each with its job
 * executor competing for the run's jobs: every step runs exactly once. Which node ran how many jobs
 * is printed, not asserted (with six jobs one node often takes them all); FleetTwoNodesIT asserts
 * that both nodes ran steps.
 */
class TwoNodesIT {

    private static final List<String> STEPS = List.of("Task_RunPreflight", "Task_RenderPlan",
            "Task_CheckMigrationWorkspace", "Task_BackupConfiguration", "Task_StageNginxConfig", "Task_InstallServiceUnit",
            "Task_RehearseRelease", "Task_SwitchNginxConfig", "Task_BackupDatabase", "Task_DisableAutoStart", "Task_ArmNewService", "Task_StopOldService", "Task_StartNewService",
            "Task_VerifyCutover", "Task_ArchiveOldApp", "Task_InstallMonitoring", "Task_MakeRedirectPermanent");

    @TempDir
    Path dir;

    @Test
    void twoNodesRunOneCutoverAndEachStepRunsOnce() {
        try (NodeCluster cluster = new NodeCluster(dir)) {
            AppNode a = cluster.node("node-a", Map.of());
            AppNode b = cluster.node("node-b", Map.of());

            String run = cluster.startRun(a, "CHG-600");
            b.complete("manager1", run, "Task_ApprovePlan", NodeCluster.APPROVE, NodeCluster.STEP_WAIT);
            a.complete("ops1", run, "Task_NotifyUsers", NodeCluster.NOTIFIED, NodeCluster.STEP_WAIT);
            b.complete("ops1", run, "Task_SignOff", NodeCluster.SIGNED_OFF, NodeCluster.STEP_WAIT);
            a.complete("ops1", run, "Task_CloseChange", NodeCluster.CLOSED, NodeCluster.STEP_WAIT);

            var ended = b.awaitEnded(run, NodeCluster.STEP_WAIT);
            assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETED");
            assertThat(b.rest("admin", "GET", "/history/activity-instance?processInstanceId=" + run + "&activityId=EndEvent_Completed", null))
                    .as("the run ended at EndEvent_Completed").hasSize(1);
            Map<String, String> records = cluster.query("SELECT ACTIVITY_ID_, COUNT(*) FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ? "
                    + "GROUP BY ACTIVITY_ID_", run).stream()
                    .collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
            for (String step : STEPS) {
                assertThat(records).as("runs of " + step).containsEntry(step, "1");
            }
            assertThat(cluster.query("SELECT ACT_ID_, HOSTNAME_ FROM ACT_HI_JOB_LOG WHERE PROCESS_INSTANCE_ID_ = ? AND JOB_STATE_ = 1", run))
                    .as("failed job executions").isEmpty();
            List<List<String>> successes = cluster.query("SELECT ACT_ID_, COUNT(*) FROM ACT_HI_JOB_LOG WHERE PROCESS_INSTANCE_ID_ = ? "
                    + "AND JOB_STATE_ = 2 GROUP BY ACT_ID_ HAVING COUNT(*) > 1", run);
            assertThat(successes).as("jobs that succeeded more than once").isEmpty();
            System.out.println("steps per node: " + cluster.query("SELECT HOSTNAME_, COUNT(*) FROM ACT_HI_JOB_LOG "
                    + "WHERE PROCESS_INSTANCE_ID_ = ? AND JOB_STATE_ = 2 GROUP BY HOSTNAME_", run));
            assertThat(cluster.host.await(cluster.host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
        }
    }
}
