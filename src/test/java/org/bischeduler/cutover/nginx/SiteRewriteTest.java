package org.bischeduler.cutover.nginx;

import org.bischeduler.cutover.config.TargetConfig;
import org.bischeduler.cutover.config.TestTargets;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteRewriteTest {

    private static final String SITE = """
            # school web server
            server {
                listen 80;
                location / { root /var/www/html; }

                location /scheduler/ {
                    proxy_pass http://127.0.0.1:5005/;   # the old Flask app
                    proxy_set_header Host $host;
                    if ($request_method = OPTIONS) { return 204; }
                    add_header X-Note "braces { in } quotes";
                }

                location /reports/ { proxy_pass http://127.0.0.1:6000/; }
            }
            """;

    private final TargetConfig target = TestTargets.defaults();

    @Test
    void replacesOnlyTheOldBlockAndKeepsEveryOtherByte() {
        String rewritten = SiteRewrite.apply(SITE, target, "CHG-1");

        LocationBlock old = LocationBlock.find(SITE, "/scheduler/");
        assertThat(rewritten).startsWith(SITE.substring(0, old.start()));
        assertThat(rewritten).endsWith(SITE.substring(old.end()));
        assertThat(rewritten).contains("    location /bischeduler/ {\n        proxy_pass http://127.0.0.1:5005/;")
                .contains("    location /bischeduler/api/ {").contains("proxy_read_timeout 600s;")
                .contains("proxy_read_timeout 300s;").contains("    location /bischeduler/static/ {\n        alias /opt/bischeduler/static/;")
                .contains("    location /scheduler/ {\n        rewrite ^/scheduler/(.*)$ /bischeduler/$1 redirect;\n    }")
                .doesNotContain("the old Flask app");
        assertThat(LocationBlock.contains(rewritten, "/bischeduler/")).isTrue();
    }

    @Test
    void theRedirectCanTakeTheRunbooksBareFormAndAPrefixsDotIsMatchedLiterally() {
        TargetConfig bare = TestTargets.bind(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k", "ssh.known-hosts-file", "/kh",
                "nginx.redirect-keeps-path", "false"));
        assertThat(SiteRewrite.apply(SITE, bare, "CHG-1")).contains("    location /scheduler/ {\n        return 302 /bischeduler/;\n    }");

        TargetConfig dotted = TestTargets.bind(Map.of("ssh.host", "10.0.0.12", "ssh.key-file", "/k", "ssh.known-hosts-file", "/kh",
                "nginx.old-prefix", "/sched.v1/"));
        assertThat(SiteRewrite.apply(SITE.replace("/scheduler/", "/sched.v1/"), dotted, "CHG-1"))
                .contains("rewrite ^/sched\\.v1/(.*)$ /bischeduler/$1 redirect;");
    }

    /** As certbot leaves a site: the HTTP server and the TLS server both proxy the old prefix. */
    private static final String TWO_SERVERS = """
            server {
                listen 80;
                server_name school.example;
                location /scheduler/ {
                    proxy_pass http://127.0.0.1:5005/;
                }
            }

            server {
                listen 443 ssl; # managed by Certbot
                server_name school.example;
                ssl_certificate /etc/letsencrypt/live/school.example/fullchain.pem; # managed by Certbot
                add_header Strict-Transport-Security "max-age=31536000" always;
                location /scheduler/ {
                    proxy_pass http://127.0.0.1:5005/;
                    proxy_set_header X-Forwarded-Proto https;
                }
            }
            """;

    @Test
    void everyServerBlockThatServesTheOldPrefixIsRewrittenAndKeepsItsOwnLines() {
        String rewritten = SiteRewrite.apply(TWO_SERVERS, target, "CHG-1");

        java.util.List<LocationBlock> olds = LocationBlock.findAll(TWO_SERVERS, "/scheduler/");
        assertThat(olds).hasSize(2);
        assertThat(rewritten).startsWith(TWO_SERVERS.substring(0, olds.get(0).start()))
                .endsWith(TWO_SERVERS.substring(olds.get(1).end()))
                .contains(TWO_SERVERS.substring(olds.get(0).end(), olds.get(1).start()));
        assertThat(rewritten.split("location /bischeduler/ \\{", -1)).hasSize(3);
        assertThat(rewritten.split("rewrite \\^/scheduler/", -1)).hasSize(3);
        assertThat(rewritten).contains("listen 443 ssl; # managed by Certbot").contains("Strict-Transport-Security");
    }

    @Test
    void theSwitchsFirstHalfAddsTheNewBlocksAndKeepsTheOldOneAsItWas() {
        String bridge = SiteRewrite.bridge(SITE, target, "CHG-1");

        LocationBlock old = LocationBlock.find(SITE, "/scheduler/");
        assertThat(bridge).startsWith(SITE.substring(0, old.start())).endsWith(SITE.substring(old.start()))
                .contains("    location /bischeduler/ {\n        proxy_pass http://127.0.0.1:5005/;")
                .doesNotContain("rewrite ^/scheduler/");
        assertThat(SiteRewrite.apply(SITE, target, "CHG-1")).as("the second half replaces the old block")
                .doesNotContain("the old Flask app");
    }

    @Test
    void theOldPrefixTwiceInOneServerBlockIsRefused() {
        String twice = "server {\n    location /scheduler/ { }\n    location /scheduler/ { }\n}\n";
        assertThatThrownBy(() -> SiteRewrite.apply(twice, target, "CHG-1")).hasMessageContaining("twice in one server block");
    }

    @Test
    void missingOrAlreadyRewrittenBlockIsRefused() {
        assertThatThrownBy(() -> SiteRewrite.apply("server { listen 80; }\n", target, "CHG-1"))
                .hasMessageContaining("no 'location /scheduler/' block");
        String rewritten = SiteRewrite.apply(SITE, target, "CHG-1");
        assertThatThrownBy(() -> SiteRewrite.apply(rewritten, target, "CHG-1"))
                .hasMessageContaining("already exists");
    }

    @Test
    void diffShowsTheReplacedLinesWithContext() {
        String diff = UnifiedDiff.of("a", SITE, "b", SiteRewrite.apply(SITE, target, "CHG-1"));

        assertThat(diff).startsWith("--- a\n+++ b\n@@ -3,")
                .contains("-        proxy_pass http://127.0.0.1:5005/;   # the old Flask app")
                .contains("+        rewrite ^/scheduler/(.*)$ /bischeduler/$1 redirect;")
                .contains("     location / { root /var/www/html; }");
        assertThat(UnifiedDiff.of("a", SITE, "b", SITE)).isEmpty();
    }

    @Test
    void twoChangedServerBlocksReadAsTwoChangesAndWhatLiesBetweenThemStaysUntouched() {
        String diff = UnifiedDiff.of("a", TWO_SERVERS, "b", SiteRewrite.apply(TWO_SERVERS, target, "CHG-1"));

        assertThat(diff.lines().filter(line -> line.startsWith("@@"))).hasSize(2);
        assertThat(diff.lines().filter(line -> line.startsWith("-") || line.startsWith("+")))
                .noneMatch(line -> line.contains("listen") || line.contains("server_name") || line.contains("ssl_certificate"));
        assertThat(diff).contains("-        proxy_set_header X-Forwarded-Proto https;");
    }
}
