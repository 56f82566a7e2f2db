package org.bischeduler.cutover.testing;

/** What tests share, named for JUnit's resource locks. */
public final class Locks {

    /**
     * The machine's cores: a test that measures how long something took holds them alone, the
     * end-to-end cutovers running side by side share them.
     */
    public static final String CORES = "the machine's cores";

    /**
     * The engine's clock: Camunda's {@code ClockUtil} is one static for every engine in the JVM, so a
     * test that moves it (to pass a deadline or a budget) holds it alone; the end-to-end cutovers,
     * running beside the other classes, share it and would otherwise see their timers fire.
     */
    public static final String ENGINE_CLOCK = "the engine's clock";

    private Locks() {
    }
}
