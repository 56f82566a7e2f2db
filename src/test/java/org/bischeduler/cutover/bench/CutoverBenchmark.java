package org.bischeduler.cutover.bench;

import org.bischeduler.cutover.audit.RunHistory;
import org.bischeduler.cutover.audit.RunRecord;
import org.bischeduler.cutover.run.ProcessVariables;
import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.testing.Programs;
import org.bischeduler.cutover.testing.Sandbox;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The downtime benchmark (not part of the test suite: run it with scripts/benchmark.sh). On a
 * fresh sandbox target each time it runs, alternately, the runbook's bare commands over one SSH
 * connection (the floor) and the product's cutover through the engine with the people's tasks
 * done at once, while a prober asks the old URL every 20 ms. It reports wall time, the longest
 * stretch without a 200, the 502 and 503 answers, and the product's rollback, each beside what the
 * product's own prober on the host measured, then the medians and the product/floor ratios, and
 * writes them to bench/results/latest.md.
 */
@SpringBootTest
@ActiveProfiles("benchmark")
class CutoverBenchmark {

    private static final int RUNS = Integer.getInteger("benchmark.runs", 5);
    private static final Map<String, Sandbox> SANDBOXES = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void sandboxes(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("cutover-bench-");
        List<String> names = new ArrayList<>();
        IntStream.rangeClosed(1, RUNS).forEach(i -> {
            names.add("floor-" + i);
            names.add("product-" + i);
        });
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
    @Autowired
    RunHistory runs;

    /** @param onHost what the product's own prober on the host measured, cutover then rollback (null for the floor) */
    record Run(String kind, int number, long wallMillis, Prober.Outage outage, Long rollbackWallMillis, Prober.Outage rollbackOutage,
               RunRecord.Downtime onHost) {

        long cutoverDifference() {
            return Math.abs(onHost.inCutover().longestMillis() - outage.longestMillis());
        }

        long rollbackDifference() {
            return Math.abs(onHost.inRollback().longestMillis() - rollbackOutage.longestMillis());
        }
    }

    @Test
    void measureCutoverAgainstTheBareCommands() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= RUNS; i++) {
            runs.add(floor(i));
            runs.add(product(i));
            System.out.println(runs.get(runs.size() - 2) + "\n" + runs.get(runs.size() - 1));
        }
        String report = report(runs);
        System.out.println(report);
        Path results = Path.of("bench/results/latest.md");
        Files.createDirectories(results.getParent());
        Files.writeString(results, report);
    }

    private Run floor(int number) {
        Sandbox host = SANDBOXES.get("floor-" + number);
        try (Prober prober = new Prober(host.baseUrl() + "/scheduler/")) {
            Programs.sleep(300);
            long start = System.currentTimeMillis();
            String output = Programs.run(List.of("bash", "-c", "ssh -i \"$1/ssh/client_key\" -o UserKnownHostsFile=\"$1/ssh/known_hosts\" "
                    + "-o StrictHostKeyChecking=yes -o BatchMode=yes -p \"$2\" cutover-sandbox@127.0.0.1 sudo -n bash ${FLOOR_TRACE:+-x} -s -- \"$1\" \"$3\" \"$4\" "
                    + "< bench/floor-cutover.sh", "floor", host.dir().toString(), String.valueOf(sshPort(host)),
                    String.valueOf(host.appPort()), "bench" + number));
            long verified = Long.parseLong(output.lines().filter(l -> l.startsWith("@verified=")).findFirst().orElseThrow().substring(10));
            Programs.sleep(300);
            return new Run("floor", number, verified - start, prober.between(start, verified + 300), null, null, null);
        }
    }

    private Run product(int number) {
        String target = "product-" + number;
        Sandbox host = SANDBOXES.get(target);
        try (Prober prober = new Prober(host.baseUrl() + "/scheduler/")) {
            Map<String, Object> variables = new HashMap<>();
            variables.put(ProcessVariables.TARGET, target);
            variables.put(ProcessVariables.CHANGE_REFERENCE, "BENCH-" + number);
            // the window opens a little after users are told: preparation runs before it, as in a real change
            Instant window = Instant.now().plusSeconds(3);
            variables.put(ProcessVariables.MAINTENANCE_WINDOW_START, window.toString());
            String id = as("ops1", "ops", () -> runtime.startProcessInstanceByKey(ProcessVariables.PROCESS_KEY, variables).getId());
            complete(id, "Task_ApprovePlan", "manager1", "managers", Map.of("approvalDecision", "approve", "approvalComment", "go"));
            complete(id, "Task_NotifyUsers", "ops1", "ops", ProcessDriver.NOTIFIED);
            long windowOpens = window.toEpochMilli();
            await(id, "Task_SignOff");
            long verified = endOf(id, "Task_VerifyCutover");
            Prober.Outage cutover = prober.between(windowOpens, verified + 300);

            Programs.sleep(300);
            long rollbackStarts = System.currentTimeMillis();
            complete(id, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "reject", "signOffComment", "benchmark"));
            await(id, "Task_ConfirmRollback");
            long rolledBack = endOf(id, "Task_CheckRollback");
            Programs.sleep(300);
            Prober.Outage rollback = prober.between(rollbackStarts, rolledBack + 300);
            complete(id, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));
            if (Boolean.getBoolean("benchmark.trace")) {
                history.createHistoricActivityInstanceQuery().processInstanceId(id).orderByHistoricActivityInstanceStartTime().asc()
                        .orderPartiallyByOccurrence().asc().list().forEach(a -> System.out.printf(Locale.ROOT, "TRACE %-40s +%6d %6s ms%n",
                                a.getActivityId(), a.getStartTime().getTime() - windowOpens, a.getDurationInMillis()));
            }
            RunRecord.Downtime onHost = runs.record(id).orElseThrow().downtime();
            if (onHost.inCutover() == null || onHost.inRollback() == null) {
                throw new AssertionError("the run did not keep what its prober on the host saw: " + onHost);
            }
            return new Run("product", number, verified - windowOpens, cutover, rolledBack - rollbackStarts, rollback, onHost);
        }
    }

    private void complete(String id, String taskKey, String user, String group, Map<String, Object> variables) {
        Task task = await(id, taskKey);
        as(user, group, () -> {
            tasks.complete(task.getId(), variables);
            return null;
        });
    }

    private Task await(String id, String taskKey) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Task task = tasks.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).singleResult();
            if (task != null) {
                return task;
            }
            Programs.sleep(5);
        }
        throw new AssertionError("no " + taskKey + "; incidents: " + runtime.createIncidentQuery().processInstanceId(id).list().stream()
                .map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).toList());
    }

    private long endOf(String id, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(id).activityId(activityId).finished()
                .orderByHistoricActivityInstanceEndTime().desc().list().stream().findFirst()
                .map(HistoricActivityInstance::getEndTime).orElseThrow().getTime();
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

    private static int sshPort(Sandbox host) {
        try {
            return Integer.parseInt(Files.readAllLines(host.path("sandbox.env")).stream().filter(l -> l.startsWith("SSH_PORT="))
                    .findFirst().orElseThrow().substring(9));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String report(List<Run> runs) {
        List<Run> floor = runs.stream().filter(r -> r.kind().equals("floor")).toList();
        List<Run> product = runs.stream().filter(r -> r.kind().equals("product")).toList();
        double floorWall = median(floor, Run::wallMillis);
        double floorOutage = median(floor, r -> r.outage().longestMillis());
        double productWall = median(product, Run::wallMillis);
        double productOutage = median(product, r -> r.outage().longestMillis());
        double rollbackWall = median(product, Run::rollbackWallMillis);
        double rollbackOutage = median(product, r -> r.rollbackOutage().longestMillis());
        int product502 = product.stream().mapToInt(r -> r.outage().count502() + r.rollbackOutage().count502()).sum();
        int product404 = product.stream().mapToInt(r -> r.outage().count404() + r.rollbackOutage().count404()).sum();
        StringBuilder md = new StringBuilder("# Cutover benchmark\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d runs of each, alternating, each on a fresh sandbox target; "
                + "%d cores. Command: `scripts/benchmark.sh %d`.%n%n", Instant.now(), floor.size(),
                Runtime.getRuntime().availableProcessors(), floor.size()));
        md.append("| run | wall (ms) | outage (ms) | on the host (ms) | 404 | 502 | 503 | rollback wall (ms) | rollback outage (ms)"
                + " | on the host (ms) | rollback 404 | rollback 502 | rollback 503 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            boolean measured = r.onHost() != null;
            md.append(String.format(Locale.ROOT, "| %s %d | %d | %d | %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n", r.kind(), r.number(),
                    r.wallMillis(), r.outage().longestMillis(), measured ? r.onHost().inCutover().longestMillis() : "-",
                    r.outage().count404(), r.outage().count502(), r.outage().count503(),
                    measured ? r.rollbackWallMillis() : "-",
                    measured ? r.rollbackOutage().longestMillis() : "-",
                    measured ? r.onHost().inRollback().longestMillis() : "-",
                    measured ? r.rollbackOutage().count404() : "-",
                    measured ? r.rollbackOutage().count502() : "-",
                    measured ? r.rollbackOutage().count503() : "-"));
        }
        md.append(String.format(Locale.ROOT, "%n## Medians%n%n| | floor | product | product/floor | target |%n|---|---|---|---|---|%n"
                        + "| wall time (ms) | %.0f | %.0f | %.2f | ≤ 1.50 |%n| outage (ms) | %.0f | %.0f | %.2f | ≤ 1.00 |%n"
                        + "| 404 answers (all runs, cutover and rollback) | %d | %d | | 0 |%n"
                        + "| 502 answers (all runs, cutover and rollback) | %d | %d | | 0 |%n"
                        + "| rollback wall time (ms) | | %.0f | %.2f × the product's cutover | ≤ 2.00 |%n"
                        + "| rollback outage (ms) | | %.0f | %.2f × the product's cutover | ≤ 2.00 |%n"
                        + "| largest difference between the prober on the host and this one, any run (ms) | | %d | | ≤ 40 |%n",
                floorWall, productWall, productWall / floorWall, floorOutage, productOutage, productOutage / floorOutage,
                floor.stream().mapToInt(r -> r.outage().count404()).sum(), product404,
                floor.stream().mapToInt(r -> r.outage().count502()).sum(), product502,
                rollbackWall, rollbackWall / productWall, rollbackOutage, rollbackOutage / productOutage,
                product.stream().mapToLong(r -> Math.max(r.cutoverDifference(), r.rollbackDifference())).max().orElse(0)));
        return md.toString();
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
