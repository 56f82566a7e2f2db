package org.bischeduler.cutover.runbook.verification;

import org.bischeduler.cutover.config.TargetConfig;

/** The runbook's health check, installed on the host for cron or a monitoring agent to run. */
final class MonitorScript {

    private static final String TEMPLATE = """
            #!/bin/bash
            # Health check for %1$s on port %2$d (installed by change %3$s).
            # Exit 0 when healthy; prints one line per check.
            status=0
            check() {
              local name=$1 url=$2 code
              code=$(curl -s -o /dev/null -w '%%{http_code}' --max-time 5 "$url" || true)
              if [ "$code" = 200 ]; then echo "OK   $name $url"; else echo "FAIL $name $url -> $code"; status=1; fi
            }
            if systemctl is-active --quiet %1$s; then echo "OK   unit %1$s active"; else echo "FAIL unit %1$s not active"; status=1; fi
            check direct http://127.0.0.1:%2$d/
            check nginx %4$s%5$s
            exit $status
            """;

    private MonitorScript() {
    }

    static String render(TargetConfig target, String changeReference) {
        return TEMPLATE.formatted(target.newApp().unit(), target.newApp().port(), changeReference,
                target.nginx().baseUrl(), target.nginx().newPrefix());
    }
}
