package org.bischeduler.cutover.ops;

import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.HostProcesses;
import org.bischeduler.cutover.testing.Locks;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production shape: the engine on a real MariaDB with the production job lock (30 minutes), the
 * app killed three times in the maintenance window (after the nginx switch, during the database
 * dump, between the old app's stop and verification) and started again, once under the same node
 * name and once as another node. Each time the run resumes within a minute of the restart, and the
 * host ends as an undisturbed run leaves it.
 */
@ResourceLock(Locks.CORES)
class MariaDbEngineRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void runKilledThreeTimesInTheWindowResumesWithinAMinuteOfEachRestartAndEndsAsAnUndisturbedRun() throws Exception {
        try (NodeCluster cluster = new NodeCluster(dir, "--stubborn-old-app", "--key-passphrase", "--slow-dump")) {
            Map<String, String> settings = Map.of("cutover.targets.sandbox.old-app.stop-grace", "3s");
            AppNode first = cluster.node("node-a", settings);
            String run = cluster.startRun(first, "CHG-500");
            first.complete("manager1", run, "Task_ApprovePlan", NodeCluster.APPROVE, NodeCluster.STEP_WAIT);
            first.complete("ops1", run, "Task_NotifyUsers", NodeCluster.NOTIFIED, NodeCluster.STEP_WAIT);

            // 1. right after the nginx switch; the same node comes back and gives back its own locks
            awaitOnHost("the nginx switch", () -> read(cluster.host.path("nginx/sites/scheduler")).contains("/bischeduler/"));
            Timestamp lockedUntil = killAndReadLock(cluster, run, first);
            assertThat(lockedUntil.getTime() - System.currentTimeMillis()).as("the production job lock is in force")
                    .isGreaterThan(Duration.ofMinutes(25).toMillis());
            long restarted = System.nanoTime();
            AppNode again = cluster.node("node-a", settings);
            Duration afterSwitch = awaitResumed(cluster, run, lockedUntil, restarted);

            // 2. during the dump; another node takes over once the dead one has been silent long enough
            awaitOnHost("the dump", () -> partialDumpExists(cluster));
            lockedUntil = killAndReadLock(cluster, run, again);
            restarted = System.nanoTime();
            AppNode other = cluster.node("node-b", settings);
            Duration duringDump = awaitResumed(cluster, run, lockedUntil, restarted);

            // 3. between the old app's stop and verification
            awaitOnHost("the old app's stop", () -> read(oldServiceState(cluster)).contains("@stoppedAt="));
            lockedUntil = killAndReadLock(cluster, run, other);
            restarted = System.nanoTime();
            AppNode last = cluster.node("node-b", settings);
            Duration afterStop = awaitResumed(cluster, run, lockedUntil, restarted);
            last.awaitTask(run, "Task_SignOff", RECOVERY);
            Duration toSignOff = Duration.ofNanos(System.nanoTime() - restarted);
            assertThat(toSignOff).as("the run reaches its sign-off within a minute of the last restart").isLessThan(RECOVERY);
            System.out.printf("time to resume, from the app's start command (its boot included): %d ms after the nginx switch"
                            + " (same node), %d ms during the dump (another node), %d ms after the stop (same node);"
                            + " sign-off waiting %d ms after the last restart%n",
                    afterSwitch.toMillis(), duringDump.toMillis(), afterStop.toMillis(), toSignOff.toMillis());

            last.complete("ops1", run, "Task_SignOff", NodeCluster.SIGNED_OFF, NodeCluster.STEP_WAIT);
            last.complete("ops1", run, "Task_CloseChange", NodeCluster.CLOSED, NodeCluster.STEP_WAIT);

            assertThat(last.awaitEnded(run, NodeCluster.STEP_WAIT).path("state").asText()).isEqualTo("COMPLETED");
            assertThat(last.rest("admin", "GET", "/history/activity-instance?processInstanceId=" + run
                    + "&activityId=EndEvent_Completed", null)).as("the run ended at EndEvent_Completed").hasSize(1);
            assertUndisturbedEnd(cluster);

            String everything = cluster.wholeDatabaseText();
            assertThat(everything).contains("CHG-500")
                    .doesNotContain(Files.readString(cluster.host.path("secrets/db-password")).strip())
                    .doesNotContain(Files.readString(cluster.host.path("secrets/key-passphrase")).strip())
                    .doesNotContain(cluster.passwords.get("ops1")).doesNotContain(cluster.passwords.get("admin"));
        }
    }

    /** BiScheduler serves the port behind nginx, the old URL redirects, one verified dump, the old app archived and stopped. */
    private static void assertUndisturbedEnd(NodeCluster cluster) throws IOException {
        assertThat(cluster.host.await(cluster.host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
        assertThat(cluster.host.await(cluster.host.baseUrl() + "/scheduler/", 301).statusCode())
                .as(() -> "the old prefix's answer; the live site:\n" + read(cluster.host.path("nginx/sites/scheduler"))
                        + "\nnginx's error log:\n" + Programs.tail(cluster.host.path("log/nginx-error.log")))
                .isEqualTo(301);
        assertThat(cluster.host.sh("systemctl is-active bischeduler; systemctl is-enabled bischeduler").strip())
                .isEqualTo("active\nenabled");
        try (var backups = Files.list(cluster.host.path("var/backups/scheduler"))) {
            List<String> names = backups.map(file -> file.getFileName().toString()).toList();
            assertThat(names).filteredOn(name -> name.endsWith(".sql.gz")).hasSize(1);
            assertThat(names).noneMatch(name -> name.endsWith(".partial"));
        }
        assertThat(cluster.host.path("opt/scheduler")).doesNotExist();
        try (var archive = Files.list(cluster.host.path("var/archive"))) {
            assertThat(archive.toList()).singleElement().satisfies(folder -> assertThat(folder.resolve("app.py")).exists());
        }
        assertThat(HostProcesses.runningFrom(cluster.host.path("opt/scheduler"), cluster.host.path("var/archive")))
                .as("no old app left running").isEmpty();
    }

    /** Kills the node and returns until when the run's job stays locked by it. */
    private static Timestamp killAndReadLock(NodeCluster cluster, String run, AppNode node) {
        node.kill();
        List<List<String>> locks = cluster.query("SELECT LOCK_EXP_TIME_ FROM ACT_RU_JOB WHERE PROCESS_INSTANCE_ID_ = ? "
                + "AND LOCK_OWNER_ IS NOT NULL", run);
        assertThat(locks).as("the interrupted step still waits as a locked job").isNotEmpty();
        return Timestamp.valueOf(locks.get(0).get(0));
    }

    /** How long after the node's start command the run's job was taken up again (its lock renewed by a new life). */
    private static Duration awaitResumed(NodeCluster cluster, String run, Timestamp lockedUntil, long started) {
        long deadline = started + RECOVERY.toNanos();
        while (System.nanoTime() < deadline) {
            List<List<String>> locks = cluster.query("SELECT LOCK_EXP_TIME_ FROM ACT_RU_JOB WHERE PROCESS_INSTANCE_ID_ = ? "
                    + "AND LOCK_EXP_TIME_ > ?", run, lockedUntil);
            List<List<String>> waiting = cluster.query("SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROCESS_INSTANCE_ID_ = ?", run);
            if (!locks.isEmpty() || "0".equals(waiting.get(0).get(0))) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Programs.sleep(100);
        }
        throw new AssertionError("the run did not resume within " + RECOVERY + " of the node's start command");
    }

    private static void awaitOnHost(String what, BooleanSupplier reached) {
        long deadline = System.nanoTime() + NodeCluster.STEP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (reached.getAsBoolean()) {
                return;
            }
            Programs.sleep(20);
        }
        throw new AssertionError(what + " never happened");
    }

    private static boolean partialDumpExists(NodeCluster cluster) {
        try (var files = Files.list(cluster.host.path("var/backups/scheduler"))) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".partial"));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path oldServiceState(NodeCluster cluster) {
        try (var files = Files.list(cluster.host.path("var/backups/scheduler"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-old-service.state")).findFirst()
                    .orElse(cluster.host.path("var/backups/scheduler/none"));
        } catch (IOException notYet) {
            return cluster.host.path("var/backups/scheduler/none");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
