package org.bischeduler.cutover.runbook.closing;

import org.bischeduler.cutover.runbook.RemoteScript;
import org.bischeduler.cutover.testing.Programs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * set-redirect.sh on a real nginx. When it returns, nginx answers with the code it wrote: after a
 * reload the old workers answer with the old configuration for a moment, so the step waits until
 * nginx has taken the new one. `nginx -t` does not bind ports, so a site whose port another process
 * holds passes it and is then refused by the running master alone, which keeps serving the old
 * configuration: the step fails, says why, and puts the site file back as nginx still serves it.
 */
class SetRedirectScriptIT {

    private static final String SITE = "server {\n  listen 127.0.0.1:%d;\n"
            + "  location /scheduler/ { rewrite ^/scheduler/(.*)$ /bischeduler/$1 redirect; }\n}\n";

    @TempDir
    Path dir;

    private Path nginx;
    private Path conf;
    private Path site;
    private int port;

    @BeforeEach
    void startNginx() throws IOException {
        nginx = Programs.require("nginx", "/usr/sbin/nginx");
        port = Programs.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        site = Files.writeString(dir.resolve("site"), SITE.formatted(port));
        conf = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + ";",
                "events {}", "http {", "  access_log off;",
                "  client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s; uwsgi_temp_path %1$s; scgi_temp_path %1$s;"
                        .formatted(dir.resolve("tmp")),
                "  include " + site + ";", "}", ""));
        Programs.runLogged(List.of(nginx.toString(), "-c", conf.toString()), dir.resolve("start.log"), Duration.ofSeconds(30));
        Programs.awaitPort(port, Duration.ofSeconds(10), null, dir.resolve("error.log"));
    }

    @AfterEach
    void stopNginx() {
        Programs.run(List.of(nginx.toString(), "-s", "stop", "-c", conf.toString()));
        for (int waited = 0; Files.exists(dir.resolve("nginx.pid")) && waited < 100; waited++) {
            Programs.sleep(50);
        }
    }

    @Test
    void nginxAnswersWithTheCodeTheScriptWroteAsSoonAsItReturns() throws Exception {
        for (int round = 0; round < 10; round++) {
            boolean permanent = round % 2 == 0;

            Result written = setRedirect(permanent ? "permanent" : "temporary");

            assertThat(written.exit()).as(written.output()).isZero();
            assertThat(written.output()).contains("@redirect=" + (permanent ? 301 : 302)).contains("@oldWorkersLeft=0");
            assertThat(oldPrefixCode()).as("the first answer after round %d", round).isEqualTo(permanent ? "301" : "302");
        }
    }

    @Test
    void aReloadTheMasterRefusesFailsTheStepAndPutsTheSiteBackAsNginxStillServesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String before = Files.readString(site) + "server { listen 127.0.0.1:" + taken.getLocalPort() + "; }\n";
            Files.writeString(site, before);

            Result written = setRedirect("permanent");

            assertThat(written.exit()).isNotZero();
            assertThat(written.output()).contains("nginx kept its old configuration").contains("Address already in use")
                    .contains("the original was put back").doesNotContain("@redirect=");
            assertThat(Files.readString(site)).isEqualTo(before);
            assertThat(oldPrefixCode()).isEqualTo("302");
        }
    }

    private record Result(int exit, String output) {
    }

    private Result setRedirect(String want) throws Exception {
        Process bash = new ProcessBuilder("bash", "-s", "--", site.toString(), conf.toString(), "/scheduler/", "/bischeduler/", want)
                .redirectErrorStream(true).start();
        try (var stdin = bash.getOutputStream()) {
            stdin.write(RemoteScript.load("set-redirect").text().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(bash.exitValue(), output);
    }

    /** One request on a new connection, as a user's browser makes it. */
    private String oldPrefixCode() {
        return Programs.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                "http://127.0.0.1:" + port + "/scheduler/x"));
    }
}
