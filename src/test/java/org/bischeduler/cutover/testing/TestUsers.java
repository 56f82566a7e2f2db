package org.bischeduler.cutover.testing;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** Engine users for tests that log in as people: created once, in the given groups. */
public final class TestUsers {

    private TestUsers() {
    }

    public static void ensure(IdentityService identity, String id, String password, String... groups) {
        if (identity.createUserQuery().userId(id).count() > 0) {
            return;
        }
        User user = identity.newUser(id);
        user.setFirstName(id);
        user.setLastName("(test user)");
        user.setPassword(password);
        identity.saveUser(user);
        for (String group : groups) {
            identity.createMembership(id, group);
        }
    }
}
