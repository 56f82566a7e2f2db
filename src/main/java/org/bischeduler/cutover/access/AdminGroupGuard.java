package org.bischeduler.cutover.access;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Refuses to run with an empty camunda-admin group: Camunda Admin then offers anyone who reaches
 * it a form to create the first administrator.
 */
@Component
class AdminGroupGuard {

    private final IdentityService identity;

    AdminGroupGuard(IdentityService identity) {
        this.identity = identity;
    }

    @EventListener
    public void onStarted(ApplicationStartedEvent event) {
        if (identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            throw new IllegalStateException("the camunda-admin group has no member; set CUTOVER_ADMIN_USER and "
                    + "CUTOVER_ADMIN_PASSWORD so the app creates the administrator");
        }
    }
}
