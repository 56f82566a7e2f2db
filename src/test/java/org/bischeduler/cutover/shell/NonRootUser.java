package org.bischeduler.cutover.shell;

import org.bischeduler.cutover.testing.Programs;

import java.util.List;

/** A local login without any sudo right, for the tests of {@code sudo -n}. */
final class NonRootUser {

    static final String NAME = "cutover-nosudo";

    private NonRootUser() {
    }

    static String ensure() {
        Programs.require("sudo (Debian package sudo)", "/usr/bin/sudo");
        // "*" as the password hash: no password login, but not "locked", which sshd would refuse.
        Programs.run(List.of("sh", "-c", "id -u " + NAME + " >/dev/null 2>&1 || useradd --create-home --shell /bin/bash " + NAME
                + "; usermod -p '*' " + NAME));
        return NAME;
    }
}
