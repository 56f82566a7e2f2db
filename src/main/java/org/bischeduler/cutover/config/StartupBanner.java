package org.bischeduler.cutover.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints where the operator finds Tasklist, Cockpit and the run records once the app is up. */
@Component
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final String adminUser;

    StartupBanner(@Value("${camunda.bpm.admin-user.id:admin}") String adminUser) {
        this.adminUser = adminUser;
    }

    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            String base = "http://localhost:" + web.getWebServer().getPort();
            LOG.info("""

                    BiScheduler cutover is up.
                      Tasklist:  {}/camunda/app/tasklist/
                      Cockpit:   {}/camunda/app/cockpit/
                      Log in as '{}' with the password from CUTOVER_ADMIN_PASSWORD.""", base, base, adminUser);
        }
    }
}
