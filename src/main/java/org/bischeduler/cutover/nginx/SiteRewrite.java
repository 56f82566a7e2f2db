package org.bischeduler.cutover.nginx;

import org.bischeduler.cutover.config.TargetConfig;

import java.util.List;

/**
 * The nginx change of the runbook: the old location block gives way to the new app's blocks
 * (static files, the API with its long read timeout, the app) and a redirect from the old prefix
 * (302 while the change is open, 301 once it is closed).
 * Every byte outside the replaced block stays as it was.
 */
public final class SiteRewrite {

    private static final String BLOCKS = """
            # BiScheduler, replacing %1$s (change %8$s)
            location %2$sstatic/ {
                alias %3$s/;
                expires 7d;
            }

            location %2$sapi/ {
                proxy_pass http://127.0.0.1:%4$d/api/;
            %5$s    proxy_read_timeout %6$ds;
            %9$s}

            location %2$s {
                proxy_pass http://127.0.0.1:%4$d/;
            %5$s    proxy_read_timeout %7$ds;
            %9$s}
            %10$s""";
    /** The old prefix once the new blocks serve: a redirect to the same place under the new prefix. */
    private static final String REDIRECT = """

            location %1$s {
                %2$s
            }
            """;
    private static final String HEADERS = """
                proxy_set_header Host $host;
                proxy_set_header X-Real-IP $remote_addr;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
                proxy_connect_timeout 5s;
            """;

    /** While the app is down nginx answers a maintenance page with 503 and Retry-After, never 502. */
    private static final String MAINTENANCE_ERRORS = "    error_page 502 504 =503 @%s;\n";
    private static final String MAINTENANCE_PAGE = """

            location @%1$s {
                default_type text/html;
                add_header Retry-After %2$d always;
                add_header Cache-Control "no-store" always;
                return 503 "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>%3$s is being updated</h1><p>Planned maintenance (change %5$s): the service is back as soon as the work is done, as the new version or, if the change is called off, as it was before. This page reloads by itself.</p><script>setTimeout(function(){location.reload()},%4$d)</script></body></html>\\n";
            }
            """;

    private SiteRewrite() {
    }

    /**
     * The site file with the change applied in every server block that serves the old prefix (each
     * keeps its own listen, TLS and headers; every byte outside the replaced blocks is unchanged);
     * fails when the old block is missing or the new one already present.
     */
    public static String apply(String site, TargetConfig target, String changeReference) {
        return rewrite(site, target, changeReference, false);
    }

    /**
     * The first half of the switch: the new blocks added before each old block, which still
     * proxies as before. Once every nginx worker serves this, no request for the new prefix can
     * meet a worker that does not know it; only then does the old block become the redirect.
     */
    public static String bridge(String site, TargetConfig target, String changeReference) {
        return rewrite(site, target, changeReference, true);
    }

    private static String rewrite(String site, TargetConfig target, String changeReference, boolean keepOld) {
        TargetConfig.Nginx nginx = target.nginx();
        List<LocationBlock> olds = LocationBlock.findAll(site, nginx.oldPrefix());
        if (LocationBlock.contains(site, nginx.newPrefix())) {
            throw new NginxConfigException("a 'location " + nginx.newPrefix() + "' block already exists; the site file was changed outside this run");
        }
        String maintenance = "maintenance_" + nginx.newPrefix().replaceAll("[^A-Za-z0-9]", "");
        // a deep link keeps its place: /scheduler/horarios/5?week=2 goes to /bischeduler/horarios/5?week=2
        // (a rewrite keeps the query); the runbook's bare form sends everything to the new root. A 302
        // while the change is open (browsers keep a 301 for good, past a rollback); closing makes it a 301.
        String redirect = nginx.redirectKeepsPath()
                ? "rewrite ^" + nginx.oldPrefix().replace(".", "\\.") + "(.*)$ " + nginx.newPrefix() + "$1 redirect;"
                : "return 302 " + nginx.newPrefix() + ";";
        boolean page = nginx.maintenancePage();
        String blocks = BLOCKS.formatted(nginx.oldPrefix(), nginx.newPrefix(), stripSlash(target.newApp().staticDir()),
                target.newApp().port(), HEADERS.stripTrailing().indent(0), nginx.apiReadTimeout().toSeconds(),
                nginx.readTimeout().toSeconds(), changeReference,
                page ? MAINTENANCE_ERRORS.formatted(maintenance) : "",
                page ? MAINTENANCE_PAGE.formatted(maintenance, nginx.maintenanceRetryAfterSeconds(),
                        nginx.newPrefix().replace("/", ""), nginx.maintenanceRetryAfterSeconds() * 1000, changeReference)
                        .stripTrailing() + "\n" : "");
        StringBuilder rewritten = new StringBuilder();
        int copied = 0;
        for (LocationBlock old : olds) {
            rewritten.append(site, copied, old.start());
            blocks.lines().forEach(line -> rewritten.append(line.isEmpty() ? "" : old.indent() + line).append('\n'));
            if (keepOld) {
                rewritten.append('\n').append(site, old.start(), old.end());
            } else {
                REDIRECT.formatted(nginx.oldPrefix(), redirect).lines()
                        .forEach(line -> rewritten.append(line.isEmpty() ? "" : old.indent() + line).append('\n'));
            }
            copied = old.end();
        }
        return rewritten.append(site.substring(copied)).toString();
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
