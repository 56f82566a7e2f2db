package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.Locks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app nodes on one engine database, each answering some of the run's tasks, each with its job
 * executor: every step runs exactly once, and both nodes ran some. Left alone, the node that created
 * a job is woken first and takes the whole chain, so the test makes each node the only one awake
 * for a stretch (the other paused, as a long pause would freeze it): node a runs the checks and the
 * plan, node b the window up to the sign-off, and from there both compete for the closing steps.
 */
@ResourceLock(Locks.CORES)
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

            b.pause();
            String run = cluster.startRun(a, "CHG-600");
            a.awaitTask(run, "Task_ApprovePlan", NodeCluster.STEP_WAIT);
            a.pause();
            b.resume();
            b.complete("manager1", run, "Task_ApprovePlan", NodeCluster.APPROVE, NodeCluster.STEP_WAIT);
            b.complete("ops1", run, "Task_NotifyUsers", NodeCluster.NOTIFIED, NodeCluster.STEP_WAIT);
            b.awaitTask(run, "Task_SignOff", NodeCluster.STEP_WAIT);
            a.resume();
            a.complete("ops1", run, "Task_SignOff", NodeCluster.SIGNED_OFF, NodeCluster.STEP_WAIT);
            b.complete("ops1", run, "Task_CloseChange", NodeCluster.CLOSED, NodeCluster.STEP_WAIT);

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
            // the step processes' jobs count too: they share the run as their root
            assertThat(cluster.query("SELECT ACT_ID_, HOSTNAME_ FROM ACT_HI_JOB_LOG WHERE ROOT_PROC_INST_ID_ = ? AND JOB_STATE_ = 1", run))
                    .as("failed job executions").isEmpty();
            assertThat(cluster.query("SELECT JOB_ID_, ACT_ID_ FROM ACT_HI_JOB_LOG WHERE ROOT_PROC_INST_ID_ = ? AND JOB_STATE_ = 2 "
                    + "GROUP BY JOB_ID_, ACT_ID_ HAVING COUNT(*) > 1", run)).as("jobs that succeeded more than once").isEmpty();
            List<List<String>> perNode = cluster.query("SELECT HOSTNAME_, COUNT(*) FROM ACT_HI_JOB_LOG "
                    + "WHERE ROOT_PROC_INST_ID_ = ? AND JOB_STATE_ = 2 GROUP BY HOSTNAME_", run);
            System.out.println("jobs per node: " + perNode);
            assertThat(perNode).extracting(row -> row.get(0)).as("the jobs ran on both nodes").containsExactlyInAnyOrder("node-a", "node-b");
            assertThat(cluster.host.await(cluster.host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
        }
    }
}
