package org.bischeduler.cutover.testing;

/** What tests share, named for JUnit's resource locks. */
public final class Locks {

    /**
     * The machine's cores: a test that measures how long something took holds them alone, the
     * end-to-end cutovers running side by side share them.
     */
    public static final String CORES = "the machine's cores";

    private Locks() {
    }
}
