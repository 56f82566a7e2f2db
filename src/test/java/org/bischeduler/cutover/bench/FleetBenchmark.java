package org.bischeduler.cutover.bench;

import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.Sandbox;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The fleet benchmark (not part of the test suite: run it with scripts/benchmark-fleet.sh). On
 * fresh sandbox targets it runs a warm-up cutover (not counted), single cutovers one after another, then fleets of 1, 3 and 5
 * targets (canary, then waves of two), the people's tasks done at once, with a prober on each
 * target's old URL. It reports each fleet's wall time against the sum of as many single runs,
 * and each target's longest outage next to a single run's, and writes bench/results/fleet-latest.md.
 */
@SpringBootTest
@ActiveProfiles("benchmark")
class FleetBenchmark {

    private static final List<Integer> SIZES = List.of(1, 3, 5);
    private static final int SINGLES = 5;
    private static final Map<String, Sandbox> SANDBOXES = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void sandboxes(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("cutover-fleet-bench-");
        List<String> names = new ArrayList<>();
        names.add("warm-up");
        IntStream.rangeClosed(1, SINGLES).forEach(i -> names.add("single-" + i));
        for (int size : SIZES) {
            IntStream.rangeClosed(1, size).forEach(i -> names.add("fleet" + size + "-" + i));
            registry.add("cutover.fleets.fleet" + size + ".canary", () -> "fleet" + size + "-1");
            registry.add("cutover.fleets.fleet" + size + ".wave-size", () -> "2");
            for (int i = 1; i <= size; i++) {
                String target = "fleet" + size + "-" + i;
                registry.add("cutover.fleets.fleet" + size + ".targets[" + (i - 1) + "]", () -> target);
            }
        }
        names.parallelStream().forEach(name -> SANDBOXES.put(name, Sandbox.up(root.resolve(name))));
        SANDBOXES.forEach((name, sandbox) -> sandbox.targetProperties(name).forEach((key, value) -> registry.add(key, () -> value)));
    }

    @AfterAll
    static void tearDown() {
        SANDBOXES.values().parallelStream().forEach(Sandbox::close);
    }

    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;
    @Autowired
    IdentityService identity;

    /** One run measured: its wall time, and the longest outage of each of its targets. */
    record Measured(long wallMillis, Map<String, Prober.Outage> outages) {
    }

    @Test
    void measureFleetsAgainstSingleRuns() throws Exception {
        // the first run after start-up pays for the JIT; it is not counted
        run(ProcessVariables.PROCESS_KEY, Map.of(ProcessVariables.TARGET, "warm-up"), List.of("warm-up"));
        List<Measured> singles = new ArrayList<>();
        for (int i = 1; i <= SINGLES; i++) {
            singles.add(run(ProcessVariables.PROCESS_KEY, Map.of(ProcessVariables.TARGET, "single-" + i), List.of("single-" + i)));
            System.out.println("single " + i + ": " + singles.get(i - 1));
        }
        Map<Integer, Measured> fleets = new LinkedHashMap<>();
        for (int size : SIZES) {
            List<String> targets = IntStream.rangeClosed(1, size).mapToObj(i -> "fleet" + size + "-" + i).toList();
            fleets.put(size, run(ProcessVariables.FLEET_KEY, Map.of(ProcessVariables.FLEET, "fleet" + size), targets));
            System.out.println("fleet " + size + ": " + fleets.get(size));
        }
        String report = report(singles, fleets);
        System.out.println(report);
        Path results = Path.of("bench/results/fleet-latest.md");
        Files.createDirectories(results.getParent());
        Files.writeString(results, report);
    }

    /** Starts a run with the window already open, does every task at once, and measures it until it ended. */
    private Measured run(String process, Map<String, Object> start, List<String> targets) {
        Map<String, Prober> probers = new LinkedHashMap<>();
        targets.forEach(target -> probers.put(target, new Prober(SANDBOXES.get(target).baseUrl() + "/scheduler/")));
        try {
            Programs.sleep(300);
            Map<String, Object> variables = new HashMap<>(start);
            String change = "BENCH-" + System.nanoTime();
            variables.put(ProcessVariables.CHANGE_REFERENCE, change);
            variables.put(ProcessVariables.MAINTENANCE_WINDOW_START, Instant.now().minusSeconds(60).toString());
            long started = System.currentTimeMillis();
            String id = as("ops1", "ops", () -> runtime.startProcessInstanceByKey(process, change, variables).getId());
            workUntilEnded(id);
            long ended = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndTime().getTime();
            Programs.sleep(300);
            Map<String, Prober.Outage> outages = new LinkedHashMap<>();
            probers.forEach((target, prober) -> outages.put(target, prober.between(started, ended + 300)));
            return new Measured(ended - started, outages);
        } finally {
            probers.values().forEach(Prober::close);
        }
    }

    private void workUntilEnded(String id) {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            HistoricProcessInstance run = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
            if (run.getEndTime() != null) {
                if (!List.of("EndEvent_Completed", "EndEvent_FleetCompleted").contains(run.getEndActivityId())) {
                    throw new AssertionError("run " + id + " ended at " + run.getEndActivityId());
                }
                return;
            }
            for (Task task : tasks.createTaskQuery().list()) {
                Map<String, Object> answer = switch (task.getTaskDefinitionKey()) {
                    case "Task_ApprovePlan" -> Map.of("approvalDecision", "approve", "approvalComment", "go");
                    case "Task_NotifyUsers" -> ProcessDriver.NOTIFIED;
                    case "Task_SignOff" -> Map.of("signOffDecision", "approve", "signOffComment", "benchmark", "webInterfaceOk", true,
                            "apiEndpointsOk", true, "dataOk", true, "reportsOk", true);
                    case "Task_CloseChange" -> Map.of("usersInformed", true);
                    default -> throw new AssertionError("unexpected task " + task.getTaskDefinitionKey() + "; incidents: "
                            + runtime.createIncidentQuery().list().stream().map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).toList());
                };
                boolean manager = task.getTaskDefinitionKey().equals("Task_ApprovePlan");
                as(manager ? "manager1" : "ops1", manager ? "managers" : "ops", () -> {
                    tasks.complete(task.getId(), answer);
                    return null;
                });
            }
            if (!runtime.createIncidentQuery().list().isEmpty()) {
                throw new AssertionError("incidents: " + runtime.createIncidentQuery().list().stream()
                        .map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).toList());
            }
            Programs.sleep(20);
        }
        throw new AssertionError("run " + id + " did not end within 10 minutes");
    }

    private <T> T as(String user, String group, java.util.concurrent.Callable<T> work) {
        identity.setAuthentication(user, List.of(group));
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            identity.clearAuthentication();
        }
    }

    private static String report(List<Measured> singles, Map<Integer, Measured> fleets) {
        StringBuilder md = new StringBuilder("# Fleet benchmark\n\n");
        md.append(String.format(Locale.ROOT, "%s, on fresh sandbox targets, one app node, the people's tasks done at once, the window "
                + "already open, after one warm-up cutover that is not counted; fleets have a canary and waves of two; the sandboxes "
                + "run on the app's machine. %d cores. Command: `scripts/benchmark-fleet.sh`.%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors()));
        md.append("| single run | wall (ms) | longest outage (ms) |\n|---|---|---|\n");
        for (int i = 0; i < singles.size(); i++) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d |%n", i + 1, singles.get(i).wallMillis(),
                    singles.get(i).outages().values().iterator().next().longestMillis()));
        }
        double singleOutage = median(singles.stream().mapToLong(m -> m.outages().values().iterator().next().longestMillis()).toArray());
        md.append("\n| targets | fleet wall (ms) | sum of as many single runs (ms) | fleet / sum | each target's longest outage (ms) | median single-run outage (ms) |\n");
        md.append("|---|---|---|---|---|---|\n");
        fleets.forEach((size, fleet) -> {
            long sum = singles.subList(0, size).stream().mapToLong(Measured::wallMillis).sum();
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %s | %.0f |%n", size, fleet.wallMillis(), sum,
                    (double) fleet.wallMillis() / sum, String.join(", ", fleet.outages().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().longestMillis()).toList()), singleOutage));
        });
        return md.toString();
    }

    private static double median(long[] values) {
        long[] sorted = java.util.Arrays.stream(values).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
