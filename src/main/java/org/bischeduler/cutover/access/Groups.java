package org.bischeduler.cutover.access;

import java.util.List;

/** The groups the cutover knows: who runs it, who approves it, who reads its record. */
public final class Groups {

    public static final String OPS = "ops";
    public static final String MANAGERS = "managers";
    public static final String AUDITORS = "auditors";
    public static final String CAMUNDA_ADMIN = "camunda-admin";
    public static final List<String> ALL = List.of(OPS, MANAGERS, AUDITORS);

    private Groups() {
    }
}
