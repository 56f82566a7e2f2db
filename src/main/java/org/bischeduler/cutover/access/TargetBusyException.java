package org.bischeduler.cutover.access;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** A start for a target that already has a cutover in progress; answered 409. */
public class TargetBusyException extends ClientErrorException {

    public TargetBusyException(String message) {
        super(message, Response.Status.CONFLICT);
    }
}
