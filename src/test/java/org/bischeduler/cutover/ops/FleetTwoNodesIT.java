package org.bischeduler.cutover.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.bischeduler.cutover.testing.AppNode;
import org.bischeduler.cutover.testing.Locks;
import org.bischeduler.cutover.testing.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of five sandbox targets cut over by two app nodes on one engine database: every target's
 * plan, one approval, the canary, then two waves of two; every target's steps ran once, and the
 * nodes shared them. One node is killed once the first wave has started: the other carries on, and
 * no target of the wave waits longer than the recovery time for its next step.
 */
@ResourceLock(Locks.CORES)
class FleetTwoNodesIT {

    private static final List<String> MORE_TARGETS = List.of("school-2", "school-3", "school-4", "school-5");
    /** What the recovery of a dead node may cost a run (cutover.recovery: heartbeat 10 s, dead after 30 s, and the step itself). */
    private static final long RECOVERY_MILLIS = 60_000;

    @TempDir
    Path dir;

    @Test
    void twoNodesCutOverAFleetOfFiveCanaryFirstThenTwoWavesAndEachStepRunsOnce() {
        List<Sandbox> more = new ArrayList<>();
        try (NodeCluster cluster = new NodeCluster(dir)) {
            Map<String, String> fleet = new LinkedHashMap<>();
            for (String target : MORE_TARGETS) {
                Sandbox host = Sandbox.up(dir.resolve(target));
                more.add(host);
                host.targetProperties(target).forEach((key, value) -> {
                    if (key.startsWith("cutover.targets." + target + ".")) {
                        fleet.put(key, String.valueOf(value));
                    }
                });
            }
            List<String> targets = new ArrayList<>(List.of("sandbox"));
            targets.addAll(MORE_TARGETS);
            for (int i = 0; i < targets.size(); i++) {
                fleet.put("cutover.fleets.district.targets[" + i + "]", targets.get(i));
            }
            fleet.put("cutover.fleets.district.canary", "sandbox");
            fleet.put("cutover.fleets.district.wave-size", "2");
            AppNode a = cluster.node("node-a", fleet);
            AppNode b = cluster.node("node-b", fleet);

            String run = a.rest("ops1", "POST", "/process-definition/key/Process_FleetCutover/start",
                    "{\"businessKey\":\"CHG-900\",\"variables\":{\"fleet\":{\"value\":\"district\"},\"changeReference\":{\"value\":\"CHG-900\"},"
                            + "\"maintenanceWindowStart\":{\"value\":\"" + Instant.now().minusSeconds(60) + "\"}}}").path("id").asText();
            b.complete("manager1", run, "Task_ApprovePlan", NodeCluster.APPROVE, NodeCluster.STEP_WAIT.multipliedBy(2));
            Kill kill = workTargetTasks(cluster, a, b, run);

            JsonNode ended = a.awaitEnded(run, NodeCluster.STEP_WAIT);
            assertThat(ended.path("state").asText()).as(ended.toString()).isEqualTo("COMPLETED");
            assertThat(a.rest("admin", "GET", "/history/activity-instance?processInstanceId=" + run + "&activityId=EndEvent_FleetCompleted", null))
                    .as("the fleet ended completed").hasSize(1);
            List<List<String>> cutovers = cluster.query("SELECT p.ID_, r.TARGET_, p.END_ACT_ID_ FROM ACT_HI_PROCINST p JOIN CUTOVER_RUN r"
                    + " ON r.PROC_INST_ID_ = p.ID_ WHERE p.SUPER_PROCESS_INSTANCE_ID_ = ? AND p.END_ACT_ID_ <> 'EndEvent_PlannedForFleet'"
                    + " ORDER BY p.START_TIME_", run);
            assertThat(cutovers).extracting(row -> row.get(1) + " " + row.get(2)).containsExactly("sandbox EndEvent_Completed",
                    "school-2 EndEvent_Completed", "school-3 EndEvent_Completed", "school-4 EndEvent_Completed", "school-5 EndEvent_Completed");
            for (List<String> cutover : cutovers) {
                assertThat(cluster.query("SELECT ACTIVITY_ID_, COUNT(*) FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ?"
                        + " GROUP BY ACTIVITY_ID_ HAVING COUNT(*) > 1", cutover.get(0))).as("steps run twice on %s", cutover.get(1)).isEmpty();
                // a target run's steps run in processes of their own, called from it
                assertThat(cluster.query("SELECT l.JOB_ID_ FROM ACT_HI_JOB_LOG l WHERE l.JOB_STATE_ = 2 AND (l.PROCESS_INSTANCE_ID_ = ?"
                        + " OR l.PROCESS_INSTANCE_ID_ IN (SELECT ID_ FROM ACT_HI_PROCINST WHERE SUPER_PROCESS_INSTANCE_ID_ = ?))"
                        + " GROUP BY l.JOB_ID_ HAVING COUNT(*) > 1", cutover.get(0), cutover.get(0))).as("jobs done twice on %s", cutover.get(1)).isEmpty();
            }
            // two target runs that end at the same moment may collide on the fleet loop's counters: their end is a job
            // of its own, retried within a second; any other failed job execution is a defect
            assertThat(cluster.query("SELECT l.ACT_ID_, l.JOB_EXCEPTION_MSG_ FROM ACT_HI_JOB_LOG l WHERE l.JOB_STATE_ = 1"
                    + " AND l.ROOT_PROC_INST_ID_ = ?", run).stream()
                    .filter(row -> !(row.get(0).startsWith("EndEvent_") && row.get(1).contains("updated by another transaction concurrently")))
                    .toList()).as("failed job executions").isEmpty();
            List<List<String>> perNode = cluster.query("SELECT l.HOSTNAME_, COUNT(*) FROM ACT_HI_JOB_LOG l"
                    + " WHERE l.ROOT_PROC_INST_ID_ = ? AND l.PROCESS_INSTANCE_ID_ <> ? AND l.JOB_STATE_ = 2 GROUP BY l.HOSTNAME_", run, run);
            System.out.println("target steps per node: " + perNode);
            assertThat(perNode).extracting(row -> row.get(0)).as("the steps ran on both nodes").containsExactlyInAnyOrder("node-a", "node-b");
            int resumed = 0;
            for (List<String> cutover : cutovers.stream().filter(row -> kill.wave().contains(row.get(1))).toList()) {
                var stepAfterKill = cluster.query("SELECT RECORD_ FROM CUTOVER_STEP_RECORD WHERE PROC_INST_ID_ = ?", cutover.get(0)).stream()
                        .map(row -> endedAt(row.get(0))).filter(stepEnd -> stepEnd > kill.at()).min(Long::compare);
                long runEnded = java.sql.Timestamp.valueOf(cluster.query("SELECT END_TIME_ FROM ACT_HI_PROCINST WHERE ID_ = ?",
                        cutover.get(0)).get(0).get(0)).getTime();
                if (stepAfterKill.isEmpty() && runEnded <= kill.at()) {
                    // the other target of the wave may have run its last step before node b died: nothing to resume
                    System.out.printf("%s: ended %d ms before node-b was killed%n", cutover.get(1), kill.at() - runEnded);
                    continue;
                }
                long next = stepAfterKill.orElseThrow(() -> new AssertionError(cutover.get(1) + " ran no step after node-b was killed"));
                resumed++;
                System.out.printf("%s: next step ended %d ms after node-b was killed%n", cutover.get(1), next - kill.at());
                assertThat(next - kill.at()).as("%s waited for its next step", cutover.get(1)).isLessThan(RECOVERY_MILLIS);
            }
            assertThat(resumed).as("targets of the wave that went on after node-b was killed").isPositive();
            assertThat(cluster.host.await(cluster.host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler");
            more.forEach(host -> assertThat(host.await(host.baseUrl() + "/bischeduler/", 200).body()).contains("BiScheduler"));
        } finally {
            more.forEach(Sandbox::close);
        }
    }

    /** When node b was killed, and the wave whose targets were in flight then. */
    private record Kill(long at, List<String> wave) {
    }

    /**
     * Works the target runs' tasks through both nodes in turn, as the people would, until the fleet
     * ends; kills node b in the middle of a wave, and returns when and in which.
     */
    private static Kill workTargetTasks(NodeCluster cluster, AppNode a, AppNode b, String fleet) {
        Map<String, String> answers = new HashMap<>(Map.of("Task_NotifyUsers", NodeCluster.NOTIFIED,
                "Task_SignOff", NodeCluster.SIGNED_OFF, "Task_CloseChange", NodeCluster.CLOSED));
        List<AppNode> nodes = new ArrayList<>(List.of(a, b));
        Kill kill = null;
        long waveStarted = 0;
        long deadline = System.nanoTime() + NodeCluster.STEP_WAIT.multipliedBy(10).toNanos();
        int turn = 0;
        while (System.nanoTime() < deadline) {
            if (a.rest("admin", "GET", "/history/process-instance/" + fleet, null).path("endTime").isTextual()) {
                if (kill == null) {
                    throw new AssertionError("the fleet ended before node b could be killed in a wave");
                }
                return kill;
            }
            if (kill == null) {
                boolean waveJustStarted = waveStarted == 0 && !cluster.query("SELECT p.ID_ FROM ACT_HI_PROCINST p JOIN CUTOVER_RUN r"
                        + " ON r.PROC_INST_ID_ = p.ID_ WHERE p.SUPER_PROCESS_INSTANCE_ID_ = ? AND r.TARGET_ = 'school-2'"
                        + " AND p.END_ACT_ID_ IS NULL AND EXISTS (SELECT 1 FROM CUTOVER_STEP_RECORD s WHERE s.PROC_INST_ID_ = p.ID_"
                        + " AND s.ACTIVITY_ID_ = 'Task_RenderPlan')", fleet).isEmpty();
                if (waveJustStarted) {
                    waveStarted = System.currentTimeMillis();
                }
                // a job of a target run, or of one of its steps' processes
                List<String> inFlight = cluster.query("SELECT r.TARGET_ FROM ACT_RU_JOB j JOIN ACT_HI_PROCINST p ON p.ID_ = j.PROCESS_INSTANCE_ID_"
                        + " JOIN CUTOVER_RUN r ON r.PROC_INST_ID_ IN (p.ID_, p.SUPER_PROCESS_INSTANCE_ID_) WHERE j.ROOT_PROC_INST_ID_ = ?"
                        + " AND j.LOCK_OWNER_ = 'node-b'", fleet).stream().map(row -> row.get(0)).filter(MORE_TARGETS::contains).toList();
                // a node's own new jobs wake its executor first, so node b may not have taken any step yet: it dies
                // once it has, or the job log could not show both nodes at work
                boolean stepDoneOnB = !cluster.query("SELECT l.ID_ FROM ACT_HI_JOB_LOG l WHERE l.ROOT_PROC_INST_ID_ = ?"
                        + " AND l.PROCESS_INSTANCE_ID_ <> ? AND l.JOB_STATE_ = 2 AND l.HOSTNAME_ = 'node-b'", fleet, fleet).isEmpty();
                boolean late = waveStarted > 0 && System.currentTimeMillis() - waveStarted > 30_000;
                if (!inFlight.isEmpty() && stepDoneOnB || late) {
                    b.kill();
                    List<String> wave = inFlight.isEmpty() ? MORE_TARGETS.subList(0, 2) : waveOf(inFlight.get(0));
                    kill = new Kill(System.currentTimeMillis(), wave);
                    nodes.remove(b);
                    System.out.println(inFlight.isEmpty() ? "node-b killed 30 s into the first wave, with no step of it in flight"
                            : "node-b killed while it ran a step of the wave " + wave);
                }
            }
            JsonNode open = a.rest("admin", "GET", "/task?processDefinitionKey=Process_DecommissionPortReuse", null);
            for (JsonNode task : open) {
                String key = task.path("taskDefinitionKey").asText();
                if (!answers.containsKey(key)) {
                    throw new AssertionError("unexpected task " + key + ": " + task);
                }
                nodes.get(turn++ % nodes.size()).rest("ops1", "POST", "/task/" + task.path("id").asText() + "/complete",
                        "{\"variables\":" + answers.get(key) + "}");
            }
            org.bischeduler.cutover.testing.Programs.sleep(250);
        }
        throw new AssertionError("the fleet did not end; open incidents: " + a.rest("admin", "GET", "/incident", null));
    }

    /** The wave of two the target is in: the fleet's waves after the canary. */
    private static List<String> waveOf(String target) {
        int index = MORE_TARGETS.indexOf(target);
        return MORE_TARGETS.subList(index - index % 2, index - index % 2 + 2);
    }

    private static long endedAt(String record) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(record).path("endedAt").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
