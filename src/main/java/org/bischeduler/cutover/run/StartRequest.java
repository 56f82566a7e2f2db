package org.bischeduler.cutover.run;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.values.InvalidParameterException;
import org.bischeduler.cutover.values.SafeValues;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The start form's three fields, checked: a configured target, a change reference safe for a
 * shell and a file name, an ISO date and time for the window. Both the engine guard (before the
 * start, to answer 400) and the start listener (the last word) read a start through this.
 *
 * @param windowStart normalised to an offset date-time
 */
public record StartRequest(String target, String changeReference, String windowStart) {

    /** Throws {@link InvalidParameterException} or {@code UnknownTargetException} with a message for the user. */
    public static StartRequest of(Map<String, ?> variables, CutoverProperties properties) {
        String target = SafeValues.name(ProcessVariables.TARGET, required(variables, ProcessVariables.TARGET));
        properties.target(target);
        String change = SafeValues.name(ProcessVariables.CHANGE_REFERENCE, required(variables, ProcessVariables.CHANGE_REFERENCE));
        String window = windowStart(required(variables, ProcessVariables.MAINTENANCE_WINDOW_START));
        return new StartRequest(target, change, window);
    }

    /** Accepts an ISO date-time with or without an offset (then UTC) and returns it with its offset. */
    static String windowStart(String value) {
        try {
            return OffsetDateTime.parse(value).toString();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).atZone(ZoneId.of("UTC")).toOffsetDateTime()
                        .withOffsetSameInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException e) {
                throw new InvalidParameterException(ProcessVariables.MAINTENANCE_WINDOW_START,
                        "must be an ISO date and time such as 2026-12-01T22:00:00Z, got '" + value + "'");
            }
        }
    }

    private static String required(Map<String, ?> variables, String name) {
        Object value = variables.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new InvalidParameterException(name, "is required to start a cutover");
        }
        return value.toString().strip();
    }
}
