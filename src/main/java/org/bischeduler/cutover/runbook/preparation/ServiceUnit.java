package org.bischeduler.cutover.runbook.preparation;

import org.bischeduler.cutover.config.TargetConfig;

/** The new app's systemd unit, as the runbook writes it. */
final class ServiceUnit {

    private static final String TEMPLATE = """
            [Unit]
            Description=BiScheduler (takes over port %1$d from the old scheduler; change %2$s)
            After=network.target mariadb.service

            [Service]
            Type=simple
            User=%3$s
            WorkingDirectory=%4$s
            Environment=FLASK_PORT=%1$d
            Environment=FLASK_DEBUG=False
            # armed before the old app stops, the unit starts the moment the port is free ($$ is systemd's literal $)
            ExecStartPre=/bin/sh -c 'while [ -n "$$(ss -Hltn "sport = :%1$d")" ]; do sleep 0.01; done'
            ExecStart=%5$s %4$s/%6$s
            Restart=always
            RestartSec=3

            [Install]
            WantedBy=multi-user.target
            """;

    private ServiceUnit() {
    }

    static String render(TargetConfig target, String changeReference) {
        TargetConfig.NewApp app = target.newApp();
        return TEMPLATE.formatted(app.port(), changeReference, app.runAs(), app.dir(), app.python(), app.entry());
    }
}
