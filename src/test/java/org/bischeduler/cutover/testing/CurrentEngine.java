package org.bischeduler.cutover.testing;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;

/**
 * The engine's REST API and the webapps find their engine in a registry the whole JVM shares. When
 * several test contexts (each its own app) live in one JVM, the last one started owns the name
 * "default"; a web test makes its own app's engine the one its HTTP requests reach.
 */
public final class CurrentEngine {

    private CurrentEngine() {
    }

    public static void use(ProcessEngine engine) {
        ProcessEngines.registerProcessEngine(engine);
    }
}
