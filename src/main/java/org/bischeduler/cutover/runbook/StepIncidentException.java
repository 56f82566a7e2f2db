package org.bischeduler.cutover.runbook;

/**
 * A step whose failure no BPMN path catches (an undo during compensation, the plan, the rollback
 * check) fails its job instead: the engine keeps the run where it is and shows an incident that
 * the operator retries from Cockpit once the cause is fixed.
 */
public class StepIncidentException extends RuntimeException {

    public StepIncidentException(String message) {
        super(message);
    }
}
