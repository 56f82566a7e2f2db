package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production shape: the engine on a real MariaDB, the app killed in the middle of a step, started
 * again, and the run goes on to the end on the real sandbox target.
 */
class MariaDbEngineRestartIT {

    @TempDir
    Path dir;

    @Test
    void runSurvivesTheAppBeingKilledMidStepAndLeavesNoSecretInTheEngineDatabase() throws Exception {
        try (NodeCluster cluster = new NodeCluster(dir, "--stubborn-old-app", "--key-passphrase")) {
            // a short job lock, so the restarted node takes over the interrupted step soon; still longer than any step here
            Map<String, String> settings = Map.of("camunda.bpm.job-execution.lock-time-in-millis", "20000",
                    "cutover.targets.sandbox.old-app.stop-grace", "8s");
            AppNode first = cluster.node("node-a", settings);
            String run = cluster.startRun(first, "CHG-500");
            first.complete("manager1", run, "Task_ApprovePlan", NodeCluster.APPROVE, NodeCluster.STEP_WAIT);
            first.complete("ops1", run, "Task_NotifyUsers", NodeCluster.NOTIFIED, NodeCluster.STEP_WAIT);

            // one job runs the window's steps, from the nginx switch on; kill the node while it stops the old app
            awaitLocked(cluster, run, "Task_SwitchNginxConfig");
            awaitStopInProgress(cluster);
            first.kill();
            assertThat(cluster.query("SELECT d.ACT_ID_ FROM ACT_RU_JOB j JOIN ACT_RU_JOBDEF d ON d.ID_ = j.JOB_DEF_ID_ "
                    + "WHERE j.PROCESS_INSTANCE_ID_ = ?", run))
                    .as("the interrupted steps are still waiting as a job").contains(List.of("Task_SwitchNginxConfig"));

            AppNode second = cluster.node("node-b", settings);
            second.complete("ops1", run, "Task_SignOff", NodeCluster.SIGNED_OFF, NodeCluster.STEP_WAIT);
            second.complete("ops1", run, "Task_CloseChange", NodeCluster.CLOSED, NodeCluster.STEP_WAIT);

            assertThat(second.rest("admin", "GET", "/history/process-instance/" + run, null).path("state").asText()).isEqualTo("COMPLETED");
            assertThat(second.rest("admin", "GET", "/history/activity-instance?processInstanceId=" + run
                    + "&activityId=EndEvent_Completed", null)).as("the run ended at EndEvent_Completed").hasSize(1);
            assertThat(cluster.host.await(cluster.host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
            assertThat(cluster.host.await(cluster.host.baseUrl() + "/scheduler/", 301).statusCode()).isEqualTo(301);
            assertThat(cluster.query("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE PROCESS_INSTANCE_ID_ = ? AND ACT_ID_ = ? "
                    + "AND JOB_STATE_ = 2 AND HOSTNAME_ = 'node-b'", run, "Task_SwitchNginxConfig")).containsExactly(List.of("1"));
            assertThat(cluster.query("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE PROCESS_INSTANCE_ID_ = ? AND ACT_ID_ = ? "
                    + "AND JOB_STATE_ = 2 AND HOSTNAME_ = 'node-a'", run, "Task_SwitchNginxConfig")).containsExactly(List.of("0"));

            String everything = cluster.wholeDatabaseText();
            assertThat(everything).contains("CHG-500")
                    .doesNotContain(Files.readString(cluster.host.path("secrets/db-password")).strip())
                    .doesNotContain(Files.readString(cluster.host.path("secrets/key-passphrase")).strip())
                    .doesNotContain(cluster.passwords.get("ops1")).doesNotContain(cluster.passwords.get("admin"));
        }
    }

    /** The stop step writes how the old app ran before it signals it: then the stop is under way. */
    private static void awaitStopInProgress(NodeCluster cluster) throws Exception {
        Path backups = cluster.host.path("var/backups/scheduler");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(backups)) {
                if (files.anyMatch(f -> f.getFileName().toString().endsWith("-old-service.state"))) {
                    Programs.sleep(500);
                    return;
                }
            } catch (java.nio.file.NoSuchFileException notYet) {
                // the backups come first
            }
            Programs.sleep(50);
        }
        throw new AssertionError("the old service's stop never started");
    }

    private static void awaitLocked(NodeCluster cluster, String run, String activity) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!cluster.query("SELECT j.LOCK_OWNER_ FROM ACT_RU_JOB j JOIN ACT_RU_JOBDEF d ON d.ID_ = j.JOB_DEF_ID_ "
                    + "WHERE j.PROCESS_INSTANCE_ID_ = ? AND d.ACT_ID_ = ? AND j.LOCK_OWNER_ IS NOT NULL", run, activity).isEmpty()) {
                return;
            }
            Programs.sleep(100);
        }
        throw new AssertionError(activity + " never started");
    }
}
