package org.bischeduler.cutover.run;

/** A cutover was refused at its start, before anything touched a host. */
public class CutoverRefusedException extends IllegalStateException {

    public CutoverRefusedException(String message) {
        super(message);
    }
}
