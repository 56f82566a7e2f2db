package org.bischeduler.cutover.run;

import org.camunda.bpm.engine.ProcessEngineException;

/** A host step was reached by a run that did not pass its start, preflight or approval: nothing ran. */
public class RunNotAdmittedException extends ProcessEngineException {

    public RunNotAdmittedException(String step, String reason) {
        super(step + " refused before it reached the host: " + reason);
    }
}
