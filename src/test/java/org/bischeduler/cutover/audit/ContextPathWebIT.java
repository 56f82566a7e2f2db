package org.bischeduler.cutover.audit;

import org.bischeduler.cutover.runbook.ProcessDriver;
import org.bischeduler.cutover.runbook.ScriptedTargets;
import org.bischeduler.cutover.testing.CurrentEngine;
import org.bischeduler.cutover.testing.TestUsers;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Behind a proxy that serves the app under a path, the record's links and the forms' links carry it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.servlet.context-path=/ops")
@ActiveProfiles("processtest")
@Import(ScriptedTargets.class)
class ContextPathWebIT {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;

    @AfterEach
    void tearDown() {
        engine.getRuntimeService().createProcessInstanceQuery().list()
                .forEach(p -> engine.getRuntimeService().deleteProcessInstance(p.getId(), "test finished"));
    }

    @Test
    void theRecordAndTheFormsLinkUnderTheContextPath() throws Exception {
        CurrentEngine.use(engine);
        TestUsers.ensure(engine.getIdentityService(), "pathreader", "path-reader-pw", "auditors");
        ScriptedTargets.reset("web-01");
        ProcessInstance run = new ProcessDriver(engine).start("web-01", "CHG-7001");

        assertThat(engine.getRuntimeService().getVariable(run.getId(), "runRecordUrl")).isEqualTo("/ops/cutover/runs/" + run.getId());
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/ops/cutover/runs/" + run.getId()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("pathreader:path-reader-pw".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/ops/cutover/assets/audit.css\"").contains("href=\"/ops/cutover/runs\"")
                .contains("href=\"/ops/cutover/runs/" + run.getId() + "/live\"").doesNotContain("href=\"/cutover/");
    }
}
