package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics Prometheus scrapes from the management port: runs by outcome, steps, downtime,
 * approvals waiting. (Spring Boot's tests leave metrics export off unless asked to observe.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
class MetricsWebIT {

    @LocalManagementPort
    int managementPort;
    @Autowired
    ProcessEngine engine;

    @AfterEach
    void tearDown() {
        engine.getRuntimeService().createProcessInstanceQuery().list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "test finished"));
    }

    @Test
    void prometheusReadsRunsByOutcomeStepDurationsDowntimeAndApprovalsWaiting() throws Exception {
        CurrentEngine.use(engine);
        ProcessDriver driver = new ProcessDriver(engine);
        ScriptedTargets.reset("web-01");
        ProcessInstance completed = driver.approvedAndNotified("web-01", "CHG-6001");
        driver.complete(completed, "Task_SignOff", "ops1", "ops", Map.of("signOffDecision", "approve", "signOffComment", "fine",
                "webInterfaceOk", true, "apiEndpointsOk", true, "dataOk", true, "reportsOk", true));
        driver.complete(completed, "Task_CloseChange", "ops1", "ops", Map.of("usersInformed", true));
        ScriptedTargets.reset("web-01").fail("/usr/local/bin/monitor.sh", 1, "monitoring could not be installed", 1);
        ProcessInstance rolledBack = driver.approvedAndNotified("web-01", "CHG-6002");
        driver.complete(rolledBack, ProcessDriver.DECIDE_FAILED_STEP, "ops1", "ops", Map.of("failureDecision", "rollback"));
        driver.complete(rolledBack, "Task_ConfirmRollback", "ops1", "ops", Map.of("usersInformedOfRollback", true));

        String before = scrape();
        assertThat(value(before, "cutover_runs_total\\{outcome=\"completed\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(before, "cutover_runs_total\\{outcome=\"rolled back\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(before, "cutover_step_duration_seconds_count\\{outcome=\"completed\",step=\"Stop old service\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(before, "cutover_step_duration_seconds_count\\{outcome=\"failed\",step=\"Install monitoring\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(before, "cutover_downtime_seconds_count\\{outcome=\"completed\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(before, "cutover_downtime_seconds_max\\{outcome=\"rolled back\"}")).isGreaterThan(0);

        ScriptedTargets.reset("web-02");
        driver.start("web-02", "CHG-6003");
        assertThat(value(scrape(), "cutover_approvals_waiting")).isEqualTo(value(before, "cutover_approvals_waiting") + 1);
    }

    private String scrape() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static double value(String exposition, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(exposition);
        assertThat(matcher.find()).as("%s in%n%s", series, exposition.lines().filter(l -> l.startsWith("cutover")).toList()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
