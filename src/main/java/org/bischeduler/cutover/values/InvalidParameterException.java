package org.bischeduler.cutover.values;

/** A value refused before it could reach a command; the message names the parameter. */
public class InvalidParameterException extends IllegalArgumentException {

    private final String parameter;

    public InvalidParameterException(String parameter, String reason) {
        super(parameter + ": " + reason);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
