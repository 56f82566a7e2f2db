package org.bischeduler.cutover.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.bischeduler.cutover.CutoverApplication;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetConfigValidatorTest {

    @Test
    void runbookDefaultsAreValid() {
        assertThatCode(() -> TargetConfigValidator.validate("web-01", TestTargets.defaults())).doesNotThrowAnyException();
    }

    @Test
    void badValueIsRefusedWithThePropertyNamed() {
        Map<String, String> properties = new HashMap<>(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
                "ssh.known-hosts-file", "/kh", "nginx.old-prefix", "/scheduler/;return 200;"));
        assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(properties)))
                .hasMessageStartingWith("cutover.targets.web-01.nginx.old-prefix:");
    }

    @Test
    void aProbeIntervalTheProberCannotKeepIsRefused() {
        for (String interval : new String[]{"0ms", "61s"}) {
            Map<String, String> properties = new HashMap<>(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
                    "ssh.known-hosts-file", "/kh", "nginx.probe-interval", interval));
            assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(properties)))
                    .hasMessageStartingWith("cutover.targets.web-01.nginx.probe-interval:");
        }
    }

    @Test
    void rootAccessIsBroadOrNarrowAndNarrowOnlyForALoginThatIsNotRoot() {
        Map<String, String> narrow = new HashMap<>(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
                "ssh.known-hosts-file", "/kh", "ssh.user", "cutover", "ssh.root-access", "narrow"));
        assertThatCode(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(narrow))).doesNotThrowAnyException();
        assertThat(TestTargets.bind(narrow).ssh().narrow()).isTrue();
        assertThat(TestTargets.bind(narrow).ssh().runner()).isEqualTo("/usr/local/lib/cutover/bin/cutover-run");

        Map<String, String> root = new HashMap<>(narrow);
        root.put("ssh.user", "root");
        assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(root)))
                .hasMessageStartingWith("cutover.targets.web-01.ssh.root-access:").hasMessageContaining("not root");
        Map<String, String> unknown = new HashMap<>(narrow);
        unknown.put("ssh.root-access", "some");
        assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(unknown)))
                .hasMessageStartingWith("cutover.targets.web-01.ssh.root-access:").hasMessageContaining("'some'");
        Map<String, String> runner = new HashMap<>(narrow);
        runner.put("ssh.runner", "/usr/local/lib/cutover/bin/cutover-run;id");
        assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(runner)))
                .hasMessageStartingWith("cutover.targets.web-01.ssh.runner:");
    }

    @Test
    void inlineSecretIsRefused() {
        Map<String, String> properties = new HashMap<>(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k",
                "ssh.known-hosts-file", "/kh", "database.password", "hunter2"));
        assertThatThrownBy(() -> TargetConfigValidator.validate("web-01", TestTargets.bind(properties)))
                .hasMessageStartingWith("cutover.targets.web-01.database.password:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void appRefusesToStartWithABadTargetAndNamesTheProperty() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(CutoverApplication.class)
                .properties("spring.main.web-application-type=none",
                        "spring.datasource.url=jdbc:h2:mem:bad-target;NON_KEYWORDS=VALUE",
                        "camunda.bpm.admin-user.password=x", "camunda.bpm.job-execution.enabled=false",
                        "cutover.targets.web-01.ssh.host=10.0.0.12", "cutover.targets.web-01.ssh.key-file=/k",
                        "cutover.targets.web-01.ssh.known-hosts-file=/kh",
                        "cutover.targets.web-01.old-app.dir=/opt/scheduler/../etc")
                .run().close())
                .hasStackTraceContaining("cutover.targets.web-01.old-app.dir");
    }
}
