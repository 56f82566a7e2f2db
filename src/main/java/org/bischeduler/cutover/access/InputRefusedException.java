package org.bischeduler.cutover.access;

import jakarta.ws.rs.BadRequestException;

/**
 * A start or a task completion refused for what it submitted, before the engine ran any of it.
 * Both engine API paths (/engine-rest and the webapps' own) answer it as 400 with this message:
 * the engine's REST resources let a JAX-RS client error through with its status, while they turn
 * every engine exception but a few into 500.
 */
public class InputRefusedException extends BadRequestException {

    public InputRefusedException(String message) {
        super(message);
    }
}
